package io.pushbench.server;

/**
 * A monotonic nanosecond clock, injected so that timing logic (the publisher's schedule and its lag accounting)
 * is unit-tested without sleeping. Production code uses {@link #SYSTEM}.
 *
 * <pre>{@code
 * NanoClock clock = NanoClock.SYSTEM;
 * long now = clock.nanoTime();
 * }</pre>
 */
@FunctionalInterface
public interface NanoClock {
    /** {@link System#nanoTime()}: CLOCK_MONOTONIC on Linux, comparable across JVMs of one host. */
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
