package io.pushbench.loadgen.llm;

import java.time.Duration;

/**
 * The timing of one step: a warm-up whose requests are sent but not measured, then the measured window; the
 * requests <em>scheduled</em> inside the window are the measured ones, and the step waits for them to end, at most
 * {@code drainLimit} after the window, while the load continues unmeasured (so the last measured requests see the
 * same load as the first). Anything still in flight at the limit fails {@code TIMEOUT}.
 *
 * <pre>{@code
 * LlmStepPlan p = new LlmStepPlan(load, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30),
 *         Duration.ofSeconds(30));
 * }</pre>
 *
 * @param load        open or closed loop
 * @param warmup      before the window
 * @param window      the measured window
 * @param drainLimit  longest wait after the window for the measured requests to end
 * @param idleTimeout a request with no event (nor send, nor resume) for this long fails {@code TIMEOUT}
 */
public record LlmStepPlan(LlmLoad load, Duration warmup, Duration window, Duration drainLimit,
                          Duration idleTimeout) {
    public LlmStepPlan {
        java.util.Objects.requireNonNull(load, "load");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must be >= 0, was " + warmup);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("measured window must be > 0, was " + window);
        }
        if (drainLimit.isNegative()) {
            throw new IllegalArgumentException("drain limit must be >= 0, was " + drainLimit);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be > 0, was " + idleTimeout);
        }
    }
}
