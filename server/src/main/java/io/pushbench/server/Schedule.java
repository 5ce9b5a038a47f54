package io.pushbench.server;

import java.util.SplittableRandom;

/**
 * When each message of the feed is due, as an offset in nanoseconds from the publisher's start {@code t0}.
 * Called once per message, in sequence order, by the single publisher thread.
 *
 * <pre>{@code
 * Schedule s = Schedule.fixedRate(100);        // offsets 0, 10 ms, 20 ms, ...: message i due at t0 + i/rate
 * Schedule p = Schedule.poisson(100, 42L);     // exponential gaps with mean 10 ms, reproducible from the seed
 * long first = s.nextOffsetNanos();            // 0: message seq=1 is due at t0
 * }</pre>
 *
 * <p>The fixed-rate offset is computed from the index, never by adding intervals, so it does not drift.
 */
public interface Schedule {

    /** The offset from {@code t0} of the next message (seq 1 first); non-decreasing. */
    long nextOffsetNanos();

    /** Message i (0-based, i = seq - 1) is due at {@code t0 + i / rate}. */
    static Schedule fixedRate(double rate) {
        checkRate(rate);
        return new Schedule() {
            private long index;

            @Override
            public long nextOffsetNanos() {
                // one rounding per message from the index: no accumulated error
                return Math.round(index++ * 1e9 / rate);
            }
        };
    }

    /**
     * Poisson arrivals at mean {@code rate}: exponentially distributed gaps drawn from a {@link SplittableRandom}
     * seeded with {@code seed}, so two publishers with one seed publish on the same instants. The first message
     * is due at {@code t0}.
     */
    static Schedule poisson(double rate, long seed) {
        checkRate(rate);
        SplittableRandom random = new SplittableRandom(seed);
        double meanNanos = 1e9 / rate;
        return new Schedule() {
            private double offset;
            private boolean first = true;

            @Override
            public long nextOffsetNanos() {
                if (first) {
                    first = false;
                    return 0;
                }
                // 1 - u is in (0, 1], so the logarithm is finite
                offset += -Math.log(1.0 - random.nextDouble()) * meanNanos;
                return (long) offset;
            }
        };
    }

    private static void checkRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be > 0, was " + rate);
        }
    }
}
