package io.pushbench.server.log;

import io.pushbench.wire.EncodedMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The feed's durable log: an append-only sequence of checksummed records ({@link LogRecord}) in segment files
 * ({@link Segment}) of one directory, written ahead of the fan-out, so that a restarted server continues the seqs
 * and replays what its clients missed.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #append} writes a record to the OS (one positional {@code write()} into the page cache) and returns
 *       only then; the caller fans the message out after it. A killed process therefore loses nothing that any client
 *       has received. What a power loss can lose is the {@link FsyncPolicy}'s to say.</li>
 *   <li>Seqs are appended gap-free: each append must be {@link #lastSeq()} + 1.</li>
 *   <li>One writer: {@link #append} is called by one thread at a time (the publisher). The getters are for any
 *       thread.</li>
 *   <li>{@link #open} recovers first ({@link LogRecovery}): a bad record anywhere cuts the log there, reported in one
 *       line to the given sink. {@link #takeRecoveredTail()} is then the newest {@code keepRecords} records, and
 *       {@link #lastSeq()} where the feed continues.</li>
 *   <li>A segment rolls when the next record would take it past {@code segmentBytes}; at a roll, segments whose
 *       records are all older than the newest {@code keepRecords} are deleted (replay never needs them).</li>
 *   <li>The directory is locked ({@code lock} file) while open: a second server on the same directory is refused
 *       instead of interleaving records. The OS releases the lock when the process dies, SIGKILL included.</li>
 * </ul>
 *
 * <pre>{@code
 * SegmentLog log = SegmentLog.open(new SegmentLog.Options(dir, FsyncPolicy.INTERVAL, Duration.ofSeconds(1),
 *         64L << 20, 10_000), System.err::println);
 * long next = log.lastSeq() + 1;                  // the publisher's first seq
 * log.append(encoded);                            // then fan it out
 * log.close();                                    // fsyncs (unless NEVER) and releases the directory
 * }</pre>
 */
public final class SegmentLog implements AutoCloseable {
    /** Default segment size: 64 MiB, about 1.8 million records. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Default fsync policy. */
    public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.INTERVAL;
    /** Default period of {@link FsyncPolicy#INTERVAL}. */
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);
    static final String LOCK_FILE = "lock";

    /**
     * How to open a log.
     *
     * @param dir           the directory (created when missing)
     * @param fsync         when to fsync
     * @param fsyncInterval the period of {@link FsyncPolicy#INTERVAL} (ignored by the other policies)
     * @param segmentBytes  roll to a new segment past this size; at least one record per segment
     * @param keepRecords   how many of the newest records replay needs: the recovered tail's length and what
     *                      deletion of old segments keeps (the replay ring's size)
     */
    public record Options(Path dir, FsyncPolicy fsync, Duration fsyncInterval, long segmentBytes, int keepRecords) {
        public Options {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(fsync, "fsync");
            Objects.requireNonNull(fsyncInterval, "fsyncInterval");
            if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
                throw new IllegalArgumentException("fsync interval must be > 0, was " + fsyncInterval);
            }
            if (segmentBytes < LogRecord.FRAME_BYTES) {
                throw new IllegalArgumentException("segment bytes must be >= " + LogRecord.FRAME_BYTES + " (one record), was "
                        + segmentBytes);
            }
            if (keepRecords < 1) {
                throw new IllegalArgumentException("keepRecords must be >= 1, was " + keepRecords);
            }
        }
    }

    private final Options options;
    private final Consumer<String> report;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LogRecovery.Recovered recovered;
    private List<LogRecord> tail;
    /** Segments on disk, oldest first; the last is the one appended to. Publisher thread only. */
    private final List<Segment> segments;
    private final ByteBuffer frame = ByteBuffer.allocateDirect(LogRecord.FRAME_BYTES);
    private final CRC32C crc = new CRC32C();
    private IntervalSync sync;      // set by open() before the log is shared

    /** Guards the hand-over of channels between the appender (at a roll) and the fsync thread. */
    private final Object channels = new Object();
    private FileChannel current;
    private List<FileChannel> retired = new ArrayList<>();
    private boolean dirDirty;

    private long position;          // end of the current segment; publisher thread only
    private long lastSeq;           // publisher thread only
    private volatile long appendedSeq;
    private volatile long durableSeq;
    private volatile int segmentCount;
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong fsyncFailures = new AtomicLong();
    private volatile boolean closed;

    private SegmentLog(Options options, Consumer<String> report, FileChannel lockChannel, FileLock lock,
                       LogRecovery.Recovered recovered) throws IOException {
        this.options = options;
        this.report = report;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recovered = new LogRecovery.Recovered(recovered.segments(), recovered.lastSeq(), recovered.records(),
                recovered.bytesDropped(), List.of(), recovered.report());
        this.tail = recovered.tail();
        this.segments = new ArrayList<>(recovered.segments());
        this.lastSeq = recovered.lastSeq();
        this.appendedSeq = lastSeq;
        if (segments.isEmpty()) {
            segments.add(Segment.at(options.dir(), lastSeq + 1));
            dirDirty = true;
        }
        this.current = FileChannel.open(segments.get(segments.size() - 1).path(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.position = current.size();
        this.segmentCount = segments.size();
        if (options.fsync() != FsyncPolicy.NEVER) {
            // What recovery kept may still be only in the page cache (a previous run with --fsync never, or the
            // truncation just done): make it durable once, so that durableSeq means what it says from the start.
            for (Segment s : segments) {
                try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.WRITE)) {
                    ch.force(false);
                }
            }
            forceDirectory();
            dirDirty = false;
            durableSeq = lastSeq;
        }
        deleteUnneededSegments();
    }

    /**
     * Opens (creating when missing) and recovers the log in {@code options.dir()}; a problem found on the way is
     * reported to {@code report} in one line.
     *
     * @throws IOException           when the directory or a segment cannot be read or written
     * @throws IllegalStateException when another process (or another log in this one) has the directory open
     */
    public static SegmentLog open(Options options, Consumer<String> report) throws IOException {
        Path dir = options.dir();
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("log directory " + dir + " is in use by another server (its lock file is held)");
        }
        try {
            LogRecovery.Recovered r = LogRecovery.recover(dir, options.keepRecords());
            if (r.report() != null) {
                report.accept(r.report());
            }
            SegmentLog log = new SegmentLog(options, report, lockChannel, lock, r);
            if (options.fsync() == FsyncPolicy.INTERVAL) {
                log.sync = new IntervalSync(log, options.fsyncInterval());
                log.sync.start();
            }
            return log;
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /**
     * Writes {@code m}'s record to the OS and returns; under {@link FsyncPolicy#ALWAYS} also fsyncs it first. Called
     * by the single publisher before the fan-out.
     *
     * <p>On an I/O error nothing is counted as appended and the same seq may be appended again: the retry writes at
     * the same offset, over whatever part of the failed write reached the file.
     *
     * @throws IllegalStateException when {@code m} does not continue the seqs, or the log is closed
     * @throws UncheckedIOException  when the write (or fsync) fails
     */
    public void append(EncodedMessage m) {
        long seq = m.seq();
        if (seq != lastSeq + 1) {
            throw new IllegalStateException("log expects seq " + (lastSeq + 1) + ", got " + seq);
        }
        if (closed) {
            throw new IllegalStateException("log is closed");
        }
        try {
            if (position > 0 && position + LogRecord.FRAME_BYTES > options.segmentBytes()) {
                roll(seq);
            }
            frame.clear();
            LogRecord.of(m).frame(frame, crc);
            frame.flip();
            long at = position;
            while (frame.hasRemaining()) {
                at += current.write(frame, at);
            }
            if (options.fsync() == FsyncPolicy.ALWAYS) {
                current.force(false);
                fsyncs.incrementAndGet();
            }
            position = at;
            lastSeq = seq;
            appendedSeq = seq;
            if (options.fsync() == FsyncPolicy.ALWAYS) {
                durableSeq = seq;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("log append of seq " + seq + " to " + segments.get(segments.size() - 1).name()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Starts segment {@code firstSeq}; the previous one is closed now or, under INTERVAL, after its last fsync. */
    private void roll(long firstSeq) throws IOException {
        Segment next = Segment.at(options.dir(), firstSeq);
        // TRUNCATE_EXISTING: a file of this name can only be the debris of a roll that failed half-way; it holds no record
        FileChannel ch = FileChannel.open(next.path(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel old;
        synchronized (channels) {
            old = current;
            current = ch;
            if (options.fsync() == FsyncPolicy.INTERVAL) {
                retired.add(old);   // the fsync thread forces, then closes it
                dirDirty = true;    // and makes the new file's name durable
                old = null;
            }
        }
        segments.add(next);
        position = 0;
        segmentCount = segments.size();
        if (old != null) {
            old.close(); // NEVER: nothing to force; ALWAYS: every record in it was forced when appended
        }
        if (options.fsync() == FsyncPolicy.ALWAYS) {
            forceDirectory(); // the new name must be durable before a record in it counts as durable
        }
        deleteUnneededSegments();
    }

    /**
     * Deletes the oldest segments while every record in them is older than the newest {@code keepRecords}: a
     * restart loads only those into the replay ring, so nothing older can ever be replayed.
     */
    private void deleteUnneededSegments() {
        long oldestNeeded = lastSeq - options.keepRecords() + 1;
        while (segments.size() > 1) {
            Segment oldest = segments.get(0);
            long lastInOldest = segments.get(1).firstSeq() - 1;
            if (lastInOldest >= oldestNeeded) {
                return;
            }
            try {
                Files.deleteIfExists(oldest.path());
            } catch (IOException e) {
                report.accept("pushbench log: cannot delete " + oldest.name() + " (no longer needed): " + e.getMessage());
                return;
            }
            segments.remove(0);
            segmentCount = segments.size();
        }
    }

    /**
     * One fsync round, on the INTERVAL thread (and at close): forces the segments retired since the last round
     * (then closes them), the directory when a segment was created, and the current segment when something was
     * appended since. {@link #durableSeq()} advances only when all of it succeeded.
     */
    synchronized void syncNow() {
        long seq = appendedSeq; // read first: every record up to seq is in a channel taken below
        List<FileChannel> old;
        FileChannel cur;
        boolean dir;
        synchronized (channels) {
            old = retired;
            retired = new ArrayList<>();
            cur = current;
            dir = dirDirty;
            dirDirty = false;
        }
        int done = 0;
        try {
            for (FileChannel ch : old) {
                ch.force(false);
                fsyncs.incrementAndGet();
                ch.close();
                done++;
            }
            if (dir) {
                forceDirectory();
                dir = false;
            }
            if (seq > durableSeq) {
                cur.force(false);
                fsyncs.incrementAndGet();
                durableSeq = seq;
            }
        } catch (IOException e) {
            fsyncFailures.incrementAndGet();
            synchronized (channels) { // try again next round
                retired.addAll(0, old.subList(done, old.size()));
                dirDirty |= dir;
            }
            report.accept("pushbench log: fsync failed in " + options.dir() + ": " + e + "; durable seq stays "
                    + durableSeq);
        }
    }

    private void forceDirectory() throws IOException {
        // A new file's name is in the directory, which has its own fsync; without it a power loss can lose the
        // whole file even though its contents were forced. (Linux allows fsync on a directory opened for reading.)
        try (FileChannel d = FileChannel.open(options.dir(), StandardOpenOption.READ)) {
            d.force(true);
        }
        fsyncs.incrementAndGet();
    }

    /** Seq of the newest record appended (0 for an empty log); the publisher continues at this + 1. */
    public long lastSeq() {
        return appendedSeq;
    }

    /** Seq of the newest record known to be on stable storage (fsynced); always 0 under {@link FsyncPolicy#NEVER}. */
    public long durableSeq() {
        return durableSeq;
    }

    /**
     * The newest records found at open (at most {@code keepRecords}), oldest first: what the replay ring starts with.
     * Handed over once (later calls get an empty list), so that the log does not keep a second copy of a ring that
     * may hold millions of records.
     */
    public synchronized List<LogRecord> takeRecoveredTail() {
        List<LogRecord> t = tail;
        tail = List.of();
        return t;
    }

    /** Seq of the last good record found at open. */
    public long recoveredLastSeq() {
        return recovered.lastSeq();
    }

    /** Good records found at open, all segments together. */
    public long recoveredRecords() {
        return recovered.records();
    }

    /** Bytes cut or deleted at open because of a bad record. */
    public long recoveryBytesDropped() {
        return recovered.bytesDropped();
    }

    /** The one-line report of recovery's problem, or null when the log was whole. */
    public String recoveryReport() {
        return recovered.report();
    }

    /** Segment files on disk now. */
    public int segmentCount() {
        return segmentCount;
    }

    /** fsync calls made so far (segments and the directory). */
    public long fsyncs() {
        return fsyncs.get();
    }

    /** fsync rounds of the INTERVAL thread that failed (each reported in one line). */
    public long fsyncFailures() {
        return fsyncFailures.get();
    }

    public Options options() {
        return options;
    }

    /**
     * Stops the fsync thread, fsyncs what is not yet durable (unless {@link FsyncPolicy#NEVER}), closes the
     * segments and releases the directory. Call after the publisher has stopped. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sync != null) {
            sync.stop();
        }
        if (options.fsync() != FsyncPolicy.NEVER) {
            syncNow();
        }
        List<FileChannel> all;
        synchronized (channels) {
            all = new ArrayList<>(retired);
            all.add(current);
            retired.clear();
        }
        IOException failure = null;
        for (FileChannel ch : all) {
            try {
                ch.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            failure = e;
        }
        if (failure != null) {
            throw new UncheckedIOException("closing the log in " + options.dir() + " failed: " + failure.getMessage(),
                    failure);
        }
    }
}
