package io.pushbench.loadgen.core;

import java.time.Duration;

/**
 * Where each phase starts and ends on the monotonic clock.
 *
 * <pre>{@code
 * PhaseSchedule s = PhaseSchedule.of(clock.nanoTime(), ramp, warmup, steady, drain);
 * if (s.phaseAt(recvNanos) == Phase.STEADY) { ... }
 * }</pre>
 *
 * @param startNanos   load start ({@link NanoClock#nanoTime()})
 * @param rampNanos    ramp length
 * @param warmupNanos  warm-up length
 * @param steadyNanos  steady (measured) length
 * @param drainNanos   drain length
 */
public record PhaseSchedule(long startNanos, long rampNanos, long warmupNanos, long steadyNanos, long drainNanos) {
    public PhaseSchedule {
        if (rampNanos < 0) {
            throw new IllegalArgumentException("ramp must be >= 0, was " + rampNanos + " ns");
        }
        if (warmupNanos < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, was " + warmupNanos + " ns");
        }
        if (steadyNanos <= 0) {
            throw new IllegalArgumentException("duration must be > 0, was " + steadyNanos + " ns");
        }
        if (drainNanos < 0) {
            throw new IllegalArgumentException("drain must be >= 0, was " + drainNanos + " ns");
        }
    }

    /** A schedule from durations. */
    public static PhaseSchedule of(long startNanos, Duration ramp, Duration warmup, Duration steady, Duration drain) {
        return new PhaseSchedule(startNanos, ramp.toNanos(), warmup.toNanos(), steady.toNanos(), drain.toNanos());
    }

    /** Start of the steady window. */
    public long steadyStartNanos() {
        return startNanos + rampNanos + warmupNanos;
    }

    /** End of the steady window (start of the drain). */
    public long steadyEndNanos() {
        return steadyStartNanos() + steadyNanos;
    }

    /** End of the drain: nothing is measured afterwards. */
    public long endNanos() {
        return steadyEndNanos() + drainNanos;
    }

    /** The phase at {@code nanos} (times before the start count as ramp, after the end as drain). */
    public Phase phaseAt(long nanos) {
        long t = nanos - startNanos;
        if (t < rampNanos) {
            return Phase.RAMP;
        }
        if (t < rampNanos + warmupNanos) {
            return Phase.WARMUP;
        }
        if (t < rampNanos + warmupNanos + steadyNanos) {
            return Phase.STEADY;
        }
        return Phase.DRAIN;
    }

    /** Seconds from the load start to {@code nanos}. */
    public double secondsAt(long nanos) {
        return (nanos - startNanos) / 1e9;
    }
}
