package io.pushbench.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Recovery at start: reads every segment of a log directory oldest first, checks every record
 * ({@link SegmentScanner}) and cuts the log at the first bad one, so that what remains is a gap-free run of seqs
 * that the publisher can continue.
 *
 * <p>At the first problem, wherever it is (a torn last record after a power loss, a flipped byte in an old
 * segment, a segment whose name does not continue its predecessor), that segment is truncated to its last good
 * record and every later segment is deleted: the records after a bad one cannot be served, because the seqs must
 * stay gap-free. The problem is reported in exactly one line:
 * <pre>
 * pushbench log: feed-00000000000000000001.seg offset 3700: checksum mismatch; kept 100 records (seq 1..100),
 *     dropped 74 bytes and 1 later segment; the feed continues at seq 101
 * </pre>
 * (one line; wrapped here). A SIGKILL cannot cause any of this: a record is written with one {@code write()},
 * which the kernel completes or does not start; only a power loss, a kernel crash or damage on disk can.
 *
 * <pre>{@code
 * LogRecovery.Recovered r = LogRecovery.recover(dir, 10_000);   // truncates and deletes on disk
 * if (r.report() != null) System.err.println(r.report());
 * long next = r.lastSeq() + 1;                                 // the publisher's next seq
 * }</pre>
 */
final class LogRecovery {
    private LogRecovery() {
    }

    /**
     * What recovery kept.
     *
     * @param segments     the segments left, oldest first (the last one is where appends continue)
     * @param lastSeq      seq of the last good record; 0 for an empty log (or the seq before the first segment's,
     *                     when all its records were cut)
     * @param records      good records kept, all segments together
     * @param bytesDropped bytes cut from the bad segment plus the size of every later segment deleted
     * @param tail         the last (at most {@code keep}) records, oldest first: the replay ring's content
     * @param report       the one-line report of the problem, or null when the log was whole
     */
    record Recovered(List<Segment> segments, long lastSeq, long records, long bytesDropped, List<LogRecord> tail,
                     String report) {
    }

    /**
     * Recovers the log in {@code dir} (which must exist), truncating and deleting on disk what cannot be kept.
     *
     * @param keep how many of the newest records to return in {@link Recovered#tail()}, >= 1
     */
    static Recovered recover(Path dir, int keep) throws IOException {
        List<Segment> found = Segment.list(dir);
        List<Segment> kept = new ArrayList<>();
        ArrayDeque<LogRecord> tail = new ArrayDeque<>(Math.min(keep, 1 << 16));
        long lastSeq = 0;
        long records = 0;
        long firstKeptSeq = 0;
        long dropped = 0;
        int laterDeleted = 0;
        String where = null;    // "file offset N: reason" of the first problem
        for (int i = 0; i < found.size(); i++) {
            Segment seg = found.get(i);
            if (where != null) {
                dropped += Files.size(seg.path());
                Files.delete(seg.path());
                laterDeleted++;
                continue;
            }
            if (!kept.isEmpty() && seg.firstSeq() != lastSeq + 1) {
                where = seg.name() + " offset 0: starts at seq " + seg.firstSeq() + " where " + (lastSeq + 1)
                        + " was expected";
                dropped += Files.size(seg.path());
                Files.delete(seg.path());
                continue;
            }
            if (kept.isEmpty()) {
                lastSeq = seg.firstSeq() - 1; // older segments were deleted by retention: the log starts here
            }
            SegmentScanner.Result r = SegmentScanner.scan(seg, lastSeq + 1, rec -> {
                if (tail.size() == keep) {
                    tail.pollFirst();
                }
                tail.addLast(rec);
            });
            if (r.records() > 0 && firstKeptSeq == 0) {
                firstKeptSeq = seg.firstSeq();
            }
            records += r.records();
            lastSeq = r.lastSeq();
            if (r.problem() != null) {
                where = seg.name() + " offset " + r.goodBytes() + ": " + r.problem();
                dropped += r.fileBytes() - r.goodBytes();
                truncate(seg.path(), r.goodBytes());
            }
            boolean emptyAndNotLast = r.fileBytes() == 0 && i < found.size() - 1;
            if (emptyAndNotLast) {
                // created by a roll whose first append never came (a crash in between): it holds nothing
                Files.delete(seg.path());
            } else {
                kept.add(seg);
            }
        }
        String report = null;
        if (where != null) {
            report = "pushbench log: " + where + "; kept " + records + " records"
                    + (records > 0 ? " (seq " + firstKeptSeq + ".." + lastSeq + ")" : "")
                    + ", dropped " + dropped + " bytes"
                    + (laterDeleted > 0 ? " and " + laterDeleted + " later segment" + (laterDeleted > 1 ? "s" : "") : "")
                    + "; the feed continues at seq " + (lastSeq + 1);
        }
        return new Recovered(List.copyOf(kept), lastSeq, records, dropped, List.copyOf(tail), report);
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}
