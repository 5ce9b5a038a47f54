package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The platform's hiccups, jHiccup-style: one thread reads {@link System#nanoTime()} back to back for a while; every
 * gap between two reads is time the thread was kept from running (VM steal, interrupts, other processes, the JVM's
 * own safepoints and compiler threads). Run it in its own JVM pinned like the load generator, so that it sees what
 * the readers' CPUs see:
 *
 * <pre>{@code
 * Calibration.Hiccups h = HiccupMeter.measure(Duration.ofSeconds(10), 20_000);   // in this JVM
 * // or: taskset -c 1 java -cp CP io.pushbench.loadgen.calibrate.HiccupMeter 10 20   (prints the result line)
 * }</pre>
 *
 * <p>Each gap goes into an HdrHistogram (ns) with a count equal to its own length, so the histogram is of spun
 * time, not of loop iterations: its 99th percentile is the gap length that 99% of the spun time lay in gaps no
 * longer than (what an event arriving at a random instant would wait at most, 99 times in 100). A gap longer than
 * the threshold is a stall; their total over the spun time is the time lost. The loop does not allocate.
 */
public final class HiccupMeter {
    /** Untimed spin first: the loop gets compiled (on a pinned CPU the compiler thread would show as stalls). */
    static final Duration WARMUP = Duration.ofMillis(300);
    private static final long ONE_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private HiccupMeter() {
    }

    /**
     * Spins for {@code spin} (after {@link #WARMUP}) and summarises the gaps.
     *
     * @param spin        how long to spin, > 0
     * @param thresholdNs a gap longer than this is a stall, > 0
     */
    public static Calibration.Hiccups measure(Duration spin, long thresholdNs) {
        if (spin.isNegative() || spin.isZero()) {
            throw new IllegalArgumentException("hiccup spin must be > 0, was " + spin);
        }
        if (thresholdNs <= 0) {
            throw new IllegalArgumentException("stall threshold must be > 0 ns, was " + thresholdNs);
        }
        spin(WARMUP.toNanos(), thresholdNs);
        return spin(spin.toNanos(), thresholdNs);
    }

    private static Calibration.Hiccups spin(long spinNanos, long thresholdNs) {
        Histogram time = new Histogram(1, TimeUnit.HOURS.toNanos(1), 3);
        long stalls = 0;
        long over1ms = 0;
        long lostNs = 0;
        long start = System.nanoTime();
        long end = start + spinNanos;
        long prev = start;
        long now;
        do {
            now = System.nanoTime();
            long gap = now - prev;
            prev = now;
            if (gap > 0) {
                time.recordValueWithCount(gap, gap);
                if (gap > thresholdNs) {
                    stalls++;
                    lostNs += gap;
                    if (gap > ONE_MS) {
                        over1ms++;
                    }
                }
            }
        } while (now < end);
        double spun = now - start;
        return new Calibration.Hiccups(round3(spun / 1e9), thresholdNs / 1000.0, stalls, over1ms,
                time.getMaxValue() / 1000.0, time.getValueAtPercentile(99) / 1000.0,
                time.getValueAtPercentile(99.9) / 1000.0, round3(lostNs / spun * 100));
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** {@code HiccupMeter SECONDS THRESHOLD_US}: measures and prints the result line. */
    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: HiccupMeter SECONDS THRESHOLD_US");
        }
        ChildRun.emit(measure(Duration.ofMillis(Math.round(Double.parseDouble(args[0]) * 1000)),
                Math.round(Double.parseDouble(args[1]) * 1000)));
    }
}
