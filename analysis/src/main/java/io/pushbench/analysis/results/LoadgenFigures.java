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
 */
public record LoadgenFigures(int availableCores, double cpuCores, double cpuUtilization, double cpuNsPerMessage,
                             long gcCount, long gcTimeMs, long heapUsedMaxBytes, int threads, List<String> jvmArgs) {
    /** The load generator reported nothing (it died before writing its results). */
    public static final LoadgenFigures UNKNOWN = new LoadgenFigures(-1, -1, -1, -1, -1, -1, -1, -1, List.of());
}
