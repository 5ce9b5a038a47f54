package io.pushbench.server.log;

import io.pushbench.wire.EncodedMessage;
import io.pushbench.wire.FeedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The segment log on its own: append and read back, rolling, recovery of torn and corrupt records, reopening. */
@Timeout(30)
class SegmentLogTest {
    static final int FRAME = LogRecord.FRAME_BYTES;

    @TempDir
    Path dir;
    final List<String> reports = new ArrayList<>();
    final List<SegmentLog> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(SegmentLog::close);
    }

    /** Message {@code seq} as the publisher would encode it; sizes vary so that the size is really stored. */
    static EncodedMessage message(long seq) {
        return EncodedMessage.of(new FeedMessage(seq, 1_700_000_000_000_000L + seq * 5_000, 9_000_000_000L + seq * 5_000_000),
                100 + (int) (seq % 7));
    }

    SegmentLog open(FsyncPolicy fsync, long segmentBytes, int keep) throws IOException {
        SegmentLog log = SegmentLog.open(new SegmentLog.Options(dir, fsync, Duration.ofMillis(20), segmentBytes, keep),
                reports::add);
        open.add(log);
        return log;
    }

    SegmentLog open(long segmentBytes, int keep) throws IOException {
        return open(FsyncPolicy.NEVER, segmentBytes, keep);
    }

    void reopen(SegmentLog log) {
        log.close();
        open.remove(log);
    }

    static void append(SegmentLog log, long from, long to) {
        for (long s = from; s <= to; s++) {
            log.append(message(s));
        }
    }

    List<Path> segmentFiles() throws IOException {
        return Segment.list(dir).stream().map(Segment::path).toList();
    }

    @Test
    void appendsAndReadsBackByteIdenticalMessages() throws Exception {
        SegmentLog log = open(1 << 20, 10);
        assertThat(log.lastSeq()).isZero();
        append(log, 1, 100);
        assertThat(log.lastSeq()).isEqualTo(100);
        reopen(log);

        SegmentLog again = open(1 << 20, 10);
        assertThat(again.recoveredRecords()).isEqualTo(100);
        assertThat(again.recoveredLastSeq()).isEqualTo(100);
        assertThat(again.recoveryBytesDropped()).isZero();
        assertThat(again.recoveryReport()).isNull();
        assertThat(reports).isEmpty();
        List<LogRecord> tail = again.takeRecoveredTail();
        assertThat(again.takeRecoveredTail()).as("handed over once").isEmpty();
        assertThat(tail).extracting(LogRecord::seq).containsExactly(91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L);
        for (LogRecord r : tail) {
            EncodedMessage original = message(r.seq());
            EncodedMessage replayed = r.toMessage();
            assertThat(replayed.json()).isEqualTo(original.json());
            assertThat(replayed.sse()).isEqualTo(original.sse());
        }
        assertThat(Files.size(dir.resolve("feed-00000000000000000001.seg"))).isEqualTo(100L * FRAME);
    }

    @Test
    void rollsPastSegmentBytesAndDeletesSegmentsReplayNoLongerNeeds() throws Exception {
        SegmentLog log = open(10 * FRAME, 25); // 10 records per segment, replay needs the last 25
        append(log, 1, 95);
        // 1..10, 11..20, ... 91..95; deletion runs at a roll: rolling to 91, replay needed 66..90, so 61.. stays
        assertThat(segmentFiles()).extracting(p -> p.getFileName().toString()).containsExactly(
                "feed-00000000000000000061.seg", "feed-00000000000000000071.seg", "feed-00000000000000000081.seg",
                "feed-00000000000000000091.seg");
        assertThat(log.segmentCount()).isEqualTo(4);
        assertThat(Files.size(dir.resolve("feed-00000000000000000081.seg"))).isEqualTo(10L * FRAME);
        reopen(log);

        SegmentLog again = open(10 * FRAME, 25);
        assertThat(again.recoveredLastSeq()).isEqualTo(95);
        assertThat(again.recoveredRecords()).isEqualTo(35); // what is still on disk: 61..95
        List<LogRecord> tail = again.takeRecoveredTail();
        assertThat(tail).hasSize(25);
        assertThat(tail.get(0).seq()).isEqualTo(71);
        append(again, 96, 100);
        assertThat(again.lastSeq()).isEqualTo(100);
    }

    @Test
    void aTornLastRecordIsReportedInOneLineAndCut() throws Exception {
        SegmentLog log = open(1 << 20, 100);
        append(log, 1, 50);
        reopen(log);
        // a power loss in the middle of record 51: only its first 20 bytes reached the disk
        Path seg = dir.resolve("feed-00000000000000000001.seg");
        ByteBuffer frame = ByteBuffer.allocate(FRAME);
        LogRecord.of(message(51)).frame(frame, new CRC32C());
        Files.write(seg, java.util.Arrays.copyOf(frame.array(), 20), StandardOpenOption.APPEND);

        SegmentLog again = open(1 << 20, 100);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).doesNotContain("\n")
                .isEqualTo("pushbench log: feed-00000000000000000001.seg offset " + 50 * FRAME
                        + ": truncated record (20 of " + FRAME + " bytes); kept 50 records (seq 1..50), dropped 20 bytes;"
                        + " the feed continues at seq 51");
        assertThat(again.recoveryReport()).isEqualTo(reports.get(0));
        assertThat(again.recoveryBytesDropped()).isEqualTo(20);
        assertThat(again.recoveredLastSeq()).isEqualTo(50);
        assertThat(Files.size(seg)).isEqualTo(50L * FRAME);
        append(again, 51, 60);
        reopen(again);

        SegmentLog third = open(1 << 20, 100);
        assertThat(reports).hasSize(1); // whole again
        assertThat(third.recoveredLastSeq()).isEqualTo(60);
        assertThat(third.takeRecoveredTail()).extracting(LogRecord::seq).startsWith(1L).endsWith(60L).hasSize(60);
    }

    @Test
    void aTornHeaderIsCutToo() throws Exception {
        SegmentLog log = open(1 << 20, 100);
        append(log, 1, 5);
        reopen(log);
        Files.write(dir.resolve("feed-00000000000000000001.seg"), new byte[]{0, 0, 0}, StandardOpenOption.APPEND);
        SegmentLog again = open(1 << 20, 100);
        assertThat(reports).singleElement().asString().contains("offset " + 5 * FRAME + ": truncated record header",
                "kept 5 records (seq 1..5), dropped 3 bytes");
        assertThat(again.lastSeq()).isEqualTo(5);
    }

    @Test
    void aFlippedByteInAnOldSegmentCutsTheLogThere() throws Exception {
        SegmentLog log = open(10 * FRAME, 1_000);
        append(log, 1, 50); // five segments of ten
        reopen(log);
        // flip one bit of record 25's mono (segment 21..30, its fifth record)
        Path seg = dir.resolve("feed-00000000000000000021.seg");
        long offset = 4L * FRAME;
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            long at = offset + LogRecord.HEADER_BYTES + 1 + 8 + 8 + 3;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }

        SegmentLog again = open(10 * FRAME, 1_000);
        long dropped = 6L * FRAME + 2 * 10L * FRAME; // the rest of segment 21, segments 31 and 41
        assertThat(reports).singleElement().isEqualTo("pushbench log: feed-00000000000000000021.seg offset "
                + offset + ": checksum mismatch; kept 24 records (seq 1..24), dropped " + dropped
                + " bytes and 2 later segments; the feed continues at seq 25");
        assertThat(again.recoveredLastSeq()).isEqualTo(24);
        assertThat(again.recoveredRecords()).isEqualTo(24);
        assertThat(again.recoveryBytesDropped()).isEqualTo(dropped);
        assertThat(segmentFiles()).extracting(p -> p.getFileName().toString()).containsExactly(
                "feed-00000000000000000001.seg", "feed-00000000000000000011.seg", "feed-00000000000000000021.seg");
        assertThat(Files.size(seg)).isEqualTo(offset);
        append(again, 25, 35); // continues in segment 21, gap-free
        assertThat(again.lastSeq()).isEqualTo(35);
    }

    @Test
    void aSegmentThatDoesNotContinuePredecessorCutsTheLog() throws Exception {
        SegmentLog log = open(10 * FRAME, 1_000);
        append(log, 1, 30);
        reopen(log);
        Files.delete(dir.resolve("feed-00000000000000000011.seg")); // a hole: 11..20 gone
        SegmentLog again = open(10 * FRAME, 1_000);
        assertThat(reports).singleElement().asString()
                .startsWith("pushbench log: feed-00000000000000000021.seg offset 0: starts at seq 21 where 11 was expected;"
                        + " kept 10 records (seq 1..10), dropped " + 10 * FRAME + " bytes");
        assertThat(again.lastSeq()).isEqualTo(10);
    }

    @Test
    void reopenContinuesTheSeqsAndRefusesAGap() throws Exception {
        SegmentLog log = open(1 << 20, 10);
        append(log, 1, 30);
        assertThatThrownBy(() -> log.append(message(32))).isInstanceOf(IllegalStateException.class)
                .hasMessage("log expects seq 31, got 32");
        reopen(log);
        SegmentLog again = open(1 << 20, 10);
        assertThat(again.lastSeq()).isEqualTo(30);
        assertThatThrownBy(() -> again.append(message(30))).hasMessage("log expects seq 31, got 30");
        again.append(message(31));
        assertThat(again.lastSeq()).isEqualTo(31);
    }

    @Test
    void aDirectoryIsOpenOnceAtATime() throws Exception {
        open(1 << 20, 10);
        assertThatThrownBy(() -> open(1 << 20, 10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is in use by another server");
    }

    @Test
    void fsyncPoliciesAdvanceTheDurableSeqAsDocumented() throws Exception {
        SegmentLog never = open(FsyncPolicy.NEVER, 1 << 20, 10);
        append(never, 1, 10);
        assertThat(never.durableSeq()).isZero();
        assertThat(never.fsyncs()).isZero();
        reopen(never);

        SegmentLog always = open(FsyncPolicy.ALWAYS, 4 * FRAME, 10);
        assertThat(always.durableSeq()).isEqualTo(10); // what recovery kept is forced at open
        append(always, 11, 20);
        assertThat(always.durableSeq()).isEqualTo(20);
        assertThat(always.fsyncs()).isGreaterThanOrEqualTo(10);
        reopen(always);

        SegmentLog interval = open(FsyncPolicy.INTERVAL, 4 * FRAME, 10); // every 20 ms on its own thread
        append(interval, 21, 30);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (interval.durableSeq() < 30 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(interval.durableSeq()).isEqualTo(30);
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("pushbench-log-sync"));
        reopen(interval);
        assertThat(reports).isEmpty();
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new SegmentLog.Options(dir, FsyncPolicy.NEVER, Duration.ofSeconds(1), FRAME - 1, 10))
                .hasMessage("segment bytes must be >= " + FRAME + " (one record), was " + (FRAME - 1));
        assertThatThrownBy(() -> new SegmentLog.Options(dir, FsyncPolicy.INTERVAL, Duration.ZERO, 1 << 20, 10))
                .hasMessageContaining("fsync interval must be > 0");
        assertThatThrownBy(() -> FsyncPolicy.parse("sometimes"))
                .hasMessage("fsync must be never, always or interval, was 'sometimes'");
        assertThat(FsyncPolicy.parse(" Always ")).isEqualTo(FsyncPolicy.ALWAYS);
    }
}
