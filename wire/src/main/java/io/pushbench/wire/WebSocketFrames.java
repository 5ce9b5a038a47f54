package io.pushbench.wire;

import java.nio.ByteBuffer;

/**
 * RFC 6455 frame encoding: the exact bytes of a server frame (unmasked) and of a client frame (masked).
 *
 * <p>The server never masks (RFC 6455 §5.1), so one payload buffer can be shared by every connection and only the
 * 2-10 byte header differs; {@link #serverHeader} produces that header alone, which is what "encode once, fan out"
 * costs per connection.
 *
 * <pre>{@code
 * byte[] frame = WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, json);
 * byte[] masked = WebSocketFrames.clientFrame(WebSocketFrames.OP_TEXT, json, 0x11223344);
 * }</pre>
 */
public final class WebSocketFrames {
    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    private WebSocketFrames() {
    }

    /** Header length for a payload of {@code len} bytes, without the 4-byte mask key. */
    public static int headerLength(long len) {
        if (len < 0) {
            throw new IllegalArgumentException("payload length must be >= 0, was " + len);
        }
        return len <= 125 ? 2 : len <= 0xFFFF ? 4 : 10;
    }

    /** Writes a final, unmasked frame header for {@code len} payload bytes into {@code dst}. */
    public static void serverHeader(ByteBuffer dst, int opcode, long len) {
        writeHeader(dst, opcode, len, false);
    }

    /** A complete final, unmasked (server-to-client) frame. */
    public static byte[] serverFrame(int opcode, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(headerLength(payload.length) + payload.length);
        writeHeader(out, opcode, payload.length, false);
        out.put(payload);
        return out.array();
    }

    /** A complete final, masked (client-to-server) frame with the given 32-bit mask key. */
    public static byte[] clientFrame(int opcode, byte[] payload, int maskKey) {
        ByteBuffer out = ByteBuffer.allocate(headerLength(payload.length) + 4 + payload.length);
        writeHeader(out, opcode, payload.length, true);
        out.putInt(maskKey);
        // Mask eight bytes at a time: the 32-bit key repeated twice, big-endian like the key on the wire.
        long mask64 = ((maskKey & 0xFFFFFFFFL) << 32) | (maskKey & 0xFFFFFFFFL);
        ByteBuffer src = ByteBuffer.wrap(payload);
        int i = 0;
        for (; i + 8 <= payload.length; i += 8) {
            out.putLong(src.getLong(i) ^ mask64);
        }
        byte[] mask = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        for (; i < payload.length; i++) {
            out.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return out.array();
    }

    private static void writeHeader(ByteBuffer dst, int opcode, long len, boolean masked) {
        if (opcode < 0 || opcode > 0xF) {
            throw new IllegalArgumentException("opcode must be 0..15, was " + opcode);
        }
        dst.put((byte) (0x80 | opcode));
        int maskBit = masked ? 0x80 : 0;
        if (len <= 125) {
            dst.put((byte) (maskBit | len));
        } else if (len <= 0xFFFF) {
            dst.put((byte) (maskBit | 126));
            dst.putShort((short) len);
        } else {
            dst.put((byte) (maskBit | 127));
            dst.putLong(len);
        }
    }
}
