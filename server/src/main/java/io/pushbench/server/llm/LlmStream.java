package io.pushbench.server.llm;

import io.pushbench.wire.Transport;

/** A live LLM stream (an SSE response, or a WebSocket connection with a response in flight), for {@code /admin/drop}. */
interface LlmStream {
    Transport transport();

    /** Whether it carries a response now (a WebSocket connection between responses does not). */
    boolean busy();

    /** Ends it: abort (no clean end) or a clean close (SSE: the response completes; WebSocket: close 1001). */
    void terminate(boolean abort, String reason);
}
