package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.driver.LoadSession;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code churn}: from one second into the steady window to its end, {@code churnPerSec} subscribers a
 * second end their own stream, round robin, and reconnect by the run's policy with resume. A subscriber without a
 * delivering stream at its turn is passed over (counted in {@link #skipped}).
 *
 * <pre>{@code
 * Churn c = Churn.start(session, subscribers, scheduler);   // nothing scheduled when churnPerSec is 0
 * ...
 * c.stop();
 * }</pre>
 */
final class Churn {
    private final LoadSession session;
    private final List<JettySubscriber> subscribers;
    private final Scheduler scheduler;
    private final long periodNanos;
    private final long fromNanos;
    private final long toNanos;
    private volatile boolean stopped;
    private int next;
    private long skipped;

    private Churn(LoadSession session, List<JettySubscriber> subscribers, Scheduler scheduler, double perSec) {
        this.session = session;
        this.subscribers = subscribers;
        this.scheduler = scheduler;
        this.periodNanos = perSec > 0 ? Math.max(1, (long) (1e9 / perSec)) : 0;
        // one second into the steady window: the ramp rule counts the open connections at the window's first tick,
        // which churn must not be mistaken for an incomplete ramp
        this.fromNanos = session.schedule().steadyStartNanos() + TimeUnit.SECONDS.toNanos(1);
        this.toNanos = session.schedule().steadyEndNanos();
    }

    static Churn start(LoadSession session, List<JettySubscriber> subscribers, Scheduler scheduler) {
        Churn c = new Churn(session, subscribers, scheduler, session.config().behaviour().churnPerSec());
        if (c.periodNanos > 0 && !subscribers.isEmpty()) {
            c.scheduleAt(c.fromNanos);
        }
        return c;
    }

    private void scheduleAt(long nanos) {
        long delay = Math.max(0, nanos - session.clock().nanoTime());
        scheduler.schedule(() -> tick(nanos), delay, TimeUnit.NANOSECONDS);
    }

    private void tick(long due) {
        if (stopped || due >= toNanos) {
            return;
        }
        for (int tries = 0; tries < subscribers.size(); tries++) {
            JettySubscriber s = subscribers.get(next);
            next = (next + 1) % subscribers.size();
            if (s.churn()) {
                break;
            }
            skipped++;
        }
        scheduleAt(due + periodNanos);
    }

    void stop() {
        stopped = true;
    }

    /** Turns passed over because the subscriber had no delivering stream. */
    long skipped() {
        return skipped;
    }
}
