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
 * p.onSubscribed(next, clock.nanoTime());        // the server's "subscribed" marker: owes every seq from next on
 * p.onMessage(seq, mono, ts, bytes, clock.nanoTime());
 * p.onClosed(clock.nanoTime(), true);            // dropped; the driver reconnects with resumePoint()
 * }</pre>
 *
 * <p>Accounting: a subscriber owes every message published while it was subscribed, from the moment its first
 * subscription was accepted, whether or not anything then arrives. The server's "subscribed" marker opens the
 * expected range at its {@code next}; without a marker the first seq received opens it; with neither, the range
 * opens at the first seq <em>scheduled</em> at or after the attempt's acceptance ({@link Counters#ownedFromNanos},
 * resolved at the end against the {@link PublishedSchedule} that the other subscribers' messages taught the meter).
 * After a reconnect the range continues from {@link #resumePoint()} + 1: a resume marker never forgives a gap. A seq
 * above the highest so far leaves a gap (provisionally lost); a seq below it fills a gap (reordered, and delivered)
 * or repeats one already received (duplicated, never delivered). A 1,024-seq window remembers which seqs arrived; a
 * seq older than that window is counted as duplicated. {@code lost = expected - delivered} is computed at the end
 * against the run's cut seq, so a subscriber that silently stopped receiving, or never received anything, is not
 * hidden.
 *
 * <p>Latency is recorded for the first delivery of a seq only; a first delivery on a reconnect of a seq scheduled
 * before that attempt started (served from the server's replay ring) goes to the replay series, never the steady
 * one. Each first delivery, duplicate and reorder is also counted by <em>scheduled</em> time when that falls in the
 * steady window ({@link Counters#steadyDelivered} and siblings), for the steady-window accounting.
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
    private static final VarHandle STEADY_DELIVERED;
    private static final VarHandle STEADY_DUPLICATED;
    private static final VarHandle STEADY_REORDERED;
    private static final VarHandle OWED_THROUGH;
    private static final VarHandle ACCEPTED_NANOS;
    private static final VarHandle PRESUMED_NANOS;

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
            STEADY_DELIVERED = l.findVarHandle(ConnectionProbe.class, "steadyDelivered", long.class);
            STEADY_DUPLICATED = l.findVarHandle(ConnectionProbe.class, "steadyDuplicated", long.class);
            STEADY_REORDERED = l.findVarHandle(ConnectionProbe.class, "steadyReordered", long.class);
            OWED_THROUGH = l.findVarHandle(ConnectionProbe.class, "owedThrough", long.class);
            ACCEPTED_NANOS = l.findVarHandle(ConnectionProbe.class, "acceptedNanos", long.class);
            PRESUMED_NANOS = l.findVarHandle(ConnectionProbe.class, "presumedNanos", long.class);
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
    // By scheduled time in the steady window (first deliveries, repeats, late fills).
    private volatile long steadyDelivered;
    private volatile long steadyDuplicated;
    private volatile long steadyReordered;
    // The newest seq the server said it had published when it subscribed us (a marker's next - 1), 0 if none.
    private volatile long owedThrough;
    // Fallback when neither a marker nor a message ever arrived (firstSeq == 0): when an attempt was seen accepted
    // (headers/101), or, for an attempt the driver could not observe and that did not fail, its start + grace.
    private volatile long acceptedNanos = -1;
    private volatile long presumedNanos = -1;

    // Owned by the writer thread only.
    private long connectStartNanos = -1;
    private long firstConnectStartNanos = -1;
    private boolean connectRecorded;
    private boolean everReceived;
    private long lastRecvNanos;
    private boolean outagePending;
    private long outageFromNanos;
    private boolean attemptReceived;
    private boolean attemptAccepted;
    private boolean attemptIsReconnect;
    private long attemptStartAxis;
    // the current episode (an unexpected end and the way back: RecoveryTracker), writer thread only
    private boolean episodeOpen;
    private long episodeEndNanos;
    private long episodeConnectedNanos;
    private long episodeResumeFrom;
    private long episodePauseNanos;
    private long retryMs = -1;
    private volatile boolean churning;
    private final boolean slow;
    private final long id;

    ConnectionProbe(TransportMeter meter, boolean slow, long id) {
        this.meter = meter;
        this.slow = slow;
        this.id = id;
    }

    /** Whether this subscriber reads slowly on purpose (scenario {@code slow}). */
    public boolean slow() {
        return slow;
    }

    /** The driver starts a connect attempt (initial or reconnect). */
    public void onConnectStart(long nanos) {
        connectStartNanos = nanos;
        if (episodeOpen && episodePauseNanos < 0) {
            episodePauseNanos = nanos - episodeEndNanos;
            if (retryMs >= 0) {
                meter.recovery().retryPause(retryMs, episodePauseNanos);
            }
        }
        attemptIsReconnect = firstConnectStartNanos >= 0;
        if (firstConnectStartNanos < 0) {
            firstConnectStartNanos = nanos;
        }
        attemptStartAxis = meter.axisAt(nanos);
        connectRecorded = false;
        attemptReceived = false;
        attemptAccepted = false;
        if (firstSeq == 0 && acceptedNanos < 0 && presumedNanos < 0) {
            // withdrawn if the attempt fails unobserved (onConnectFailed, or a drop before anything arrived)
            PRESUMED_NANOS.setRelease(this, nanos + TransportMeter.UNOBSERVED_ACCEPT_GRACE_NANOS);
        }
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
        attemptAccepted = true;
        if (episodeOpen && episodeConnectedNanos < 0) {
            episodeConnectedNanos = nanos;
        }
        if (acceptedNanos < 0) {
            ACCEPTED_NANOS.setRelease(this, nanos);
        }
        if (connectStartNanos >= 0) {
            meter.recordConnect(nanos - connectStartNanos);
        }
        OPEN.setRelease(this, true);
    }

    /**
     * The server's "subscribed" marker ({@code FeedContract.SUBSCRIBED_EVENT}): this subscription was accepted and
     * its first live message is {@code next}. The first marker opens the expected range at {@code next}, so a
     * subscriber that then receives nothing is charged with everything published while it was subscribed. A marker
     * on a resume keeps the range open from where it was ({@link #resumePoint()} + 1 stays owed: the replay or the
     * lost signal covers it) and extends what is owed to at least {@code next - 1}.
     *
     * @param next  the marker's {@code next} (>= 1; anything else is counted as malformed)
     * @param nanos {@link NanoClock#nanoTime()} at arrival
     */
    public void onSubscribed(long next, long nanos) {
        if (next < 1) {
            meter.countMalformed();
            return;
        }
        attemptAccepted = true;
        if (!attemptReceived) {
            attemptReceived = true;
            OPEN.setRelease(this, true);
        }
        if (episodeOpen && episodeConnectedNanos < 0) {
            episodeConnectedNanos = nanos;     // a driver that cannot see the handshake: the marker stands for it
        }
        if (acceptedNanos < 0) {
            ACCEPTED_NANOS.setRelease(this, nanos);
        }
        if (firstSeq == 0) {
            // nothing received before: the range is [next, ...], with nothing missing below next
            FIRST_SEQ.setRelease(this, next);
            MAX_SEQ.setRelease(this, next - 1);
            clearRange(next, next + WINDOW - 1);
        }
        if (next - 1 > owedThrough) {
            OWED_THROUGH.setRelease(this, next - 1);
        }
    }

    /** A connect attempt failed (refused, bad status, crashed before any message). */
    public void onConnectFailed(long nanos) {
        FAILED.setRelease(this, failedAttempts + 1);
        OPEN.setRelease(this, false);
        withdrawPresumedAcceptance();
    }

    private void withdrawPresumedAcceptance() {
        if (!attemptAccepted && presumedNanos >= 0) {
            PRESUMED_NANOS.setRelease(this, -1L);
        }
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
        long scheduled = meter.scheduledTime(mono, ts);
        if (scheduled != Long.MIN_VALUE) {
            meter.published().record(seq, scheduled);
        }
        attemptAccepted = true;
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
        if (episodeOpen) {
            episodeOpen = false;
            boolean checked = episodeResumeFrom > 0;
            meter.recovery().episode(new RecoveryTracker.Episode(id, episodeEndNanos,
                    episodeConnectedNanos >= 0 ? episodeConnectedNanos : recvNanos, recvNanos, checked,
                    checked && seq == episodeResumeFrom + 1, episodePauseNanos, churning));
            churning = false;
        }
        lastRecvNanos = recvNanos;
        boolean steadySchedule = meter.scheduledInSteady(scheduled);
        if (!account(seq, size, phase == Phase.STEADY, steadySchedule) || latency == Long.MIN_VALUE) {
            return;     // a duplicate never enters a latency series
        }
        boolean replay = attemptIsReconnect && scheduled < attemptStartAxis;
        meter.recordLatency(latency, phase == Phase.STEADY, replay, slow);
        if (phase == Phase.STEADY) {
            meter.fanout().record(seq, latency);
        }
    }

    /** Accounts one receipt; true when it is the first delivery of {@code seq}, false for a duplicate. */
    private boolean account(long seq, int size, boolean steady, boolean steadySchedule) {
        long max = maxSeq;
        if (firstSeq == 0) {
            FIRST_SEQ.setRelease(this, seq);
            markSeen(seq);
            MAX_SEQ.setRelease(this, seq);
            countDelivered(size, steady, steadySchedule);
            return true;
        }
        if (seq > max) {
            long missing = seq - max - 1;
            if (missing > 0) {
                GAP_MISSING.setRelease(this, gapMissing + missing);
                clearRange(max + 1, seq - 1);
            }
            markSeen(seq);
            MAX_SEQ.setRelease(this, seq);
            countDelivered(size, steady, steadySchedule);
            return true;
        }
        if (seq < firstSeq || max - seq >= WINDOW || isSeen(seq)) {
            DUPLICATED.setRelease(this, duplicated + 1);
            BYTES.setRelease(this, bytes + size);
            if (steadySchedule) {
                STEADY_DUPLICATED.setRelease(this, steadyDuplicated + 1);
            }
            return false;
        }
        markSeen(seq);
        REORDERED.setRelease(this, reordered + 1);
        GAP_MISSING.setRelease(this, gapMissing - 1);
        if (steadySchedule) {
            STEADY_REORDERED.setRelease(this, steadyReordered + 1);
        }
        countDelivered(size, steady, steadySchedule);
        return true;
    }

    private void countDelivered(int size, boolean steady, boolean steadySchedule) {
        if (steadySchedule) {
            STEADY_DELIVERED.setRelease(this, steadyDelivered + 1);
        }
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
        if (unexpected && !episodeOpen && firstConnectStartNanos >= 0) {
            // a failed reconnect ends again: the episode keeps its first end
            episodeOpen = true;
            episodeEndNanos = nanos;
            episodeConnectedNanos = -1;
            episodeResumeFrom = maxSeq;
            episodePauseNanos = -1;
        }
        if (unexpected) {
            if (everReceived && !outagePending) {
                outagePending = true;
                outageFromNanos = lastRecvNanos;
            }
            if (!attemptReceived) {
                FAILED.setRelease(this, failedAttempts + 1);
            }
            // a drop before the driver saw the attempt accepted: it never was (an accepted attempt keeps owing)
            withdrawPresumedAcceptance();
        }
    }

    /**
     * The subscriber is about to end its own stream on purpose ({@code churn}); the end that follows opens an episode
     * timed from that end. Writer thread only; call just before the driver aborts the stream.
     */
    public void onChurn(long nanos) {
        churning = true;
        meter.recovery().churn(nanos);
    }

    /**
     * Receipts so far (first deliveries and duplicates), readable from any thread: a watcher compares two reads to
     * tell a silent stream.
     */
    public long receipts() {
        return (long) DELIVERED.getOpaque(this) + (long) DUPLICATED.getOpaque(this);
    }

    /** The server's SSE {@code retry:} value (ms) reached this subscriber; later reconnect pauses are checked. */
    public void onRetry(long ms) {
        retryMs = ms;
        meter.recovery().retry(ms);
    }

    /** The SSE {@code retry:} value this subscriber received, -1 when none (writer thread only). */
    public long retryMs() {
        return retryMs;
    }

    /** The episode still open at the end of the run (a subscriber not back), or null; writers quiescent. */
    RecoveryTracker.Episode openEpisode() {
        return !episodeOpen ? null : new RecoveryTracker.Episode(id, episodeEndNanos, episodeConnectedNanos, -1,
                false, false, episodePauseNanos, churning);
    }

    /**
     * Whether the current connect attempt delivered at least one message or the "subscribed" marker (writer
     * thread only).
     */
    public boolean attemptDelivered() {
        return attemptReceived;
    }

    /**
     * Where a reconnect resumes: the highest seq received (sent as {@code Last-Event-ID} / {@code lastEventId}),
     * or, before any message, the seq before the first marker's {@code next} (so the server replays what was owed
     * since); 0 when neither arrived (no resume).
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
                (long) RECONNECTS.getAcquire(this), (long) FAILED.getAcquire(this), (boolean) OPEN.getAcquire(this),
                (long) STEADY_DELIVERED.getAcquire(this), (long) STEADY_DUPLICATED.getAcquire(this),
                (long) STEADY_REORDERED.getAcquire(this), (long) OWED_THROUGH.getAcquire(this),
                ownedFrom());
    }

    private long ownedFrom() {
        long accepted = (long) ACCEPTED_NANOS.getAcquire(this);
        return accepted >= 0 ? accepted : (long) PRESUMED_NANOS.getAcquire(this);
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
     * @param steadyDelivered  first deliveries of seqs scheduled in the steady window
     * @param steadyDuplicated repeated receipts of seqs scheduled in the steady window
     * @param steadyReordered  late fills of seqs scheduled in the steady window
     * @param owedThrough      newest seq the server had published when it subscribed us (a marker's next - 1)
     * @param ownedFromNanos   with {@code firstSeq == 0}: when a subscription was accepted (observed, or an
     *                         unobserved attempt's start + {@link TransportMeter#UNOBSERVED_ACCEPT_GRACE_NANOS}),
     *                         -1 when none was
     */
    public record Counters(long firstSeq, long maxSeq, long delivered, long deliveredSteady, long bytes,
                           long bytesSteady, long duplicated, long reordered, long gapMissing, long lostSignalled,
                           long reconnects, long failedAttempts, boolean open, long steadyDelivered,
                           long steadyDuplicated, long steadyReordered, long owedThrough, long ownedFromNanos) {
        /**
         * The first seq this subscriber owes: its range's start, or, when neither a marker nor a message arrived,
         * {@code firstSeqFromSchedule} (the first seq scheduled at or after {@link #ownedFromNanos}; 0 = none).
         */
        public long owedFrom(long firstSeqFromSchedule) {
            return firstSeq != 0 ? firstSeq : ownedFromNanos >= 0 ? firstSeqFromSchedule : 0;
        }

        /** The last seq this subscriber owes: the cut, or further if it got (or was promised) more. */
        public long owedTo(long cutSeq) {
            return Math.max(cutSeq, Math.max(maxSeq, owedThrough));
        }

        /** Messages this subscriber should have received up to {@code cutSeq} (or further if it got more). */
        public long expected(long cutSeq, long firstSeqFromSchedule) {
            long from = owedFrom(firstSeqFromSchedule);
            return from == 0 ? 0 : Math.max(0, owedTo(cutSeq) - from + 1);
        }

        /** Of {@link #expected}, the seqs in {@code [steadyFirst, steadyLast]} (scheduled in the steady window). */
        public long expectedSteady(long cutSeq, long firstSeqFromSchedule, long steadyFirst, long steadyLast) {
            long from = owedFrom(firstSeqFromSchedule);
            if (from == 0) {
                return 0;
            }
            long lo = Math.max(from, steadyFirst);
            long hi = Math.min(owedTo(cutSeq), steadyLast);
            return Math.max(0, hi - lo + 1);
        }
    }
}
