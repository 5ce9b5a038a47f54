package io.pushbench.analysis.results;

/**
 * Reconnections after the initial connect of each virtual user.
 *
 * @param count          reconnections that delivered a message again
 * @param failedAttempts connect attempts that failed (refused, non-2xx/101, crashed before the first message)
 * @param outageUs       per reconnection: last message received before the drop to first message after it, µs
 */
public record Reconnects(long count, long failedAttempts, Percentiles outageUs) {
    /** No reconnections. */
    public static final Reconnects NONE = new Reconnects(0, 0, Percentiles.EMPTY);
}
