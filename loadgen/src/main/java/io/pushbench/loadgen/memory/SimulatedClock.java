package io.pushbench.loadgen.memory;

import io.pushbench.loadgen.core.NanoClock;

/**
 * A clock that only the {@link InMemoryDriver} moves: a run of minutes is simulated in milliseconds, and every figure
 * it yields is exact. Epoch time moves with it, from a fixed origin.
 */
public final class SimulatedClock implements NanoClock {
    private static final long EPOCH_ORIGIN_MICROS = 1_700_000_000_000_000L;
    private volatile long nanos;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long epochMicros() {
        return EPOCH_ORIGIN_MICROS + nanos / 1_000;
    }

    /** Moves to {@code t} (never backwards). */
    void advanceTo(long t) {
        if (t > nanos) {
            nanos = t;
        }
    }
}
