package io.pushbench.analysis.llm;

/**
 * A step's rates: its requests' counts ({@link LlmCounts}) divided by the measured window ({@link
 * StepWindow#measuredSec()}).
 *
 * @param offeredPerSec       requests scheduled per second (the offered load actually generated)
 * @param completedPerSec     completed requests per second
 * @param outputTokensPerSec  output tokens of completed requests per second; null when any completed request's
 *                            token count is unknown (never estimated from chunks)
 * @param contentChunksPerSec content events of completed requests per second (always known)
 * @param goodputPerSec       completed requests per second that met every SLO ({@link Slo}); null when no SLO was
 *                            given (it would equal {@code completedPerSec})
 */
public record LlmRates(double offeredPerSec, double completedPerSec, Double outputTokensPerSec,
                       double contentChunksPerSec, Double goodputPerSec) {
}
