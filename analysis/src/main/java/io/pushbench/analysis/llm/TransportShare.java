package io.pushbench.analysis.llm;

/**
 * How much of a step's latency was transport rather than model time: over the completed requests whose events carry
 * emit times, the sum of their transport delays divided by the sum of their latencies (a ratio of sums: the share
 * of all waiting time, so long requests weigh as much as they last). Null when no request had emit times (a server
 * without pushbench's extension).
 *
 * @param ttft         Σ first content event's (received − emit) / Σ TTFT, 0..1
 * @param e2e          Σ last event's (received − emit) / Σ end-to-end, 0..1
 * @param ttftRequests requests the TTFT share covers
 * @param e2eRequests  requests the end-to-end share covers
 */
public record TransportShare(Double ttft, Double e2e, long ttftRequests, long e2eRequests) {
    /** No emit times. */
    public static final TransportShare UNKNOWN = new TransportShare(null, null, 0, 0);
}
