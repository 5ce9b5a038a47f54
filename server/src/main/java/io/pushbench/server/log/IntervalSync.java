package io.pushbench.server.log;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread of {@link FsyncPolicy#INTERVAL}: every interval it runs one {@link SegmentLog#syncNow()} round, so
 * that the fsync's latency (milliseconds on a busy disk) never lands on the publisher thread, which only ever
 * writes to the page cache. A power loss loses at most what was appended since the last round that succeeded.
 *
 * <pre>{@code
 * IntervalSync sync = new IntervalSync(log, Duration.ofSeconds(1));
 * sync.start();     // daemon thread "pushbench-log-sync"
 * sync.stop();      // returns once the thread has ended; the caller does the final round
 * }</pre>
 */
final class IntervalSync {
    private final SegmentLog log;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean running = true;

    IntervalSync(SegmentLog log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::run, "pushbench-log-sync");
        thread.setDaemon(true); // a JVM that is exiting does not wait for the next round: close() does the last one
    }

    void start() {
        thread.start();
    }

    private void run() {
        long next = System.nanoTime() + intervalNanos;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue; // woken early (stop, or spuriously): check running and the time again
            }
            try {
                log.syncNow();
            } catch (RuntimeException e) {
                // syncNow reports I/O errors itself; anything else must not end the rounds silently either
                System.err.println("pushbench log: fsync round failed: " + e);
            }
            // the next round one interval after this one ended: a slow fsync does not queue up rounds
            next = System.nanoTime() + intervalNanos;
        }
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
