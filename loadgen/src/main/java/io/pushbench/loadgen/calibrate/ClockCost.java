package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.loadgen.core.NanoClock;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The cost of one clock read as the measurement core makes it ({@link NanoClock#system()}): {@code nanoTime()} (the
 * same-host latency basis) and {@code epochMicros()} (the cross-host one), in a JIT-warmed loop, in this JVM.
 *
 * <pre>{@code
 * Calibration.Clock c = ClockCost.measure();   // c.nanoTimeNs() ~ 20 ns on a KVM guest (vDSO clock_gettime)
 * }</pre>
 *
 * <p>Each figure is the median of {@value #ROUNDS} timed rounds of {@value #CALLS} calls, after
 * {@value #WARMUP_ROUNDS} untimed rounds that get the loop compiled: the median, because a round on a shared
 * machine can be preempted.
 */
public final class ClockCost {
    static final int CALLS = 1_000_000;
    static final int ROUNDS = 7;
    static final int WARMUP_ROUNDS = 5;
    // Written with every round's sum, so that the JIT cannot drop the reads.
    private static volatile long sink;

    private ClockCost() {
    }

    /** Measures both clocks of {@link NanoClock#system()}. */
    public static Calibration.Clock measure() {
        NanoClock clock = NanoClock.system();
        return new Calibration.Clock(round1(nsPerCall(clock::nanoTime)), round1(nsPerCall(clock::epochMicros)));
    }

    /** ns per call of {@code read}: the median round. */
    static double nsPerCall(LongSupplier read) {
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            round(read);
        }
        double[] rounds = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            rounds[i] = round(read);
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }

    private static double round(LongSupplier read) {
        long sum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            sum += read.getAsLong();
        }
        long elapsed = System.nanoTime() - start;
        sink = sum;
        return (double) elapsed / CALLS;
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
