package io.pushbench.loadgen.compare;

import io.pushbench.loadgen.core.Durations;

import java.time.Duration;

/**
 * The durations of profiles and flags, with the setting's name in the error: {@link Durations}' one grammar
 * ({@code 45s}, {@code 1m30s}, {@code 500ms}, {@code 2m}, {@code PT45S}, a bare number of seconds).
 *
 * <pre>{@code
 * Duration d = DurationText.parse("ramp", "1m30s");   // PT1M30S
 * String s = DurationText.format(d);                    // "1m30s"
 * }</pre>
 */
public final class DurationText {
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
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be a duration like 45s, 1m30s or 500ms, was '" + text
                    + "'");
        }
    }

    /** Prints {@code d} in the short form that {@link #parse} reads back ({@code 1m30s}, {@code 500ms}, {@code 0s}). */
    public static String format(Duration d) {
        return Durations.format(d);
    }
}
