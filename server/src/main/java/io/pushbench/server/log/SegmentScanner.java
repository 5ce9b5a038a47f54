package io.pushbench.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads one segment from its start and checks every record: the length, the CRC32C of the body, the format and
 * that seqs run on gap-free from the expected one. It stops at the first record that fails and says where and
 * why, so that recovery can cut the log there; it never skips a bad record, since the records after it would
 * leave a gap in the seqs.
 *
 * <pre>{@code
 * SegmentScanner.Result r = SegmentScanner.scan(segment, expectedSeq, record -> tail.add(record));
 * if (r.problem() != null) { ... cut at r.goodBytes() ... }
 * }</pre>
 */
final class SegmentScanner {
    /** Largest body a reader accepts: far beyond format 1, small enough that a garbage length cannot look valid. */
    static final int MAX_BODY_BYTES = 1 << 16;
    private static final int BUFFER_BYTES = 256 * 1024;

    private SegmentScanner() {
    }

    /**
     * How far a segment was good.
     *
     * @param records   good records read
     * @param lastSeq   seq of the last good record, or {@code expectedSeq - 1} when none
     * @param goodBytes offset just past the last good record: where the segment is cut when {@code problem} is set
     * @param fileBytes the file's size when read
     * @param problem   why reading stopped before the end of the file, or null when every byte was a good record
     */
    record Result(long records, long lastSeq, long goodBytes, long fileBytes, String problem) {
    }

    /**
     * Scans {@code segment}, handing each good record to {@code sink}, oldest first.
     *
     * @param expectedSeq the seq the first record must have
     */
    static Result scan(Segment segment, long expectedSeq, Consumer<LogRecord> sink) throws IOException {
        try (FileChannel ch = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, Math.max(size, LogRecord.FRAME_BYTES)));
            buf.flip();
            CRC32C crc = new CRC32C();
            long offset = 0;     // file offset of buf's position
            long records = 0;
            long seq = expectedSeq;
            while (offset < size) {
                if (!fill(ch, buf, offset, size, LogRecord.HEADER_BYTES)) {
                    return new Result(records, seq - 1, offset, size, "truncated record header ("
                            + (size - offset) + " of " + LogRecord.HEADER_BYTES + " bytes)");
                }
                int length = buf.getInt(buf.position());
                int checksum = buf.getInt(buf.position() + 4);
                if (length < 1 || length > MAX_BODY_BYTES) {
                    return new Result(records, seq - 1, offset, size, "bad record length " + length);
                }
                int frame = LogRecord.HEADER_BYTES + length;
                if (buf.capacity() < frame) {
                    buf = grow(buf, frame);
                }
                if (!fill(ch, buf, offset, size, frame)) {
                    return new Result(records, seq - 1, offset, size, "truncated record (" + (size - offset)
                            + " of " + frame + " bytes)");
                }
                ByteBuffer body = buf.slice(buf.position() + LogRecord.HEADER_BYTES, length);
                crc.reset();
                crc.update(body.duplicate());
                if ((int) crc.getValue() != checksum) {
                    return new Result(records, seq - 1, offset, size, "checksum mismatch");
                }
                LogRecord r;
                try {
                    r = LogRecord.readBody(body);
                } catch (IllegalArgumentException e) {
                    return new Result(records, seq - 1, offset, size, e.getMessage());
                }
                if (r.seq() != seq) {
                    return new Result(records, seq - 1, offset, size, "seq " + r.seq() + " where " + seq
                            + " was expected");
                }
                sink.accept(r);
                records++;
                seq++;
                buf.position(buf.position() + frame);
                offset += frame;
            }
            return new Result(records, seq - 1, offset, size, null);
        }
    }

    /**
     * Makes at least {@code need} bytes available at {@code buf}'s position, reading on from the file; false when the
     * file ends first. {@code offset} is the file offset of {@code buf}'s position.
     */
    private static boolean fill(FileChannel ch, ByteBuffer buf, long offset, long size, int need) throws IOException {
        if (buf.remaining() >= need) {
            return true;
        }
        if (size - offset < need) {
            return false;
        }
        long readAt = offset + buf.remaining();
        buf.compact();
        while (buf.position() < need) {
            int n = ch.read(buf, readAt);
            if (n < 0) {
                buf.flip();
                return false;
            }
            readAt += n;
        }
        buf.flip();
        return true;
    }

    private static ByteBuffer grow(ByteBuffer buf, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(atLeast);
        bigger.put(buf);
        return bigger.flip();
    }
}
