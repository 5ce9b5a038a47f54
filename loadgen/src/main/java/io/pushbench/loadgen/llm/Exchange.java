package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.analysis.llm.RequestTimeline.Failure;

import java.util.function.Consumer;

/**
 * One scheduled request on its way through a client: the {@link LlmRequest}, the {@link RequestTimeline} being
 * recorded, and the hooks the engine and the transport share. Every change to the timeline goes through here under
 * this object's lock, because a request's events arrive on Jetty's threads while the engine's watchdog may time it
 * out from another; the first end (completed or failed) wins and is reported to the engine exactly once.
 *
 * <pre>{@code
 * Exchange x = new Exchange(request, scheduledNs, true, clock, engine::ended);
 * x.onAbort(() -> jettyRequest.abort(cause));   // the transport: how to stop the network side
 * x.sent(clock.nanoTime());  ...  x.complete(clock.nanoTime());
 * }</pre>
 */
public final class Exchange {
    private final LlmRequest request;
    private final RequestTimeline timeline;
    private final boolean measured;
    private final Consumer<Exchange> onEnd;
    private volatile long lastActivityNs;
    private volatile Runnable abort;
    private volatile long dispatchedNs = Long.MIN_VALUE;
    private long events;

    /**
     * @param request     what to send
     * @param scheduledNs its scheduled arrival (see {@link RequestTimeline})
     * @param measured    scheduled inside the measured window
     * @param onEnd       told once, on the thread that ended it, when the request completed or failed
     */
    public Exchange(LlmRequest request, long scheduledNs, boolean measured, Consumer<Exchange> onEnd) {
        this.request = request;
        this.timeline = new RequestTimeline(request.id(), scheduledNs);
        this.measured = measured;
        this.onEnd = onEnd;
        this.lastActivityNs = scheduledNs;
    }

    public LlmRequest request() {
        return request;
    }

    /** The timeline; read it only after the request ended (the engine's hand-off publishes it). */
    public RequestTimeline timeline() {
        return timeline;
    }

    public boolean measured() {
        return measured;
    }

    /** The transport's way to stop the network side of this request (abort the HTTP request, close the socket). */
    public void onAbort(Runnable r) {
        this.abort = r;
    }

    /**
     * The engine handed the request to its client at {@code ns}: the end of the client's own lateness (its send lag),
     * before any wait for a connection, which belongs to the transport and counts in the latency instead.
     */
    public void dispatched(long ns) {
        dispatchedNs = ns;
    }

    /** When the engine handed it to the client; {@code Long.MIN_VALUE} before. */
    public long dispatchedNs() {
        return dispatchedNs;
    }

    /** Last time something happened (scheduled, sent, an event, a resume): the watchdog's idle clock. */
    public long lastActivityNs() {
        return lastActivityNs;
    }

    /** Events received for this request (all kinds). */
    public synchronized long events() {
        return events;
    }

    /** Whether the request was written (its first send). */
    public synchronized boolean wasSent() {
        return timeline.sentNs() != Long.MIN_VALUE;
    }

    /** Why it failed; null unless it did. */
    public synchronized io.pushbench.analysis.llm.RequestTimeline.Failure failure() {
        return timeline.failure();
    }

    public synchronized boolean isEnded() {
        return timeline.isEnded();
    }

    /** The request was written; only the first call counts (a resume is not a new send). */
    public synchronized void sent(long ns) {
        lastActivityNs = ns;
        if (timeline.sentNs() == Long.MIN_VALUE && !timeline.isEnded()) {
            timeline.sent(ns);
        }
    }

    /** Something arrived (headers, a resume's answer): resets the idle clock. */
    public void active(long ns) {
        lastActivityNs = ns;
    }

    public synchronized void started(long ns) {
        lastActivityNs = ns;
        if (!timeline.isEnded()) {
            timeline.started(ns);
        }
    }

    public synchronized void resumed(long ns) {
        lastActivityNs = ns;
        if (!timeline.isEnded()) {
            timeline.resumed();
        }
    }

    /** One event of any kind arrived (counted for the client's CPU per event). */
    synchronized void event(long ns) {
        lastActivityNs = ns;
        events++;
    }

    public synchronized void chunk(long recvNs, int tokens, boolean content, long emitNs) {
        if (!timeline.isEnded()) {
            timeline.chunk(recvNs, tokens, content, emitNs);
        }
    }

    public synchronized void usage(int promptTokens, int completionTokens) {
        if (!timeline.isEnded()) {
            timeline.usage(promptTokens, completionTokens);
        }
    }

    /** The end marker arrived. Returns false when the request had already ended. */
    public boolean complete(long ns) {
        synchronized (this) {
            if (timeline.isEnded()) {
                return false;
            }
            timeline.completed(ns);
        }
        onEnd.accept(this);
        return true;
    }

    /** The request failed (the first end wins). Returns false when it had already ended. */
    public boolean fail(long ns, Failure why, String detail) {
        synchronized (this) {
            if (timeline.isEnded()) {
                return false;
            }
            timeline.failed(ns, why, detail);
        }
        onEnd.accept(this);
        return true;
    }

    /** Fails the request and stops its network side (timeout, end of step). */
    public void abort(long ns, Failure why, String detail) {
        if (fail(ns, why, detail)) {
            Runnable a = abort;
            if (a != null) {
                a.run();
            }
        }
    }
}
