package io.pushbench.loadgen.core;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the load generator's own process: CPU time, GC and heap, per-thread CPU, and when it is pinned to some
 * CPUs, the machine's per-CPU counters. Injectable so that the validity rules are tested with synthetic figures.
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

    /** CPU time so far of each live thread; empty when the JVM cannot measure thread CPU (the default). */
    default List<ThreadCpu> threadCpu() {
        return List.of();
    }

    /** The CPUs this process is restricted to when that is fewer than the online CPUs (pinned); null otherwise. */
    default CpuSet pinnedCpus() {
        return null;
    }

    /** The machine's per-CPU counters now; null when unknown (the default). */
    default ProcStat procStat() {
        return null;
    }

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

            private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            private final CpuSet pinned = affinity();

            @Override
            public List<ThreadCpu> threadCpu() {
                List<ThreadCpu> out = new ArrayList<>();
                if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
                    return out;
                }
                long[] ids = threads.getAllThreadIds();
                ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
                for (int i = 0; i < ids.length; i++) {
                    long cpu = threads.getThreadCpuTime(ids[i]);
                    if (cpu >= 0 && infos[i] != null) {   // else the thread ended in between
                        out.add(new ThreadCpu(ids[i], infos[i].getThreadName(), cpu));
                    }
                }
                return out;
            }

            @Override
            public CpuSet pinnedCpus() {
                return pinned;
            }

            @Override
            public ProcStat procStat() {
                return pinned == null ? null : ProcStat.readOrNull();
            }
        };
    }

    /**
     * This process's CPU affinity ({@code Cpus_allowed_list} of {@code /proc/self/status}) when it is narrower than
     * the online CPUs, else null (also off Linux). Read once: pinning is set before the JVM starts.
     */
    static CpuSet affinity() {
        try {
            String allowed = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    allowed = line.substring("Cpus_allowed_list:".length()).trim();
                }
            }
            if (allowed == null) {
                return null;
            }
            CpuSet mine = CpuSet.parse(allowed);
            CpuSet online = CpuSet.parse(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
            return mine.isStrictSubsetOf(online) ? mine : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
