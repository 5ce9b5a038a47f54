package io.pushbench.analysis.llm;

/**
 * The measured window of a step. The load generator decides it: the requests whose <em>scheduled</em> arrival falls
 * in {@code [start, start + measuredSec)} are the step's requests (each added to the {@link LlmStepAggregator}
 * whenever it ends, during the drain included); requests scheduled during the warm-up or the drain are not. Rates
 * are those requests' counts divided by {@code measuredSec}.
 *
 * @param startedAt   ISO-8601 instant the measured window began
 * @param warmupSec   load offered before the window, not measured, s
 * @param measuredSec length of the window, s (&gt; 0)
 * @param drainSec    how long the load generator waited after the window for its requests to end, s
 */
public record StepWindow(String startedAt, double warmupSec, double measuredSec, double drainSec) {
    public StepWindow {
        if (!(measuredSec > 0) || !Double.isFinite(measuredSec)) {
            throw new IllegalArgumentException("measuredSec must be a positive number of seconds, was " + measuredSec);
        }
    }
}
