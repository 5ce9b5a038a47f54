package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.RequestTimeline;

import java.util.List;

/**
 * What one step measured: every request scheduled in its window, ended (completed or failed with a reason), and the
 * client's overhead; the input of {@code LlmMetrics}.
 *
 * @param plan            the step's plan
 * @param measured        the window's requests, by id; every one has ended
 * @param windowStartNs   the window's start on the client's clock
 * @param windowEndNs     its end
 * @param requestsSent    requests launched over the whole step (warm-up and drain included)
 * @param maxInFlight     most requests in flight at once over the step
 * @param drainedNs       how long after the window the last measured request ended (or the drain limit)
 * @param sendLagsNs      send lag of each measured request (handed to the client − scheduled), ascending
 * @param overhead        the client's cost over the window
 * @param invalidReasons  why the step's figures cannot be trusted (the client's rules); empty when valid
 * @param client          the client's description
 */
public record LlmStepRun(LlmStepPlan plan, List<RequestTimeline> measured, long windowStartNs, long windowEndNs,
                         long requestsSent, int maxInFlight, long drainedNs, long[] sendLagsNs,
                         ClientCost overhead,
                         List<String> invalidReasons, String client) {
    public boolean valid() {
        return invalidReasons.isEmpty();
    }

    /** The window's length, s. */
    public double windowSeconds() {
        return (windowEndNs - windowStartNs) / 1e9;
    }
}
