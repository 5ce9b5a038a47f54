package io.pushbench.server;

import io.pushbench.wire.EncodedMessage;

import java.nio.ByteBuffer;

/**
 * A published message as the feed holds it: the {@link EncodedMessage} (SSE bytes and JSON) plus ONE read-only
 * buffer over the JSON that every WebSocket session slices for its frame payload. A slice is a new position and
 * limit over the same bytes (Jetty's gathering write advances the position, so sessions cannot share the buffer
 * object itself); nothing is copied or re-encoded per connection.
 *
 * @param message the encoded message
 * @param ws      read-only view of {@code message.json()}; never written, only sliced
 */
record Published(EncodedMessage message, ByteBuffer ws) {

    static Published of(EncodedMessage m) {
        return new Published(m, m.wsPayload());
    }

    long seq() {
        return message.seq();
    }

    /** A per-session view of the shared WebSocket payload. */
    ByteBuffer wsSlice() {
        return ws.slice();
    }
}
