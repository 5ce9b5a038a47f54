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
 * @param publisherLateMessagesSteady messages published late (beyond the server's threshold, 5 ms) between the first
 *                                  and the last poll in the steady window; -1 unknown
 * @param publisherLagMaxSteadyUs   largest publisher lag over the same polls, µs (3 significant digits); -1 unknown
 * @param busiestThread             name of the server's busiest thread over the same polls; null unknown
 * @param busiestThreadCpuCores     CPU of the server's busiest thread over the same polls, cores (1.0 = the thread
 *                                  ran all the time); -1 unknown
 * @param pinnedCpus                the CPU list the server was pinned to ({@code taskset -c}); null when not pinned
 * @param pinnedCpuUtilization      utilisation of the CPUs the server was pinned to ({@code /proc/stat}, all
 *                                  processes), 0..1, over the same polls; -1 when not pinned or unknown
 */
public record ServerFigures(boolean available, double cpuNsPerMessage, double cpuCores, long idleHeapBytes,
                            double heapPerConnectionBytes, long gcCount, long gcTimeMs, double publisherLagMaxUs,
                            long publisherLateMessages, long slowConsumerDisconnects, long maxQueueDepth,
                            long published, Long publisherLateMessagesSteady, Double publisherLagMaxSteadyUs,
                            String busiestThread, Double busiestThreadCpuCores, String pinnedCpus,
                            Double pinnedCpuUtilization) {
    /** The server exposed no metrics. */
    public static final ServerFigures UNAVAILABLE = new ServerFigures(false, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);

    /**
     * The figures added within v1 are boxed only so that a file written before they existed reads them as unknown
     * (-1) rather than as 0; they are never null once constructed.
     */
    public ServerFigures {
        publisherLateMessagesSteady = publisherLateMessagesSteady == null ? -1L : publisherLateMessagesSteady;
        publisherLagMaxSteadyUs = publisherLagMaxSteadyUs == null ? -1.0 : publisherLagMaxSteadyUs;
        busiestThreadCpuCores = busiestThreadCpuCores == null ? -1.0 : busiestThreadCpuCores;
        pinnedCpuUtilization = pinnedCpuUtilization == null ? -1.0 : pinnedCpuUtilization;
    }

    /** The figures of the first v1 files; the later ones unknown (-1). */
    public ServerFigures(boolean available, double cpuNsPerMessage, double cpuCores, long idleHeapBytes,
                         double heapPerConnectionBytes, long gcCount, long gcTimeMs, double publisherLagMaxUs,
                         long publisherLateMessages, long slowConsumerDisconnects, long maxQueueDepth,
                         long published) {
        this(available, cpuNsPerMessage, cpuCores, idleHeapBytes, heapPerConnectionBytes, gcCount, gcTimeMs,
                publisherLagMaxUs, publisherLateMessages, slowConsumerDisconnects, maxQueueDepth, published,
                null, null, null, null, null, null);
    }

    /** These figures with the heap measured after collections (idle live heap and heap per connection). */
    public ServerFigures withHeap(long idleLiveHeapBytes, double perConnectionBytes) {
        return new ServerFigures(available, cpuNsPerMessage, cpuCores, idleLiveHeapBytes, perConnectionBytes, gcCount,
                gcTimeMs, publisherLagMaxUs, publisherLateMessages, slowConsumerDisconnects, maxQueueDepth, published,
                publisherLateMessagesSteady, publisherLagMaxSteadyUs, busiestThread, busiestThreadCpuCores, pinnedCpus,
                pinnedCpuUtilization);
    }
}
