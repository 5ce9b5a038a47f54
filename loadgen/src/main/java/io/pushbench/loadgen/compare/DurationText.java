package io.pushbench.loadgen.compare;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the durations used in profiles and flags: {@code 45s}, {@code 1m30s}, {@code 500ms},
 * {@code 2m}, an ISO-8601 {@code PT45S}, or a bare number of seconds ({@code 45}).
 *
 * <pre>{@code
 * Duration d = DurationText.parse("ramp", "1m30s");   // PT1M30S
 * String s = DurationText.format(d);                    // "1m30s"
 * }</pre>
 */
public final class DurationText {
    private static final Pattern COMPOUND = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+)ms)?");

    private DurationText() {
    }

    /**
     * Parses {@code text} for the setting {@code what}.
     *
     * @throws IllegalArgumentException with a one-line message naming the setting when the text is not a duration
     */
    public static Duration parse(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " must be a duration like 45s, 1m30s or 500ms, was empty");
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            if (t.matches("\\d+(\\.\\d+)?")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            Matcher m = COMPOUND.matcher(t);
            if (m.matches() && (m.group(1) != null || m.group(2) != null || m.group(3) != null || m.group(4) != null)) {
                Duration d = Duration.ZERO;
                if (m.group(1) != null) {
                    d = d.plusHours(Long.parseLong(m.group(1)));
                }
                if (m.group(2) != null) {
                    d = d.plusMinutes(Long.parseLong(m.group(2)));
                }
                if (m.group(3) != null) {
                    d = d.plusMillis(Math.round(Double.parseDouble(m.group(3)) * 1000));
                }
                if (m.group(4) != null) {
                    d = d.plusMillis(Long.parseLong(m.group(4)));
                }
                return d;
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // fall through to the one-line error below
        }
        throw new IllegalArgumentException(what + " must be a duration like 45s, 1m30s or 500ms, was '" + text + "'");
    }

    /** Prints {@code d} in the short form that {@link #parse} reads back ({@code 1m30s}, {@code 500ms}, {@code 0s}). */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        return sb.toString();
    }
}
