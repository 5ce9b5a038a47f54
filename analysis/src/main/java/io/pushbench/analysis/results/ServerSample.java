package io.pushbench.analysis.results;

/**
 * One poll of the server's {@code GET /metrics} (one element of {@code RunResult.serverTimeline}). Fields the
 * server did not report are -1.
 *
 * @param t                  seconds from the load start
 * @param connections        the server's total open feed connections
 * @param published          messages published so far
 * @param lastSeq            newest published seq
 * @param deliveries         messages written to subscribers so far, all transports
 * @param cpuTimeNs          server process CPU time so far, ns
 * @param heapUsedBytes      server heap in use
 * @param gcCount            collections so far
 * @param gcTimeMs           collection time so far, ms
 * @param publisherLagUs     current publisher lag (actual minus scheduled publish time), µs
 * @param maxQueueDepth      deepest per-connection send queue
 * @param slowConsumerDisconnects subscribers disconnected for not keeping up, so far
 * @param bytes              bytes the server wrote to subscribers so far (transport framing included, all
 *                           transports: the {@code bytes} counters of {@code /metrics}); -1 unknown (a file written
 *                           before the field existed, or a server without the counter)
 */
public record ServerSample(double t, long connections, long published, long lastSeq, long deliveries,
                           long cpuTimeNs, long heapUsedBytes, long gcCount, long gcTimeMs, double publisherLagUs,
                           long maxQueueDepth, long slowConsumerDisconnects, Long bytes) {
    /** Boxed only so that a file written before the field existed reads it as unknown (-1), never as 0. */
    public ServerSample {
        bytes = bytes == null ? -1L : bytes;
    }

    /** A poll without the bytes counter (unknown, -1). */
    public ServerSample(double t, long connections, long published, long lastSeq, long deliveries, long cpuTimeNs,
                        long heapUsedBytes, long gcCount, long gcTimeMs, double publisherLagUs, long maxQueueDepth,
                        long slowConsumerDisconnects) {
        this(t, connections, published, lastSeq, deliveries, cpuTimeNs, heapUsedBytes, gcCount, gcTimeMs,
                publisherLagUs, maxQueueDepth, slowConsumerDisconnects, null);
    }
}
