package io.pushbench.server.log;

import io.pushbench.wire.EncodedMessage;
import io.pushbench.wire.FeedMessage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One published message as the segment log stores it: exactly what {@link EncodedMessage#of} needs to re-create
 * the message's bytes, so that a message replayed after a restart is byte-identical to the one first sent.
 *
 * <p>On disk a record is a frame of {@value #FRAME_BYTES} bytes, big-endian:
 * <pre>
 *   int  length   body length in bytes ({@value #BODY_BYTES} in format 1)
 *   int  crc32c   CRC32C of the body
 *   body:
 *     byte version   1
 *     long seq
 *     long ts        scheduled publish time, epoch µs
 *     long mono      scheduled publish time, the server's System.nanoTime()
 *     int  jsonBytes the JSON's size as sent (>= FeedJson.minimumSize, so encode(m, jsonBytes) gives it back)
 * </pre>
 * The JSON itself is not stored: {@code FeedJson.encode} is deterministic, and the four fields are 29 bytes where
 * the JSON is typically 256. The length prefix lets a later format grow the body; a reader refuses versions it
 * does not know rather than guess.
 *
 * <pre>{@code
 * LogRecord r = LogRecord.of(encoded);
 * r.frame(buffer, crc);                        // appends the 37-byte frame
 * EncodedMessage same = r.toMessage();         // json() and sse() equal encoded's, byte for byte
 * }</pre>
 *
 * @param seq       sequence number
 * @param ts        scheduled epoch microseconds
 * @param mono      scheduled monotonic nanoseconds
 * @param jsonBytes size of the JSON as first encoded
 */
public record LogRecord(long seq, long ts, long mono, int jsonBytes) {
    /** Record format written by this version. */
    public static final byte VERSION = 1;
    /** Body size of format 1. */
    public static final int BODY_BYTES = 1 + 8 + 8 + 8 + 4;
    /** Length and checksum in front of the body. */
    public static final int HEADER_BYTES = 4 + 4;
    /** A whole format-1 record on disk. */
    public static final int FRAME_BYTES = HEADER_BYTES + BODY_BYTES;

    /** The record of an encoded message. */
    public static LogRecord of(EncodedMessage m) {
        FeedMessage f = m.message();
        return new LogRecord(f.seq(), f.ts(), f.mono(), m.json().length);
    }

    /** Re-creates the message exactly as the publisher encoded it. */
    public EncodedMessage toMessage() {
        return EncodedMessage.of(new FeedMessage(seq, ts, mono), jsonBytes);
    }

    /**
     * Writes this record's frame at {@code out}'s position ({@value #FRAME_BYTES} bytes must remain).
     *
     * @param crc a reusable checksum (reset here), so that the publisher allocates nothing per record
     */
    public void frame(ByteBuffer out, CRC32C crc) {
        int start = out.position();
        out.putInt(BODY_BYTES);
        out.putInt(0); // the checksum, patched below once the body is written
        int body = out.position();
        out.put(VERSION).putLong(seq).putLong(ts).putLong(mono).putInt(jsonBytes);
        crc.reset();
        crc.update(out.slice(body, BODY_BYTES));
        out.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Reads a body whose length and checksum were already verified.
     *
     * @throws IllegalArgumentException with a one-line reason when the body is not a record this version knows
     */
    static LogRecord readBody(ByteBuffer body) {
        if (body.remaining() != BODY_BYTES) {
            throw new IllegalArgumentException("record body of " + body.remaining() + " bytes, format 1 has "
                    + BODY_BYTES);
        }
        byte version = body.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown record version " + version);
        }
        LogRecord r = new LogRecord(body.getLong(), body.getLong(), body.getLong(), body.getInt());
        if (r.seq < 1 || r.ts < 0 || r.mono < 0 || r.jsonBytes < 0) {
            throw new IllegalArgumentException("record fields out of range: " + r);
        }
        return r;
    }
}
