package io.pushbench.loadgen.core;

/**
 * The two clocks the measurement core reads, injectable so that timing logic is unit-tested without sockets.
 *
 * <pre>{@code
 * NanoClock clock = NanoClock.system();
 * long t = clock.nanoTime();          // monotonic, comparable across JVMs of one Linux host (CLOCK_MONOTONIC)
 * long e = clock.epochMicros();       // wall clock, for latency against a remote server's "ts"
 * }</pre>
 */
public interface NanoClock {
    /** Monotonic time, ns (same origin as {@link System#nanoTime()} for the system clock). */
    long nanoTime();

    /** Wall-clock time, µs since the epoch. */
    long epochMicros();

    /** The JVM's clocks. */
    static NanoClock system() {
        return SystemClock.INSTANCE;
    }

    /** {@link System#nanoTime()} and {@link java.time.Instant#now()}. */
    enum SystemClock implements NanoClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMicros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        }
    }
}
