package io.pushbench.loadgen.llm;

import io.pushbench.loadgen.core.NanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * The engine's clock and its way of waiting for an instant, injectable so that arrival timing and coordinated-omission
 * behaviour are tested without sleeping: a test's pacer jumps its clock to the instant instead.
 *
 * <pre>{@code
 * Pacer p = Pacer.system();
 * p.sleepUntil(p.nanoTime() + 5_000_000);   // ~5 ms later
 * }</pre>
 */
public interface Pacer extends NanoClock {
    /** Returns at or after {@code deadlineNs} on this clock (at once when it has passed). */
    void sleepUntil(long deadlineNs) throws InterruptedException;

    /** {@link System#nanoTime()}, parking until the instant. */
    static Pacer system() {
        return new Pacer() {
            @Override
            public void sleepUntil(long deadlineNs) throws InterruptedException {
                long left;
                while ((left = deadlineNs - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long epochMicros() {
                return NanoClock.system().epochMicros();
            }
        };
    }
}
