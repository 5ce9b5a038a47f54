package io.pushbench.analysis.llm;

/**
 * How much of a step's latency was transport rather than model time: over the completed requests whose events carry
 * emit times, the sum of their transport delays divided by the sum of their latencies (a ratio of sums: the share
 * of all waiting time, so long requests weigh as much as they last). The sums are kept so that steps merge exactly.
 * Null shares when no request had emit times (a server without pushbench's extension).
 *
 * @param ttft             Σ first content event's (received − emit) / Σ TTFT, 0..1; null unknown
 * @param e2e              Σ last event's (received − emit) / Σ end-to-end, 0..1; null unknown
 * @param ttftRequests     requests the TTFT share covers
 * @param e2eRequests      requests the end-to-end share covers
 * @param ttftTransportSumUs Σ of those requests' first content event's transport delay, µs
 * @param ttftSumUs        Σ of those requests' TTFT, µs
 * @param e2eTransportSumUs Σ of those requests' last event's transport delay, µs
 * @param e2eSumUs         Σ of those requests' end-to-end latency, µs
 */
public record TransportShare(Double ttft, Double e2e, long ttftRequests, long e2eRequests, double ttftTransportSumUs,
                             double ttftSumUs, double e2eTransportSumUs, double e2eSumUs) {
    /** No emit times. */
    public static final TransportShare UNKNOWN = of(0, 0, 0, 0, 0, 0);

    /** The shares of these sums (µs); a share is null when it covers no request or its latency sum is not positive. */
    public static TransportShare of(long ttftRequests, double ttftTransportSumUs, double ttftSumUs, long e2eRequests,
                                    double e2eTransportSumUs, double e2eSumUs) {
        return new TransportShare(ratio(ttftTransportSumUs, ttftSumUs, ttftRequests),
                ratio(e2eTransportSumUs, e2eSumUs, e2eRequests), ttftRequests, e2eRequests, ttftTransportSumUs,
                ttftSumUs, e2eTransportSumUs, e2eSumUs);
    }

    /** The share of two steps' requests together (hosts of one step). */
    public TransportShare plus(TransportShare o) {
        return of(ttftRequests + o.ttftRequests, ttftTransportSumUs + o.ttftTransportSumUs, ttftSumUs + o.ttftSumUs,
                e2eRequests + o.e2eRequests, e2eTransportSumUs + o.e2eTransportSumUs, e2eSumUs + o.e2eSumUs);
    }

    private static Double ratio(double part, double whole, long n) {
        return n == 0 || whole <= 0 ? null : part / whole;
    }
}
