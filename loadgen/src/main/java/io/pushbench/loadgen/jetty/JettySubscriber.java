package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.driver.LoadSession;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscriber of the {@link JettyDriver}: its probe and its connect / stream / reconnect loop, whatever the
 * transport ({@link Stream} opens one attempt).
 *
 * <p>Threads: an attempt starts on the scheduler's thread; its events arrive one at a time, on the connection's
 * selector loop (the lean HTTP/1.1 client, {@link NioConnection}) or on Jetty's selector or executor threads (Jetty
 * serialises a stream's demand), and its end is reported once ({@link Attempt#end}). The hand-offs (scheduler queue,
 * the loop's task queue, Jetty's own queues) order them, so the probe always has one writer at a time.
 */
final class JettySubscriber {
    /** Opens one stream attempt for a subscriber. */
    interface Stream {
        /** Starts an attempt; it must end with exactly one {@link Attempt#end} call (duplicates are ignored). */
        void open(Attempt attempt, long resumePoint);
    }

    private final LoadSession session;
    private final ConnectionProbe probe;
    private final Stream stream;
    private final org.eclipse.jetty.util.thread.Scheduler scheduler;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Attempt current;
    private int attemptNumber;
    private final long readDelayNanos;

    JettySubscriber(LoadSession session, Stream stream, org.eclipse.jetty.util.thread.Scheduler scheduler,
                    boolean slow) {
        this.session = session;
        this.probe = session.meter().newProbe(slow);
        this.stream = stream;
        this.scheduler = scheduler;
        this.readDelayNanos = slow ? session.config().behaviour().slowReadDelay().toNanos() : 0;
    }

    /**
     * Ends the current stream on purpose (scenario {@code churn}) if it has delivered; it then reconnects by the
     * run's policy and resumes. Returns false when there was no delivering stream to end.
     */
    boolean churn() {
        Attempt a = current;
        if (stopping || a == null || a.ended.get() || !probe.attemptDelivered()) {
            return false;
        }
        probe.onChurn(session.clock().nanoTime());
        a.abort();
        return true;
    }

    /** This subscriber's probe (tests read it once the stream has gone quiet). */
    ConnectionProbe probe() {
        return probe;
    }

    /** Starts (or restarts) the subscription now; called on the scheduler's thread. */
    void connect() {
        if (stopping || !session.running()) {
            closed.countDown();
            return;
        }
        Attempt a = new Attempt();
        current = a;
        probe.onConnectStart(session.clock().nanoTime());
        try {
            stream.open(a, probe.resumePoint());
        } catch (RuntimeException e) {
            a.end(e);
        }
    }

    private Attempt watched;
    private long watchedReceipts;
    private long silentSince;

    /**
     * Called by the {@link StallWatch} (one thread): ends the current attempt as failed when it has received nothing
     * for {@code timeoutNanos} (since its start, or since its last message), so the subscriber reconnects. Why: a
     * stream can die without its client being told (seen: Jetty 12.1's WebSocket client over RFC 8441 does not tell
     * the endpoint when the server closes the TCP connection under its tunnel), and a subscriber that never
     * notices must still recover, as a real client does with a read timeout. Returns true when it ended one.
     */
    boolean endIfStalled(long now, long timeoutNanos) {
        Attempt a = current;
        if (stopping || a == null || a.ended.get()) {
            watched = null;
            return false;
        }
        long r = probe.receipts();
        if (a != watched || r != watchedReceipts) {
            watched = a;
            watchedReceipts = r;
            silentSince = now;
            return false;
        }
        if (now - silentSince < timeoutNanos) {
            return false;
        }
        watched = null;
        a.abort();
        a.end(new java.util.concurrent.TimeoutException("stream silent for "
                + TimeUnit.NANOSECONDS.toMillis(now - silentSince) + " ms: ended by the driver"));
        return true;
    }

    /** Asks the current stream to close (the run is over); {@link #awaitClosed} waits for it. */
    void stop() {
        stopping = true;
        Attempt a = current;
        if (a == null) {
            closed.countDown();      // never connected
        } else {
            a.abort();
        }
    }

    /** Waits until the last attempt has ended. */
    boolean awaitClosed(long timeoutMs) throws InterruptedException {
        return closed.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** One connect attempt and the stream it opens. */
    final class Attempt {
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Runnable abort;

        ConnectionProbe probe() {
            return probe;
        }

        /**
         * Whether this attempt has ended: events Jetty still hands over after that (a chunk in flight when the driver
         * ended a silent stream or churned it) belong to no attempt and are dropped, so the next attempt's episode is
         * timed from its own first message.
         */
        boolean isEnded() {
            return ended.get();
        }

        /** A slow subscriber's pause after each message before it reads again (0: reads at once). */
        long readDelayNanos() {
            return readDelayNanos;
        }

        /** Runs {@code r} after {@code nanos} on the driver's scheduler (a slow reader's delayed read). */
        void later(Runnable r, long nanos) {
            scheduler.schedule(r, nanos, TimeUnit.NANOSECONDS);
        }

        long now() {
            return session.clock().nanoTime();
        }

        /** The stream's way to close itself when the run is over. */
        void onAbort(Runnable r) {
            abort = r;
            if (stopping) {
                r.run();
            }
        }

        void abort() {
            Runnable r = abort;
            if (r != null) {
                r.run();
            }
        }

        /** The response headers (SSE) or upgrade response (WebSocket) with a success status. */
        void connected() {
            probe.onConnected(now());
        }

        /** The attempt ended (cleanly, by failure, or by our own abort); only the first call counts. */
        void end(Throwable failure) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            long now = now();
            if (stopping) {
                probe.onClosed(now, false);
                closed.countDown();
                return;
            }
            attemptNumber = session.streamEnded(probe, attemptNumber, now);
            if (attemptNumber == 0) {
                closed.countDown();
                return;
            }
            long pause = session.backoff(attemptNumber, probe.retryMs()).toNanos();
            scheduler.schedule(JettySubscriber.this::connect, pause, TimeUnit.NANOSECONDS);
        }
    }
}
