package io.pushbench.wire;

import java.nio.ByteBuffer;

/**
 * Incremental RFC 6455 frame parser: feed bytes in chunks of any size; each complete frame is delivered with its
 * payload unmasked. Fragmented messages are delivered frame by frame (the listener sees {@code fin}).
 *
 * <pre>{@code
 * WebSocketFrameParser p = new WebSocketFrameParser(1 << 20, (fin, opcode, payload) -> handle(payload));
 * p.feed(chunk);
 * }</pre>
 *
 * <p>Not thread-safe. A frame larger than {@code maxPayload} fails with {@link IllegalStateException}
 * (the caller closes with 1009), as does a reserved bit set without a negotiated extension, and, for a client's
 * parser ({@link #ofServerFrames}), a masked frame (RFC 6455 §5.1: a client must close the connection on one).
 * The payload buffer is reused from frame to frame (grown when a frame needs more), so parsing allocates nothing per
 * frame once the largest frame has been seen.
 */
public final class WebSocketFrameParser {
    /** Receives each complete frame; the payload buffer is only valid during the call. */
    @FunctionalInterface
    public interface Listener {
        void onFrame(boolean fin, int opcode, ByteBuffer payload);
    }

    private final int maxPayload;
    private final boolean serverFramesOnly;
    private final Listener listener;
    private final byte[] header = new byte[14];
    private int headerHave;
    private int headerNeed = 2;
    private ByteBuffer payload;
    private ByteBuffer reusable = ByteBuffer.allocate(0);
    private boolean fin;
    private int opcode;
    private boolean masked;
    private final byte[] mask = new byte[4];
    private boolean inPayload;

    public WebSocketFrameParser(int maxPayload, Listener listener) {
        this(maxPayload, false, listener);
    }

    private WebSocketFrameParser(int maxPayload, boolean serverFramesOnly, Listener listener) {
        if (maxPayload < 0) {
            throw new IllegalArgumentException("maxPayload must be >= 0, was " + maxPayload);
        }
        this.maxPayload = maxPayload;
        this.serverFramesOnly = serverFramesOnly;
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * A client's parser of what a server sends: as the constructor's, except that a masked frame fails with
     * {@link IllegalStateException} (servers never mask; RFC 6455 §5.1).
     */
    public static WebSocketFrameParser ofServerFrames(int maxPayload, Listener listener) {
        return new WebSocketFrameParser(maxPayload, true, listener);
    }

    /** Consumes all remaining bytes of {@code chunk}. */
    public void feed(ByteBuffer chunk) {
        while (chunk.hasRemaining()) {
            if (!inPayload) {
                header[headerHave++] = chunk.get();
                if (headerHave == headerNeed) {
                    onHeaderProgress();
                }
            } else {
                int n = Math.min(chunk.remaining(), payload.remaining());
                ByteBuffer slice = chunk.slice(chunk.position(), n);
                payload.put(slice);
                chunk.position(chunk.position() + n);
                if (!payload.hasRemaining()) {
                    deliver();
                }
            }
        }
    }

    private void onHeaderProgress() {
        if (headerHave == 2) {
            fin = (header[0] & 0x80) != 0;
            if ((header[0] & 0x70) != 0) {
                throw new IllegalStateException("reserved bits set without a negotiated extension");
            }
            opcode = header[0] & 0x0F;
            masked = (header[1] & 0x80) != 0;
            if (masked && serverFramesOnly) {
                throw new IllegalStateException("masked frame from the server (RFC 6455 section 5.1 forbids it)");
            }
            int len7 = header[1] & 0x7F;
            int extra = (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (extra > 0) {
                headerNeed = 2 + extra;
                return;
            }
        }
        int len7 = header[1] & 0x7F;
        long len;
        int p = 2;
        if (len7 == 126) {
            len = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            p = 4;
        } else if (len7 == 127) {
            len = ByteBuffer.wrap(header, 2, 8).getLong();
            p = 10;
        } else {
            len = len7;
        }
        if (len < 0 || len > maxPayload) {
            throw new IllegalStateException("frame payload of " + len + " bytes exceeds the limit of " + maxPayload);
        }
        if (masked) {
            System.arraycopy(header, p, mask, 0, 4);
        }
        if (reusable.capacity() < len) {
            reusable = ByteBuffer.allocate((int) Math.max(len, Math.min(maxPayload, 2L * reusable.capacity())));
        }
        payload = reusable.clear().limit((int) len);
        inPayload = true;
        if (len == 0) {
            deliver();
        }
    }

    private void deliver() {
        payload.flip();
        if (masked) {
            for (int i = 0; i < payload.limit(); i++) {
                payload.put(i, (byte) (payload.get(i) ^ mask[i & 3]));
            }
        }
        ByteBuffer done = payload;
        inPayload = false;
        headerHave = 0;
        headerNeed = 2;
        payload = null;
        listener.onFrame(fin, opcode, done);
    }
}
