package io.pushbench.jmh.codec;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The sending half of RFC 7692 permessage-deflate, done the way a WebSocket endpoint does it per message: raw
 * DEFLATE (no zlib header), {@link Deflater#SYNC_FLUSH} at the end of each message, and the trailing empty stored
 * block {@code 00 00 FF FF} removed (RFC 7692 §7.2.1).
 *
 * <pre>{@code
 * PerMessageDeflater d = new PerMessageDeflater(Deflater.DEFAULT_COMPRESSION, true);  // context takeover
 * int n = d.compress(json, 0, json.length);   // the frame payload is d.buffer()[0..n), sent with RSV1 set
 * }</pre>
 *
 * <p>With context takeover (the RFC's default) one {@link Deflater} and its 32 KiB window live for the whole
 * connection, so a message can refer back to earlier ones; without it ({@code *_no_context_takeover}) the
 * deflater is reset before every message, which costs a fresh dictionary each time and compresses worse. Either
 * way the work is per connection: a server cannot "encode once" a compressed message with context takeover,
 * because each connection's window differs.
 *
 * <p>The output buffer is reused (grown when needed) so that the benchmark measures compression, not
 * allocation. Not thread-safe: one instance per connection. Jetty's {@code PerMessageDeflateExtension} does the
 * same steps on pooled buffers; this class exists so that JMH can measure them without a socket.
 */
public final class PerMessageDeflater implements AutoCloseable {
    private final Deflater deflater;
    private final boolean contextTakeover;
    private byte[] out = new byte[1024];

    /**
     * @param level           DEFLATE level, {@link Deflater#DEFAULT_COMPRESSION} or 0..9
     * @param contextTakeover keep the sliding window across messages (true) or reset it per message (false)
     */
    public PerMessageDeflater(int level, boolean contextTakeover) {
        if (level != Deflater.DEFAULT_COMPRESSION && (level < 0 || level > 9)) {
            throw new IllegalArgumentException("level must be -1 or 0..9, was " + level);
        }
        this.deflater = new Deflater(level, true);
        this.contextTakeover = contextTakeover;
    }

    /**
     * Compresses one whole message.
     *
     * @return the number of compressed bytes, now at the start of {@link #buffer()}
     */
    public int compress(byte[] message, int off, int len) {
        if (!contextTakeover) {
            deflater.reset();
        }
        deflater.setInput(message, off, len);
        int n = SyncFlush.drain(deflater, this);
        // A SYNC_FLUSH always ends with an empty stored block, 00 00 FF FF; RFC 7692 §7.2.1 strips it.
        if (n < 4 || out[n - 4] != 0 || out[n - 3] != 0 || out[n - 2] != (byte) 0xFF || out[n - 1] != (byte) 0xFF) {
            throw new IllegalStateException("SYNC_FLUSH output does not end with 00 00 FF FF");
        }
        return n - 4;
    }

    /** Convenience copy of {@link #compress} (tests, one-off use). */
    public byte[] compress(byte[] message) {
        return Arrays.copyOf(out, compress(message, 0, message.length));
    }

    /** The reused output buffer; valid up to the length returned by the last {@link #compress} call. */
    public byte[] buffer() {
        return out;
    }

    byte[] grow(int minCapacity) {
        out = Arrays.copyOf(out, Math.max(minCapacity, out.length * 2));
        return out;
    }

    @Override
    public void close() {
        deflater.end();
    }

    /** The drain loop shared with {@link GzipEventStream}. */
    static final class SyncFlush {
        private SyncFlush() {
        }

        /** Deflates all pending input with SYNC_FLUSH into the owner's buffer from offset 0; returns the length. */
        static int drain(Deflater deflater, PerMessageDeflater owner) {
            return drain(deflater, owner.out, 0, owner::grow);
        }

        static int drain(Deflater deflater, byte[] buf, int from, java.util.function.IntFunction<byte[]> grow) {
            int n = from;
            while (true) {
                if (n == buf.length) {
                    buf = grow.apply(buf.length + 1);
                }
                int room = buf.length - n;
                int k = deflater.deflate(buf, n, room, Deflater.SYNC_FLUSH);
                n += k;
                // Deflater's contract: with SYNC_FLUSH, a call that fills the whole space must be repeated.
                if (k < room) {
                    return n;
                }
            }
        }
    }
}
