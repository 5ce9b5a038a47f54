package io.pushbench.analysis.results;

/**
 * What the run cost the server, derived from its {@code /metrics} samples over the steady window. All figures
 * are -1 when the server did not expose them ({@code available == false}: a third-party server without
 * {@code /metrics}).
 *
 * @param available                 whether {@code /metrics} answered
 * @param cpuNsPerMessage           server CPU ns per delivered message (steady window)
 * @param cpuCores                  mean server CPU over the steady window, cores
 * @param idleHeapBytes             live heap before the first connection (after {@code POST /admin/gc} when the
 *                                  server has it, else heap in use)
 * @param heapPerConnectionBytes    (live heap during the warm-up - idle live heap) / connections, both read after
 *                                  {@code POST /admin/gc}; without that endpoint, heap in use at the steady start
 *                                  minus the idle heap (includes garbage; -1 when a collection made it negative)
 * @param gcCount                   collections during the steady window
 * @param gcTimeMs                  collection time during the steady window, ms
 * @param publisherLagMaxUs         largest publisher lag the server reported during the run, µs
 * @param publisherLateMessages     messages the publisher sent late (as reported by the server)
 * @param slowConsumerDisconnects   subscribers disconnected for not keeping up
 * @param maxQueueDepth             deepest per-connection send queue seen
 * @param published                 messages published during the run
 */
public record ServerFigures(boolean available, double cpuNsPerMessage, double cpuCores, long idleHeapBytes,
                            double heapPerConnectionBytes, long gcCount, long gcTimeMs, double publisherLagMaxUs,
                            long publisherLateMessages, long slowConsumerDisconnects, long maxQueueDepth,
                            long published) {
    /** The server exposed no metrics. */
    public static final ServerFigures UNAVAILABLE = new ServerFigures(false, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);

    /** These figures with the heap measured after collections (idle live heap and heap per connection). */
    public ServerFigures withHeap(long idleLiveHeapBytes, double perConnectionBytes) {
        return new ServerFigures(available, cpuNsPerMessage, cpuCores, idleLiveHeapBytes, perConnectionBytes, gcCount,
                gcTimeMs, publisherLagMaxUs, publisherLateMessages, slowConsumerDisconnects, maxQueueDepth, published);
    }
}
