package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.RequestTimeline.Failure;
import io.pushbench.wire.llm.LlmContract;

import java.util.SplittableRandom;

/**
 * The transport-independent half of one request's stream: turns each event into the request's timeline, ends the
 * request at its end marker or error, remembers where a resume would continue, and decides what a drop means. The
 * SSE and WebSocket clients only move bytes and report what the transport did, so both follow one policy.
 *
 * <pre>{@code
 * ResponseStream s = new ResponseStream(exchange, Api.RESPONSES, ResumePolicy.DEFAULT);
 * if (s.onEvent(data, recvNs) == ResponseStream.Next.STOP) stopReading();
 * long wait = s.dropped(nowNs, Failure.CLOSED_EARLY, "connection reset");   // -1: failed; else resume after wait
 * }</pre>
 *
 * <p>Failures, one reason each ({@link Failure}): an event that is not JSON or does not fit the API
 * ({@code MALFORMED_CHUNK}, the stream is then abandoned); an error event ({@code ERROR_EVENT}); a drop that cannot
 * be resumed ({@code CLOSED_EARLY}: chat streams, a response whose id never arrived, attempts used up after a resume
 * had worked); a resume that was refused or never answered ({@code RESUME_FAILED}). Events after the request ended
 * are ignored. Confined to the thread that currently carries the stream (hand-offs by the transport publish it).
 */
final class ResponseStream {
    /** What the transport should do after an event. */
    enum Next { CONTINUE, STOP }

    private final Exchange exchange;
    private final LlmContract.Api api;
    private final ResumePolicy policy;
    private final EventDecoder decoder;
    private final SplittableRandom jitter;
    private String responseId;
    private long resumePoint = -1;
    private int attempts;
    private boolean resuming;
    private boolean completedCleanly;

    ResponseStream(Exchange exchange, LlmContract.Api api, ResumePolicy policy) {
        this.exchange = exchange;
        this.api = api;
        this.policy = api == LlmContract.Api.CHAT ? ResumePolicy.NEVER : policy;
        this.decoder = new EventDecoder(api);
        this.jitter = new SplittableRandom(exchange.request().id() * 31 + 17);
    }

    Exchange exchange() {
        return exchange;
    }

    /** The response id (from {@code response.created} or the SSE id field), null until known. */
    String responseId() {
        return responseId;
    }

    /** The last event position received: what {@code starting_after} carries on a resume. */
    long resumePoint() {
        return resumePoint;
    }

    /** The end marker arrived (the request completed, unless it had already ended otherwise). */
    boolean completed() {
        return completedCleanly;
    }

    /** An SSE {@code id} field, {@code RESPONSE_ID/SEQUENCE_NUMBER}: a second source of the resume position. */
    void sseId(String id) {
        int slash = id.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        if (responseId == null) {
            responseId = id.substring(0, slash);
        }
        try {
            resumePoint = Math.max(resumePoint, Long.parseLong(id.substring(slash + 1)));
        } catch (NumberFormatException e) {
            // not pushbench's form: the JSON's sequence number still gives the position
        }
    }

    /** The resume was answered (SSE: a 200 with an event stream; WebSocket: its first event). */
    void resumeAccepted(long ns) {
        if (resuming) {
            resuming = false;
            exchange.resumed(ns);
        }
    }

    /** One event's data, received at {@code recvNs}. */
    Next onEvent(String data, long recvNs) {
        return onEvent(data, recvNs, null);
    }

    /**
     * One event's data, received at {@code recvNs}; {@code reusable}, when not null, runs just before the request
     * ends on an event that leaves the connection usable (the end marker, an error event), so that a WebSocket
     * connection is idle again before the engine hears the request ended (a closed loop's next request then finds it).
     */
    Next onEvent(String data, long recvNs, Runnable reusable) {
        if (exchange.isEnded()) {
            return Next.STOP;
        }
        exchange.event(recvNs);
        EventDecoder.Event e;
        try {
            e = decoder.decode(data);
        } catch (EventDecoder.MalformedEvent m) {
            exchange.fail(recvNs, Failure.MALFORMED_CHUNK, m.getMessage());
            return Next.STOP;
        }
        if (resuming && e.kind == EventDecoder.Kind.ERROR) {
            run(reusable);
            refused(recvNs, e.error);     // the WebSocket answer to a resume of an unknown response
            return Next.STOP;
        }
        resumeAccepted(recvNs);
        if (e.responseId != null && responseId == null) {
            responseId = e.responseId;
        }
        if (e.resumePoint() >= 0) {
            resumePoint = Math.max(resumePoint, e.resumePoint());
        }
        switch (e.kind) {
            case CREATED -> exchange.started(recvNs);
            case DELTA -> exchange.chunk(recvNs, e.tokens, e.content, e.emitNs);
            case COMPLETED, DONE -> {
                if (e.usage) {
                    exchange.usage(e.promptTokens, e.completionTokens);
                }
                completedCleanly = true;
                run(reusable);
                exchange.complete(recvNs);
                return Next.STOP;
            }
            case ERROR -> {
                run(reusable);
                exchange.fail(recvNs, Failure.ERROR_EVENT, e.error);
                return Next.STOP;
            }
            case OTHER -> {
                if (e.usage) {
                    exchange.usage(e.promptTokens, e.completionTokens);
                }
            }
        }
        return Next.CONTINUE;
    }

    private static void run(Runnable r) {
        if (r != null) {
            r.run();
        }
    }

    /**
     * The transport ended before the end marker. Returns the wait, ns, before a resume attempt, or -1 when the
     * request failed instead ({@code why} and {@code detail} describe the drop; a resume that was itself dropped
     * before it was answered fails {@code RESUME_FAILED} once the attempts are used up).
     */
    long dropped(long ns, Failure why, String detail) {
        if (exchange.isEnded()) {
            return -1;
        }
        boolean resumable = why == Failure.CLOSED_EARLY && responseId != null && resumePoint >= 0;
        if (resumable && attempts < policy.maxAttempts()) {
            attempts++;
            resuming = true;
            return policy.delayNanos(attempts, jitter);
        }
        Failure f = resuming ? Failure.RESUME_FAILED : why;
        exchange.fail(ns, f, resuming ? "resume " + attempts + " of " + policy.maxAttempts() + " failed: " + detail
                : detail);
        return -1;
    }

    /** The server refused a resume (an error status, not an event stream): the response is gone. */
    void refused(long ns, String detail) {
        exchange.fail(ns, Failure.RESUME_FAILED, "resume refused: " + detail);
    }
}
