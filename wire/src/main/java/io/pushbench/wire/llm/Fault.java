package io.pushbench.wire.llm;

import io.pushbench.wire.Keys;

/**
 * Misbehaviours pushbench's simulated model server performs on request, so that a client's error handling is
 * tested against real sockets. A request asks with {@code "pushbench":{"fault":KEY,"at":K}} in its body (SSE) or
 * its {@code response.create} message (WebSocket); {@code K} is the index ({@code pushbench.i}) of the event where
 * the fault takes effect, default {@link #defaultAt()}. Faults apply to the original request's stream only, never to
 * a resume of it (a resume after {@code close_early} therefore gets the rest of the response).
 *
 * <pre>{@code
 * {"model":"x","stream":true,"input":"hello","pushbench":{"fault":"close_early","at":3}}
 * }</pre>
 */
public enum Fault {
    /** Event K's JSON is cut in half (the stream goes on). */
    MALFORMED("malformed"),
    /**
     * SSE: the request is answered {@code 500} with an OpenAI-style error body instead of a stream ({@code at} is
     * ignored: a status cannot change once the stream began). WebSocket: the connection is closed with 1011 in place
     * of event K.
     */
    HTTP_ERROR("http_error"),
    /** An {@code error} event replaces event K, then the stream ends cleanly (no end marker). */
    ERROR_EVENT("error_event"),
    /** The stream ends cleanly in place of event K (default: the end marker), without {@code [DONE]} or completion. */
    NO_DONE("no_done"),
    /** The connection is closed without a clean end (TCP close, HTTP/2 stream reset, WebSocket abort) in place of event K. */
    CLOSE_EARLY("close_early");

    private final String key;

    Fault(String key) {
        this.key = key;
    }

    /** The name in the request's {@code pushbench.fault}. */
    public String key() {
        return key;
    }

    /** The fault named {@code key}; IllegalArgumentException naming the known ones. */
    public static Fault parse(String key) {
        return Keys.parse(values(), Fault::key, "fault", key);
    }

    /**
     * The event index a fault takes effect at when the request gives no {@code at}: {@link #NO_DONE} at the end marker
     * ({@code Integer.MAX_VALUE}: "the last event"), the others at event 1 (the first after the role chunk or
     * {@code response.created}).
     */
    public int defaultAt() {
        return this == NO_DONE ? Integer.MAX_VALUE : 1;
    }
}
