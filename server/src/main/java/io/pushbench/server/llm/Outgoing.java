package io.pushbench.server.llm;

/**
 * One item of a stream's queue: the bytes to write for an event (after any fault) and what the stream does after
 * writing them.
 *
 * @param event  the event it stands for (null for an error outside any response)
 * @param json   the WebSocket payload / SSE data value, or null to write nothing
 * @param sse    the whole SSE event, or null to write nothing
 * @param after  what follows
 * @param source the sink that queued it (a WebSocket connection carries several responses)
 */
record Outgoing(LlmEvent event, byte[] json, byte[] sse, After after, EventSink source) {
    /** What a stream does after writing an item. */
    enum After {
        /** Nothing: more events follow. */
        NONE,
        /** The response is over on this stream (SSE: the response completes; WebSocket: the connection stays). */
        END,
        /** Close without a clean end (TCP close / HTTP/2 reset / WebSocket abort). */
        ABORT,
        /** WebSocket: close with 1011 (server error). */
        CLOSE_1011
    }

    static Outgoing of(LlmEvent e, EventSink source) {
        return new Outgoing(e, e.json(), e.sse(), e.terminal() ? After.END : After.NONE, source);
    }
}
