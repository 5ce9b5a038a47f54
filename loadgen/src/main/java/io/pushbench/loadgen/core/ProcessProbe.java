package io.pushbench.loadgen.core;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Samples the load generator's own process: CPU time, GC and heap. Injectable so that the validity rules are tested
 * with synthetic figures.
 *
 * <pre>{@code
 * ProcessProbe.Sample s = ProcessProbe.system().sample();
 * }</pre>
 */
public interface ProcessProbe {
    /** One sample. */
    Sample sample();

    /** Cores this process may use (CPU affinity and container limits included). */
    int availableCores();

    /**
     * @param cpuTimeNs     process CPU time so far (all threads), ns; -1 when unknown
     * @param gcCount       collections so far
     * @param gcTimeMs      collection time so far, ms
     * @param heapUsedBytes heap in use
     * @param threads       live threads
     */
    record Sample(long cpuTimeNs, long gcCount, long gcTimeMs, long heapUsedBytes, int threads) {
    }

    /** This JVM, via the platform MXBeans. */
    static ProcessProbe system() {
        return new ProcessProbe() {
            private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

            @Override
            public Sample sample() {
                long cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
                if (cpu < 0) {
                    // not a HotSpot-style MXBean: the OS's view through ProcessHandle (coarser on some platforms)
                    cpu = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos)
                            .orElse(-1L);
                }
                long count = 0;
                long time = 0;
                for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                    count += Math.max(0, gc.getCollectionCount());
                    time += Math.max(0, gc.getCollectionTime());
                }
                return new Sample(cpu, count, time, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                        ManagementFactory.getThreadMXBean().getThreadCount());
            }

            @Override
            public int availableCores() {
                return Runtime.getRuntime().availableProcessors();
            }
        };
    }
}
