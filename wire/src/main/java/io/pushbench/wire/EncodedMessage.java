package io.pushbench.wire;

import java.nio.ByteBuffer;

/**
 * A feed message encoded once for every transport: the server builds one per publish and every subscriber of
 * either transport writes these same bytes (no per-connection re-encoding).
 *
 * @param message the message
 * @param json    the JSON payload (the WebSocket text frame payload and the SSE {@code data:} value)
 * @param sse     the complete SSE event ({@code id: seq\ndata: json\n\n})
 */
public record EncodedMessage(FeedMessage message, byte[] json, byte[] sse) {

    /** Encodes {@code m} with the given payload size for both transports. */
    public static EncodedMessage of(FeedMessage m, int payloadSize) {
        byte[] json = FeedJson.encode(m, payloadSize);
        return new EncodedMessage(m, json, SseEncoder.event(m.seq(), json));
    }

    public long seq() {
        return message.seq();
    }

    /** A read-only view of the JSON for a WebSocket frame; views share the bytes, so this is cheap per connection. */
    public ByteBuffer wsPayload() {
        return ByteBuffer.wrap(json).asReadOnlyBuffer();
    }

    /** A read-only view of the SSE event bytes. */
    public ByteBuffer ssePayload() {
        return ByteBuffer.wrap(sse).asReadOnlyBuffer();
    }
}
