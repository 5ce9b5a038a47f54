package io.pushbench.server.llm;

import io.pushbench.server.NanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that runs the {@link SimulatedModel}: it processes every step due, then parks until the next
 * step's instant (or until a submit wakes it). One thread rather than Jetty's {@code Scheduler} or a task per
 * event: the model is one ordered simulation (the batch's size at each step depends on every earlier step), a
 * single thread keeps that order without locking per event, and, like the feed's publisher, it only queues events
 * to the connections (the shared Jetty pool writes them), so it never waits on a socket. Its lateness is not
 * hidden: events carry their scheduled instants, so a late thread shows as transport time on the client.
 */
final class ModelThread implements AutoCloseable {
    /** Spin instead of parking when the next step is this close: parkNanos overshoots by ~50-100 µs on Linux. */
    private static final long SPIN_NANOS = 20_000;

    private final SimulatedModel model;
    private final NanoClock clock;
    private final Thread thread;
    private volatile boolean running = true;

    ModelThread(SimulatedModel model, NanoClock clock) {
        this.model = model;
        this.clock = clock;
        this.thread = new Thread(this::run, "pushbench-llm-model");
        thread.setDaemon(true);
        model.onWakeup(() -> LockSupport.unpark(thread));
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            long next;
            try {
                next = model.runDue();
            } catch (RuntimeException e) {
                // A model that dies silently would look like a hung server: report and go on with the next steps.
                System.err.println("pushbench llm model: " + e);
                next = clock.nanoTime() + 1_000_000;
            }
            if (next == Long.MAX_VALUE) {
                LockSupport.park(this);
                continue;
            }
            long wait = next - clock.nanoTime();
            if (wait > SPIN_NANOS) {
                LockSupport.parkNanos(this, wait - SPIN_NANOS);
            } else if (wait > 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
