package io.pushbench.server.llm;

import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.Fault;
import io.pushbench.wire.llm.LlmContract;

/**
 * Turns a stream's events into what it writes, performing the request's {@link Fault} once: at event {@code at}, or
 * at the end marker when the response has fewer events. A stream without a fault (every resume) uses {@link #NONE}.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.of(request, Transport.WS, events, metrics);
 * queue.offer(plan.map(event, this));
 * }</pre>
 */
final class FaultPlan {
    static final FaultPlan NONE = new FaultPlan(null, 0, null, null);

    private final Fault fault;
    private final int at;
    private final LlmEvents events;
    private final LlmMetrics metrics;
    private boolean fired;

    private FaultPlan(Fault fault, int at, LlmEvents events, LlmMetrics metrics) {
        this.fault = fault;
        this.at = at;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * The plan of a request's original stream. {@link Fault#HTTP_ERROR} over SSE is answered before the stream
     * begins (a 500), so it has no plan here.
     */
    static FaultPlan of(ModelRequest r, Transport transport, LlmEvents events, LlmMetrics metrics) {
        if (r.fault() == null || (r.fault() == Fault.HTTP_ERROR && transport == Transport.SSE)) {
            return NONE;
        }
        return new FaultPlan(r.fault(), r.faultAt(), events, metrics);
    }

    /** What to queue for {@code e}; called by one thread at a time per stream (the emitter, under the generation's lock). */
    Outgoing map(LlmEvent e, EventSink source) {
        if (fault == null || fired || !(e.index() == at || (e.terminal() && e.index() < at))) {
            return Outgoing.of(e, source);
        }
        fired = true;
        metrics.fault();
        return switch (fault) {
            case MALFORMED -> {
                LlmEvent bad = events.malformed(e);
                yield new Outgoing(e, bad.json(), bad.sse(), e.terminal() ? Outgoing.After.END : Outgoing.After.NONE, source);
            }
            case ERROR_EVENT -> {
                LlmEvent err = events.error(e.index(), e.emitNs(), LlmContract.ERROR_SERVER,
                        "simulated server error (pushbench fault error_event)");
                yield new Outgoing(e, err.json(), err.sse(), Outgoing.After.END, source);
            }
            case NO_DONE -> new Outgoing(e, null, null, Outgoing.After.END, source);
            case CLOSE_EARLY -> new Outgoing(e, null, null, Outgoing.After.ABORT, source);
            case HTTP_ERROR -> new Outgoing(e, null, null, Outgoing.After.CLOSE_1011, source);
        };
    }
}
