package io.pushbench.jmh.codec;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip-encoded {@code text/event-stream} response body written event by event, each event flushed with
 * {@link Deflater#SYNC_FLUSH} so the client can decode it at once: what Jetty 12.1's {@code CompressionHandler}
 * does for SSE when its gzip encoder has {@code syncFlush} on (without it, events sit in the deflater and never
 * arrive).
 *
 * <pre>{@code
 * GzipEventStream gz = new GzipEventStream(Deflater.DEFAULT_COMPRESSION);
 * write(gz.header());                          // once per response
 * int n = gz.write(sseEvent, 0, sseEvent.length); write(gz.buffer(), 0, n);   // per event
 * n = gz.finish(); write(gz.buffer(), 0, n);   // end of response: final block + CRC32 + ISIZE
 * }</pre>
 *
 * <p>The stream is one DEFLATE stream per connection, so context is always taken over from earlier events (there
 * is no per-event reset in gzip); the per-event cost is the deflate step plus the CRC32 update. Not thread-safe.
 */
public final class GzipEventStream implements AutoCloseable {
    /** RFC 1952 member header: magic, CM=8 (deflate), no flags, no mtime, XFL=0, OS=255 (unknown). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private long size;
    private byte[] out = new byte[1024];

    /** @param level DEFLATE level, {@link Deflater#DEFAULT_COMPRESSION} or 0..9 */
    public GzipEventStream(int level) {
        if (level != Deflater.DEFAULT_COMPRESSION && (level < 0 || level > 9)) {
            throw new IllegalArgumentException("level must be -1 or 0..9, was " + level);
        }
        this.deflater = new Deflater(level, true);
    }

    /** The 10-byte gzip header that opens the response body. */
    public byte[] header() {
        return HEADER.clone();
    }

    /**
     * Compresses and flushes one event.
     *
     * @return the number of bytes, now at the start of {@link #buffer()}
     */
    public int write(byte[] event, int off, int len) {
        crc.update(event, off, len);
        size += len;
        deflater.setInput(event, off, len);
        return PerMessageDeflater.SyncFlush.drain(deflater, out, 0, this::grow);
    }

    /**
     * Ends the stream: the final DEFLATE block, then CRC32 and ISIZE (little-endian).
     *
     * @return the number of bytes, now at the start of {@link #buffer()}
     */
    public int finish() {
        deflater.finish();
        int n = 0;
        while (!deflater.finished()) {
            if (n == out.length) {
                grow(out.length + 1);
            }
            n += deflater.deflate(out, n, out.length - n);
        }
        if (out.length - n < 8) {
            grow(n + 8);
        }
        putIntLe(n, (int) crc.getValue());
        putIntLe(n + 4, (int) size);
        return n + 8;
    }

    /** The reused output buffer. */
    public byte[] buffer() {
        return out;
    }

    private byte[] grow(int minCapacity) {
        out = Arrays.copyOf(out, Math.max(minCapacity, out.length * 2));
        return out;
    }

    private void putIntLe(int at, int v) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
        out[at + 2] = (byte) (v >>> 16);
        out[at + 3] = (byte) (v >>> 24);
    }

    @Override
    public void close() {
        deflater.end();
    }
}
