package io.pushbench.loadgen.core;

import java.util.List;

/** A process probe whose CPU times (process, one thread), pinning and /proc/stat the test sets. */
final class FixedProcess implements ProcessProbe {
    long cpuNs;
    long threadCpuNs;
    int cores = 2;
    CpuSet pinned;
    String procStat;

    @Override
    public Sample sample() {
        return new Sample(cpuNs, 0, 0, 1_000_000, 10);
    }

    @Override
    public int availableCores() {
        return cores;
    }

    @Override
    public List<ThreadCpu> threadCpu() {
        return List.of(new ThreadCpu(1, "loop-1", threadCpuNs));
    }

    @Override
    public CpuSet pinnedCpus() {
        return pinned;
    }

    @Override
    public ProcStat procStat() {
        return procStat == null ? null : ProcStat.parse(procStat);
    }
}
