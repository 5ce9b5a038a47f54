package io.pushbench.loadgen.calibrate;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a due time as the pushbench server's publisher does: park until shortly before it, spin the rest. A
 * parked thread oversleeps (about 75 µs at p50 on a shared VM); the floor must not charge that to the loopback.
 *
 * <pre>{@code
 * long due = t0 + i * intervalNanos;
 * DueTime.await(due, DueTime.spinNanos(intervalNanos));
 * }</pre>
 */
final class DueTime {
    /** Longest spin before a due time, ns (the server's publisher spins at most 250 µs too). */
    static final long MAX_SPIN_NANOS = 250_000;

    private DueTime() {
    }

    /** The spin before each due time of a schedule with this interval: 250 µs, at most a tenth of the interval. */
    static long spinNanos(long intervalNanos) {
        return Math.max(0, Math.min(MAX_SPIN_NANOS, intervalNanos / 10));
    }

    /** Returns at or just after {@code due} ({@link System#nanoTime()}), parking until {@code spin} before it. */
    static void await(long due, long spin) {
        long wait = due - System.nanoTime();
        if (wait > spin) {
            LockSupport.parkNanos(wait - spin);
        }
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }
}
