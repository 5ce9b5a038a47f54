package io.pushbench.loadgen.core;

/** A process probe whose CPU time the test sets. */
final class FixedProcess implements ProcessProbe {
    long cpuNs;
    int cores = 2;

    @Override
    public Sample sample() {
        return new Sample(cpuNs, 0, 0, 1_000_000, 10);
    }

    @Override
    public int availableCores() {
        return cores;
    }
}
