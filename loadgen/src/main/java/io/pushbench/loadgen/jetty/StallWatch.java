package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.driver.LoadSession;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends the streams that went silent ({@link JettySubscriber#endIfStalled}) so that their subscribers reconnect: a
 * sweep every {@value #SWEEP_MS} ms over all subscribers, from the start of the run to its end. The timeout is
 * {@code max(2 s, 20 publish intervals)}: far above a healthy stream's gap between messages, so a stream that is
 * merely late is never cut, while a dead one the client failed to notice is back within seconds.
 *
 * <pre>{@code
 * StallWatch w = StallWatch.start(session, subscribers, scheduler);
 * ...
 * w.stop();  w.ended();   // streams ended for silence (also in the driver's description)
 * }</pre>
 */
final class StallWatch {
    static final long SWEEP_MS = 500;
    static final long MIN_TIMEOUT_MS = 2_000;
    static final int INTERVALS = 20;

    private final LoadSession session;
    private final List<JettySubscriber> subscribers;
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private volatile boolean stopped;
    private volatile long ended;

    private StallWatch(LoadSession session, List<JettySubscriber> subscribers, Scheduler scheduler) {
        this.session = session;
        this.subscribers = subscribers;
        this.scheduler = scheduler;
        this.timeoutNanos = timeoutNanos(session.config().rate());
    }

    /** {@code max(2 s, 20 publish intervals)} at {@code rate} msg/s. */
    static long timeoutNanos(double rate) {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(MIN_TIMEOUT_MS), (long) (INTERVALS * 1e9 / rate));
    }

    static StallWatch start(LoadSession session, List<JettySubscriber> subscribers, Scheduler scheduler) {
        StallWatch w = new StallWatch(session, subscribers, scheduler);
        w.schedule();
        return w;
    }

    private void schedule() {
        scheduler.schedule(this::sweep, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        if (stopped || !session.running()) {
            return;
        }
        long now = session.clock().nanoTime();
        long n = 0;
        for (JettySubscriber s : subscribers) {
            if (s.endIfStalled(now, timeoutNanos)) {
                n++;
            }
        }
        if (n > 0) {
            ended += n;
        }
        schedule();
    }

    void stop() {
        stopped = true;
    }

    /** Streams ended for silence. */
    long ended() {
        return ended;
    }

    long timeoutMs() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }
}
