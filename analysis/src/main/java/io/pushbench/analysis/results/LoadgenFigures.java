package io.pushbench.analysis.results;

import java.util.List;

/**
 * What the run cost the load generator (the Gatling JVM), over the steady window.
 *
 * @param availableCores  cores the load generator may use (its CPU affinity, or all cores)
 * @param cpuCores        mean process CPU, cores
 * @param cpuUtilization  {@code cpuCores / availableCores}, 0..1; above 0.85 the run is invalid
 * @param cpuNsPerMessage process CPU ns per delivered message
 * @param gcCount         collections during the steady window
 * @param gcTimeMs        collection time during the steady window, ms
 * @param heapUsedMaxBytes largest heap in use seen at an interval boundary
 * @param threads         live threads at the end
 * @param jvmArgs         the load-generator JVM's input arguments
 * @param busiestThread   name of the load generator's busiest thread over the steady window; null unknown
 * @param busiestThreadCpuCores CPU of the load generator's busiest thread over the steady window, cores (1.0 = the
 *                        thread ran all the time; above 0.90 the run is invalid); -1 unknown
 * @param pinnedCpus      the CPUs the load generator was restricted to (its affinity, e.g. by {@code taskset -c}), in
 *                        the kernel's list format; null when it could run on every online CPU
 * @param pinnedCpuUtilization utilisation of the CPUs the load generator was pinned to ({@code /proc/stat}, all
 *                        processes), 0..1, over the steady window (above 0.85 the run is invalid); -1 when not
 *                        pinned or unknown
 */
public record LoadgenFigures(int availableCores, double cpuCores, double cpuUtilization, double cpuNsPerMessage,
                             long gcCount, long gcTimeMs, long heapUsedMaxBytes, int threads, List<String> jvmArgs,
                             String busiestThread, Double busiestThreadCpuCores, String pinnedCpus,
                             Double pinnedCpuUtilization) {
    /** The load generator reported nothing (it died before writing its results). */
    public static final LoadgenFigures UNKNOWN = new LoadgenFigures(-1, -1, -1, -1, -1, -1, -1, -1, List.of());

    /**
     * The figures added within v1 are boxed only so that a file written before they existed reads them as unknown
     * (-1) rather than as 0; they are never null once constructed.
     */
    public LoadgenFigures {
        busiestThreadCpuCores = busiestThreadCpuCores == null ? -1.0 : busiestThreadCpuCores;
        pinnedCpuUtilization = pinnedCpuUtilization == null ? -1.0 : pinnedCpuUtilization;
    }

    /** The figures of the first v1 files; the later ones unknown (-1). */
    public LoadgenFigures(int availableCores, double cpuCores, double cpuUtilization, double cpuNsPerMessage,
                          long gcCount, long gcTimeMs, long heapUsedMaxBytes, int threads, List<String> jvmArgs) {
        this(availableCores, cpuCores, cpuUtilization, cpuNsPerMessage, gcCount, gcTimeMs, heapUsedMaxBytes, threads,
                jvmArgs, null, null, null, null);
    }
}
