package io.pushbench.loadgen.browser;

import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.driver.FeedEvents;
import io.pushbench.loadgen.driver.LoadSession;

/**
 * One browser subscriber's measurement side: it replays the events its page recorded (see {@code subscriber.js})
 * onto its {@link ConnectionProbe}, through {@link FeedEvents} as every driver does, with each receive time mapped
 * from the page's clock to the JVM's ({@link ClockOffset}).
 *
 * <pre>{@code
 * BrowserSubscriber s = new BrowserSubscriber(session, 7);
 * s.apply("m", 1234.5, "{\"seq\":42,\"ts\":...,\"mono\":...}", 256, pageClock);
 * }</pre>
 *
 * <p>Event kinds: {@code c} connect start, {@code o} open, {@code m} feed event, {@code x} the stream ended, {@code s}
 * closed at the end of the run. An {@code x} of detail {@code error} is an {@code EventSource} that reconnects by
 * itself after the server's {@code retry:}: the page cannot see when the browser sends that request, so the attempt
 * starts at its {@code o} (open) event, its connect time is not measured, and its pause includes the connect; another
 * {@code error} before any open is a failed attempt. Why not at the error: messages published during the
 * {@code retry:} pause would then count as live deliveries, timed from their schedule, instead of as the replay
 * they are. One writer: the thread of the subscriber's browser.
 */
final class BrowserSubscriber {
    private final LoadSession session;
    private final ConnectionProbe probe;
    private final int index;
    private int attempt;
    private boolean attemptOpen;
    private boolean selfReconnecting;
    private long firstConnectNanos = -1;
    private long firstMessageNanos = -1;
    private int browserReconnects;

    BrowserSubscriber(LoadSession session, int index) {
        this.session = session;
        this.probe = session.newProbe();
        this.index = index;
    }

    int index() {
        return index;
    }

    ConnectionProbe probe() {
        return probe;
    }

    /**
     * Applies one drained event.
     *
     * @param kind   c, o, m, x or s (see the class comment)
     * @param pageMs its {@code performance.now()} in the page
     * @param data   the feed event's JSON (m), the end's detail (x), else null
     * @param size   the feed event's full size (m)
     */
    void apply(String kind, double pageMs, String data, int size, ClockOffset clock) {
        long t = clock.toJvmNanos(pageMs);
        switch (kind) {
            case "c" -> start(t);
            case "o" -> {
                if (selfReconnecting) {
                    selfReconnecting = false;
                    browserReconnects++;
                    start(t);
                }
                probe.onConnected(t);
            }
            case "m" -> {
                if (selfReconnecting) {     // no open seen (not expected): the attempt is under way regardless
                    selfReconnecting = false;
                    browserReconnects++;
                    start(t);
                }
                if (FeedEvents.deliver(probe, data, size, t) == FeedEvents.Kind.MESSAGE && firstMessageNanos < 0) {
                    firstMessageNanos = t;
                }
            }
            case "x" -> {
                if (selfReconnecting) {
                    // the EventSource's own reconnect failed before it opened: one failed attempt
                    start(t);
                }
                if (!attemptOpen) {
                    return;
                }
                attemptOpen = false;
                attempt = session.streamEnded(probe, attempt, t);
                selfReconnecting = "error".equals(data) && attempt != 0;
            }
            case "s" -> stopped(t);
            default -> throw new IllegalArgumentException("unknown page event kind '" + kind + "'");
        }
    }

    private void start(long t) {
        attemptOpen = true;
        if (firstConnectNanos < 0) {
            firstConnectNanos = t;
        }
        probe.onConnectStart(t);
    }

    /** The run is over: the stream was closed on purpose. */
    void stopped(long t) {
        selfReconnecting = false;
        if (attemptOpen) {
            attemptOpen = false;
            probe.onClosed(t, false);
        }
    }

    /** The subscriber's browser died at {@code t}: its stream ends as a drop, and nothing reconnects it. */
    void lost(long t) {
        selfReconnecting = false;
        if (attemptOpen) {
            attemptOpen = false;
            session.streamEnded(probe, attempt, t);
        }
    }

    /** Connect start of the first attempt to the first feed message, ns; -1 when no message came. */
    long firstMessageAfterNanos() {
        return firstMessageNanos < 0 || firstConnectNanos < 0 ? -1 : firstMessageNanos - firstConnectNanos;
    }

    /** Reconnects an {@code EventSource} made by itself (its {@code error} events that did not end the run). */
    int browserReconnects() {
        return browserReconnects;
    }
}
