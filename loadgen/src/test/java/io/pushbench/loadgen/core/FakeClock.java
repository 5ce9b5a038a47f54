package io.pushbench.loadgen.core;

/** A hand-driven clock for deterministic tests. */
final class FakeClock implements NanoClock {
    long nanos;
    long epochMicros = 1_700_000_000_000_000L;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long epochMicros() {
        return epochMicros;
    }

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
        epochMicros += ms * 1_000L;
    }
}
