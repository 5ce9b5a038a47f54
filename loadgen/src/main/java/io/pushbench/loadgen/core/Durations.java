package io.pushbench.loadgen.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as people type them: {@code "500ms"}, {@code "30s"}, {@code "2m"}, {@code "1h"}, {@code "1.5s"},
 * a bare number of seconds, or ISO-8601 ({@code "PT30S"}).
 *
 * <pre>{@code
 * Duration d = Durations.parse("2m");   // PT2M
 * }</pre>
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

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
                throw new IllegalArgumentException("bad duration '" + text + "' (use e.g. 500ms, 30s, 2m)");
            }
        }
        Matcher m = SIMPLE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text + "' (use e.g. 500ms, 30s, 2m)");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos = switch (unit) {
            case "ms" -> v * 1e6;
            case "s" -> v * 1e9;
            case "m" -> v * 60e9;
            case "h" -> v * 3600e9;
            default -> throw new IllegalArgumentException("bad duration unit in '" + text + "'");
        };
        if (nanos > 1e9 * 86_400 * 366) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** Compact form for humans: 500ms, 30s, 2m30s. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 1000 != 0) {
            return (ms / 1000.0) + "s";
        }
        long s = ms / 1000;
        if (s < 60 || s % 60 != 0) {
            return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
        }
        return (s / 60) + "m";
    }
}
