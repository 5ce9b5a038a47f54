package io.pushbench.loadgen.llm;

import io.pushbench.loadgen.core.CpuSaturation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load generator's own cost over a step's measured window, reported beside the latencies so that a reader can
 * tell the client's share, and the validity rules that say when the client, not the server or the transport, set
 * the figures (docs/llm.md, "Client overhead and validity"). The runner turns it into the results' own
 * {@link io.pushbench.analysis.llm.ClientOverhead} (CPU per event, utilisation, the send-lag histogram).
 *
 * <pre>{@code
 * List<String> reasons = overhead.invalidReasons(CpuSaturation.defaults());   // empty: the client kept up
 * }</pre>
 *
 * @param cpuCores          the client process's CPU over the window, cores (-1 unknown)
 * @param availableCores    cores it may use
 * @param events            events it received over the window (all requests)
 * @param cpuNsPerEvent     its CPU per event received, ns (-1 unknown)
 * @param busiestThread     its busiest thread over the window (null unknown)
 * @param busiestThreadCores that thread's CPU, cores (-1 unknown)
 * @param pinnedCpus        the CPUs it is pinned to, null when not pinned
 * @param pinnedUtilization those CPUs' utilisation over the window, 0..1 (-1 unknown or not pinned)
 * @param sendLagCount      measured requests whose send lag was measured (all that were launched)
 * @param sendLagP50Us      send lag median, µs (-1 when none): the time from a request's scheduled instant to the
 *                          moment the engine handed it to its client, before any wait for a connection (that wait
 *                          is the transport's and is in the latency figures, as sent − scheduled)
 * @param sendLagP99Us      its 99th percentile, µs
 * @param sendLagMaxUs      its maximum, µs
 */
public record ClientCost(double cpuCores, int availableCores, long events, double cpuNsPerEvent,
                             String busiestThread, double busiestThreadCores, String pinnedCpus,
                             double pinnedUtilization, long sendLagCount, double sendLagP50Us, double sendLagP99Us,
                             double sendLagMaxUs) {
    /**
     * Largest p99 send lag of a valid step: 10 ms. Send lag is the time between a request's scheduled instant and
     * the engine handing it to its client: only the client's own pacing and CPU contribute, so more than this means
     * the client, not the system measured, delayed requests.
     */
    public static final double MAX_SEND_LAG_P99_US = 10_000;

    /** Why the step is invalid because of the client; empty when the client kept up. */
    public List<String> invalidReasons(CpuSaturation limits) {
        List<String> reasons = new ArrayList<>();
        if (cpuCores < 0) {
            reasons.add("load generator CPU unknown over the window: client saturation cannot be judged");
        } else if (availableCores > 0 && cpuCores / availableCores > limits.maxCpuShare()) {
            reasons.add(String.format(Locale.ROOT, "load generator saturated: it used %.0f%% of its %d cores over"
                    + " the window (limit %.0f%%)", cpuCores / availableCores * 100, availableCores,
                    limits.maxCpuShare() * 100));
        }
        if (busiestThread != null) {
            reasons.addAll(limits.busiestThread("load generator", busiestThread, busiestThreadCores));
        }
        reasons.addAll(limits.pinnedCpus("load generator", pinnedCpus, pinnedUtilization));
        if (sendLagCount > 0 && sendLagP99Us > MAX_SEND_LAG_P99_US) {
            reasons.add(String.format(Locale.ROOT, "load generator late: p99 send lag %.1f ms (limit %.0f ms):"
                    + " requests were handed to the client later than scheduled", sendLagP99Us / 1000,
                    MAX_SEND_LAG_P99_US / 1000));
        }
        return reasons;
    }

    /** Percentile {@code q} (0..1) of sorted values, nearest rank; -1 when empty. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
