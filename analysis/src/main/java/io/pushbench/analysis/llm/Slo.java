package io.pushbench.analysis.llm;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Service-level objectives for goodput (DistServe's definition, as vLLM's {@code --goodput} uses it): a request
 * counts toward goodput only when it completed and met <em>every</em> objective given; a null objective is
 * unconstrained. Flags {@code --slo-ttft}, {@code --slo-tpot}, {@code --slo-itl}, {@code --slo-e2e}, in ms.
 *
 * <pre>{@code
 * Slo slo = new Slo(500.0, 50.0, null, null);          // TTFT ≤ 500 ms and TPOT ≤ 50 ms
 * Slo.Outcome o = slo.judge(LlmMetrics.of(timeline));  // MET, MISSED or UNKNOWN
 * }</pre>
 *
 * <p>How each objective is read from a request ({@link LlmMetrics}):
 * <ul>
 *   <li>TTFT: {@link LlmMetrics#ttftNs()} ≤ limit (a completed request without any content misses it);</li>
 *   <li>TPOT: {@link LlmMetrics#tpotNs()} ≤ limit; met by a request of fewer than 2 tokens (no time between
 *       tokens, as vLLM); {@link Outcome#UNKNOWN} when the token count is unknown;</li>
 *   <li>ITL: every gap between successive content events ≤ limit (the stream never stalled longer, as a user
 *       watching the text would see it); met with fewer than 2 content events;</li>
 *   <li>E2E: {@link LlmMetrics#e2eNs()} ≤ limit.</li>
 * </ul>
 * Measured from the scheduled arrival, as every latency. A failed or unfinished request never meets the objectives.
 *
 * @param ttftMs limit on time to first token, ms; null = unconstrained
 * @param tpotMs limit on time per output token, ms; null = unconstrained
 * @param itlMs  limit on every inter-chunk gap, ms; null = unconstrained
 * @param e2eMs  limit on end-to-end latency, ms; null = unconstrained
 */
public record Slo(Double ttftMs, Double tpotMs, Double itlMs, Double e2eMs) {
    /** No objective: goodput is not computed. */
    public static final Slo NONE = new Slo(null, null, null, null);

    public Slo {
        positive("ttftMs", ttftMs);
        positive("tpotMs", tpotMs);
        positive("itlMs", itlMs);
        positive("e2eMs", e2eMs);
    }

    /** Whether a request meets the objectives. */
    public enum Outcome {
        MET, MISSED,
        /** An objective cannot be evaluated (TPOT without a token count): not counted as met. */
        UNKNOWN
    }

    /** Whether no objective is given (then goodput is null: it would equal the completed rate). */
    @JsonIgnore
    public boolean isEmpty() {
        return ttftMs == null && tpotMs == null && itlMs == null && e2eMs == null;
    }

    /** How {@code m} fares against every objective given; {@link Outcome#MISSED} as soon as one is missed. */
    public Outcome judge(LlmMetrics m) {
        if (!m.completed()) {
            return Outcome.MISSED;
        }
        if (ttftMs != null && (m.ttftNs().isEmpty() || m.ttftNs().getAsLong() > ns(ttftMs))) {
            return Outcome.MISSED;
        }
        if (e2eMs != null && m.e2eNs().getAsLong() > ns(e2eMs)) {
            return Outcome.MISSED;
        }
        if (itlMs != null && m.maxItlGapNs().isPresent() && m.maxItlGapNs().getAsLong() > ns(itlMs)) {
            return Outcome.MISSED;
        }
        if (tpotMs != null) {
            if (m.tpotNs().isPresent()) {
                return m.tpotNs().getAsLong() > ns(tpotMs) ? Outcome.MISSED : Outcome.MET;
            }
            if (m.outputTokens() < 0) {
                return Outcome.UNKNOWN;
            }
        }
        return Outcome.MET;
    }

    private static long ns(double ms) {
        return Math.round(ms * 1_000_000.0);
    }

    private static void positive(String name, Double v) {
        if (v != null && !(v > 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(name + " must be a positive number of ms or null, was " + v);
        }
    }
}
