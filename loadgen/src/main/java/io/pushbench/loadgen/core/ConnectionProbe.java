package io.pushbench.loadgen.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The measurement state of one subscriber (one virtual user), across all its reconnects.
 *
 * <p>Contract: a probe has one writer at a time, the thread that delivers its connection's events (a Gatling user is
 * pinned to one Netty event loop). The hot path ({@link #onMessage}) takes no lock, allocates nothing and touches
 * no shared counter: counters are fields of this object, published with release stores and summed by the sampler
 * at interval boundaries. Latency goes to the meter's multi-writer {@code Recorder}s.
 *
 * <pre>{@code
 * ConnectionProbe p = meter.newProbe();
 * p.onConnectStart(clock.nanoTime());
 * p.onConnected(clock.nanoTime());               // response headers / 101 when the driver can observe them
 * p.onMessage(seq, mono, ts, bytes, clock.nanoTime());
 * p.onClosed(clock.nanoTime(), true);            // dropped; the driver reconnects with resumePoint()
 * }</pre>
 *
 * <p>Accounting: the first seq received (or {@link #resumePoint()} + 1 after a reconnect) opens the expected range;
 * a seq above the highest so far leaves a gap (provisionally lost); a seq below it fills a gap (reordered, and
 * delivered) or repeats one already received (duplicated). A 1,024-seq window remembers which seqs arrived; a seq
 * older than that window is counted as duplicated. {@code lost = expected - delivered} is computed at the end
 * against the run's cut seq, so a subscriber that silently stopped receiving is not hidden.
 */
public final class ConnectionProbe {
    static final int WINDOW = 1024;
    private static final int WINDOW_MASK = WINDOW - 1;

    private static final VarHandle DELIVERED;
    private static final VarHandle DELIVERED_STEADY;
    private static final VarHandle BYTES;
    private static final VarHandle BYTES_STEADY;
    private static final VarHandle DUPLICATED;
    private static final VarHandle REORDERED;
    private static final VarHandle GAP_MISSING;
    private static final VarHandle LOST_SIGNALLED;
    private static final VarHandle RECONNECTS;
    private static final VarHandle FAILED;
    private static final VarHandle MAX_SEQ;
    private static final VarHandle FIRST_SEQ;
    private static final VarHandle OPEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DELIVERED = l.findVarHandle(ConnectionProbe.class, "delivered", long.class);
            DELIVERED_STEADY = l.findVarHandle(ConnectionProbe.class, "deliveredSteady", long.class);
            BYTES = l.findVarHandle(ConnectionProbe.class, "bytes", long.class);
            BYTES_STEADY = l.findVarHandle(ConnectionProbe.class, "bytesSteady", long.class);
            DUPLICATED = l.findVarHandle(ConnectionProbe.class, "duplicated", long.class);
            REORDERED = l.findVarHandle(ConnectionProbe.class, "reordered", long.class);
            GAP_MISSING = l.findVarHandle(ConnectionProbe.class, "gapMissing", long.class);
            LOST_SIGNALLED = l.findVarHandle(ConnectionProbe.class, "lostSignalled", long.class);
            RECONNECTS = l.findVarHandle(ConnectionProbe.class, "reconnects", long.class);
            FAILED = l.findVarHandle(ConnectionProbe.class, "failedAttempts", long.class);
            MAX_SEQ = l.findVarHandle(ConnectionProbe.class, "maxSeq", long.class);
            FIRST_SEQ = l.findVarHandle(ConnectionProbe.class, "firstSeq", long.class);
            OPEN = l.findVarHandle(ConnectionProbe.class, "open", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TransportMeter meter;
    private final long[] seen = new long[WINDOW / 64];

    // Published to the sampler (written with release stores by the single writer, read with acquire loads).
    private volatile long delivered;
    private volatile long deliveredSteady;
    private volatile long bytes;
    private volatile long bytesSteady;
    private volatile long duplicated;
    private volatile long reordered;
    private volatile long gapMissing;
    private volatile long lostSignalled;
    private volatile long reconnects;
    private volatile long failedAttempts;
    private volatile long maxSeq;
    private volatile long firstSeq;
    private volatile boolean open;

    // Owned by the writer thread only.
    private long connectStartNanos = -1;
    private long firstConnectStartNanos = -1;
    private boolean connectRecorded;
    private boolean everReceived;
    private long lastRecvNanos;
    private boolean outagePending;
    private long outageFromNanos;
    private boolean attemptReceived;

    ConnectionProbe(TransportMeter meter) {
        this.meter = meter;
    }

    /** The driver starts a connect attempt (initial or reconnect). */
    public void onConnectStart(long nanos) {
        connectStartNanos = nanos;
        if (firstConnectStartNanos < 0) {
            firstConnectStartNanos = nanos;
        }
        connectRecorded = false;
        attemptReceived = false;
    }

    /**
     * The connection is established as far as the driver can tell (SSE response headers, WebSocket 101). Calling it
     * more than once per attempt records the connect time once.
     */
    public void onConnected(long nanos) {
        if (connectRecorded) {
            return;
        }
        connectRecorded = true;
        if (connectStartNanos >= 0) {
            meter.recordConnect(nanos - connectStartNanos);
        }
        OPEN.setRelease(this, true);
    }

    /** A connect attempt failed (refused, bad status, crashed before any message). */
    public void onConnectFailed(long nanos) {
        FAILED.setRelease(this, failedAttempts + 1);
        OPEN.setRelease(this, false);
    }

    /**
     * One feed message arrived.
     *
     * @param seq        its seq (>= 1)
     * @param mono       its scheduled publish time, server {@code nanoTime}, or -1 when absent
     * @param ts         its scheduled publish time, epoch µs, or -1 when absent
     * @param size       its payload size, bytes
     * @param recvNanos  {@link NanoClock#nanoTime()} at arrival, read as early as the driver can
     */
    public void onMessage(long seq, long mono, long ts, int size, long recvNanos) {
        if (seq < 1) {
            meter.countMalformed();
            return;
        }
        Phase phase = meter.schedule().phaseAt(recvNanos);
        long latency = meter.latencyNanos(mono, ts, recvNanos);
        if (latency != Long.MIN_VALUE) {
            meter.recordLatency(latency, phase == Phase.STEADY);
        }
        if (!attemptReceived) {
            attemptReceived = true;
            if (!connectRecorded) {
                // the driver could not observe the handshake: the open state starts with the first message
                OPEN.setRelease(this, true);
            }
        }
        if (!everReceived) {
            everReceived = true;
            if (firstConnectStartNanos >= 0) {
                meter.recordFirstMessage(recvNanos - firstConnectStartNanos);
            }
        }
        if (outagePending) {
            outagePending = false;
            RECONNECTS.setRelease(this, reconnects + 1);
            meter.recordOutage(recvNanos - outageFromNanos);
        }
        lastRecvNanos = recvNanos;
        account(seq, size, phase == Phase.STEADY);
        if (phase == Phase.STEADY && latency != Long.MIN_VALUE) {
            meter.fanout().record(seq, latency);
        }
    }

    private void account(long seq, int size, boolean steady) {
        long max = maxSeq;
        if (firstSeq == 0) {
            FIRST_SEQ.setRelease(this, seq);
            markSeen(seq);
            MAX_SEQ.setRelease(this, seq);
            countDelivered(size, steady);
            return;
        }
        if (seq > max) {
            long missing = seq - max - 1;
            if (missing > 0) {
                GAP_MISSING.setRelease(this, gapMissing + missing);
                clearRange(max + 1, seq - 1);
            }
            markSeen(seq);
            MAX_SEQ.setRelease(this, seq);
            countDelivered(size, steady);
            return;
        }
        if (seq < firstSeq || max - seq >= WINDOW || isSeen(seq)) {
            DUPLICATED.setRelease(this, duplicated + 1);
            BYTES.setRelease(this, bytes + size);
            return;
        }
        markSeen(seq);
        REORDERED.setRelease(this, reordered + 1);
        GAP_MISSING.setRelease(this, gapMissing - 1);
        countDelivered(size, steady);
    }

    private void countDelivered(int size, boolean steady) {
        DELIVERED.setRelease(this, delivered + 1);
        BYTES.setRelease(this, bytes + size);
        if (steady) {
            DELIVERED_STEADY.setRelease(this, deliveredSteady + 1);
            BYTES_STEADY.setRelease(this, bytesSteady + size);
        }
    }

    /**
     * The server announced that seqs {@code from..to} are lost (its replay ring no longer holds them). They stay
     * counted as lost (the next message opens the gap); this only records that the server said so.
     */
    public void onLost(long from, long to) {
        if (from >= 1 && to >= from) {
            LOST_SIGNALLED.setRelease(this, lostSignalled + (to - from + 1));
        }
    }

    /**
     * The connection ended. {@code unexpected} is true for a drop (the driver will reconnect), false for the
     * driver's own close at the end of the run.
     */
    public void onClosed(long nanos, boolean unexpected) {
        OPEN.setRelease(this, false);
        if (unexpected) {
            if (everReceived && !outagePending) {
                outagePending = true;
                outageFromNanos = lastRecvNanos;
            }
            if (!attemptReceived) {
                FAILED.setRelease(this, failedAttempts + 1);
            }
        }
    }

    /** Whether the current connect attempt delivered at least one message (writer thread only). */
    public boolean attemptDelivered() {
        return attemptReceived;
    }

    /**
     * Where a reconnect resumes: the highest seq received (sent as {@code Last-Event-ID} / {@code lastEventId}),
     * or 0 before the first message (no resume).
     */
    public long resumePoint() {
        return maxSeq;
    }

    private void markSeen(long seq) {
        int bit = (int) (seq & WINDOW_MASK);
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    private boolean isSeen(long seq) {
        int bit = (int) (seq & WINDOW_MASK);
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private void clearRange(long from, long to) {
        if (to - from + 1 >= WINDOW) {
            java.util.Arrays.fill(seen, 0L);
            return;
        }
        for (long s = from; s <= to; s++) {
            int bit = (int) (s & WINDOW_MASK);
            seen[bit >>> 6] &= ~(1L << (bit & 63));
        }
    }

    /** A consistent-enough copy of the counters (exact once the writer is quiescent). */
    public Counters counters() {
        return new Counters((long) FIRST_SEQ.getAcquire(this), (long) MAX_SEQ.getAcquire(this),
                (long) DELIVERED.getAcquire(this), (long) DELIVERED_STEADY.getAcquire(this),
                (long) BYTES.getAcquire(this), (long) BYTES_STEADY.getAcquire(this),
                (long) DUPLICATED.getAcquire(this), (long) REORDERED.getAcquire(this),
                (long) GAP_MISSING.getAcquire(this), (long) LOST_SIGNALLED.getAcquire(this),
                (long) RECONNECTS.getAcquire(this), (long) FAILED.getAcquire(this), (boolean) OPEN.getAcquire(this));
    }

    /**
     * A snapshot of one probe's counters.
     *
     * @param firstSeq        first expected seq (0: nothing received yet)
     * @param maxSeq          highest seq received
     * @param delivered       distinct seqs received
     * @param deliveredSteady of which received in the steady window
     * @param bytes           payload bytes received (duplicates included)
     * @param bytesSteady     of which in the steady window
     * @param duplicated      repeated receipts
     * @param reordered       seqs that arrived after a higher one
     * @param gapMissing      seqs currently missing below maxSeq
     * @param lostSignalled   seqs the server declared lost
     * @param reconnects      reconnections that delivered again
     * @param failedAttempts  failed connect attempts
     * @param open            connection currently open
     */
    public record Counters(long firstSeq, long maxSeq, long delivered, long deliveredSteady, long bytes,
                           long bytesSteady, long duplicated, long reordered, long gapMissing, long lostSignalled,
                           long reconnects, long failedAttempts, boolean open) {
        /** Messages this subscriber should have received up to {@code cutSeq} (or further if it got more). */
        public long expected(long cutSeq) {
            return firstSeq == 0 ? 0 : Math.max(cutSeq, maxSeq) - firstSeq + 1;
        }
    }
}
