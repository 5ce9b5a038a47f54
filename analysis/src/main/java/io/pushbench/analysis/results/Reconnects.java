package io.pushbench.analysis.results;

/**
 * Reconnections after the initial connect of each virtual user.
 *
 * @param count          reconnections that delivered a message again
 * @param failedAttempts connect attempts that failed (refused, non-2xx/101, crashed before the first message)
 * @param outageUs       per reconnection: last message received before the drop to first message after it, µs
 * @param recovery       how subscribers came back after the run's injected faults; null (and absent from the JSON)
 *                       for a run without faults
 */
public record Reconnects(long count, long failedAttempts, Percentiles outageUs,
                         @com.fasterxml.jackson.annotation.JsonInclude(
                                 com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Recovery recovery) {
    /** No reconnections. */
    public static final Reconnects NONE = new Reconnects(0, 0, Percentiles.EMPTY);

    public Reconnects(long count, long failedAttempts, Percentiles outageUs) {
        this(count, failedAttempts, outageUs, null);
    }

    /** These reconnections with {@code r} as their recovery after faults. */
    public Reconnects withRecovery(Recovery r) {
        return new Reconnects(count, failedAttempts, outageUs, r);
    }
}
