package io.pushbench.loadgen.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of flags, profiles and system properties: {@code "500ms"}, {@code "30s"}, {@code "2m"},
 * {@code "1h"}, {@code "1.5s"}, compounds in descending units ({@code "1m30s"}, {@code "1h2m"}), a bare number of
 * seconds, or ISO-8601 ({@code "PT30S"}).
 *
 * <pre>{@code
 * Duration d = Durations.parse("1m30s");   // PT1M30S
 * }</pre>
 */
public final class Durations {
    private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern BARE = Pattern.compile(NUMBER);
    private static final Pattern COMPOUND = Pattern.compile("(?:" + NUMBER + "\\s*h)?\\s*(?:" + NUMBER
            + "\\s*m(?!s))?\\s*(?:" + NUMBER + "\\s*s)?\\s*(?:" + NUMBER + "\\s*ms)?");
    private static final double[] UNIT_NANOS = {3600e9, 60e9, 1e9, 1e6};

    private Durations() {
    }

    /** @throws IllegalArgumentException with a one-line message when {@code text} is not a duration */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration is empty (use e.g. 500ms, 30s, 2m)");
        }
        String s = text.strip();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw bad(text);
            }
        }
        double nanos = 0;
        Matcher bare = BARE.matcher(s);
        if (bare.matches()) {
            nanos = Double.parseDouble(s) * 1e9;
        } else {
            Matcher m = COMPOUND.matcher(s.toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) {
                throw bad(text);
            }
            boolean any = false;
            for (int g = 1; g <= 4; g++) {
                if (m.group(g) != null) {
                    nanos += Double.parseDouble(m.group(g)) * UNIT_NANOS[g - 1];
                    any = true;
                }
            }
            if (!any) {
                throw bad(text);
            }
        }
        if (nanos > 1e9 * 86_400 * 366) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("bad duration '" + text + "' (use e.g. 500ms, 30s, 2m)");
    }

    /** The short form {@link #parse} reads back: {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int sec = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (sec > 0) {
            sb.append(sec).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        return sb.toString();
    }
}
