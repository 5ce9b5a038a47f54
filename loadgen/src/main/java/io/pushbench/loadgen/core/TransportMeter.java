package io.pushbench.loadgen.core;

import io.pushbench.wire.Transport;
import org.HdrHistogram.Recorder;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The measurement core of one transport in one run: the per-connection {@link ConnectionProbe}s, the latency
 * (first deliveries; replays after a resume apart), connect, first-message and outage {@link Recorder}s (ns, 1 ns
 * to 1 h, 3 significant digits), the fan-out tracker and the {@link PublishedSchedule} (seq to scheduled time). Driver-agnostic: a driver creates a probe per subscriber and feeds it events; an
 * {@link IntervalSampler} turns the meter into a timeline, an {@code .hlog} and a summary.
 *
 * <pre>{@code
 * TransportMeter meter = new TransportMeter(Transport.SSE, LatencyBasis.MONO, NanoClock.system(), schedule, 500);
 * ConnectionProbe p = meter.newProbe();            // one per virtual user
 * p.onMessage(seq, mono, ts, bytes, clock.nanoTime());
 * }</pre>
 */
public final class TransportMeter {
    /** Largest recordable duration; longer values are clamped (and counted). */
    public static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Significant digits of every histogram. */
    public static final int DIGITS = 3;
    /**
     * When a driver cannot observe that a subscription was accepted (no marker, no message, no headers/101 hook),
     * the attempt counts as accepted this long after it started: long enough for a connect under a ramp's connect
     * storm, so that a subscriber is never charged with messages published before the server could have
     * subscribed it (docs/method.md, accounting).
     */
    public static final long UNOBSERVED_ACCEPT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Most seqs the {@link PublishedSchedule} remembers (16 B each). */
    static final int MAX_SCHEDULE_SLOTS = 1 << 21;

    private final Transport transport;
    private final LatencyBasis basis;
    private final NanoClock clock;
    private final PhaseSchedule schedule;
    private final ConcurrentLinkedQueue<ConnectionProbe> probes = new ConcurrentLinkedQueue<>();
    private final RecoveryTracker recovery = new RecoveryTracker();
    private final java.util.concurrent.atomic.AtomicLong probeNumbers = new java.util.concurrent.atomic.AtomicLong();
    private final Recorder latencyAll = newRecorder();
    private final Recorder latencySteady = newRecorder();
    private final Recorder latencyReplay = newRecorder();
    private final Recorder latencySlow = newRecorder();
    private final java.util.concurrent.atomic.AtomicInteger slowProbes = new java.util.concurrent.atomic.AtomicInteger();
    private final Recorder connect = newRecorder();
    private final Recorder firstMessage = newRecorder();
    private final Recorder outage = newRecorder();
    private final FanoutTracker fanout;
    private final PublishedSchedule published;
    // The scheduled-time axis: mono (ns) on the same-host basis, ts in ns on the epoch basis.
    private final long axisOriginNanos;
    private final long axisOriginEpochNanos;
    private final long steadyFromAxis;
    private final long steadyToAxis;
    // Rare events only (never per delivered message).
    private final LongAdder malformed = new LongAdder();
    private final LongAdder negative = new LongAdder();
    private final LongAdder clamped = new LongAdder();
    private final LongAdder streamErrors = new LongAdder();
    private final LongAdder connectProbeFailures = new LongAdder();

    /**
     * @param transport       the transport measured (names the sampler thread)
     * @param basis           how latency is computed
     * @param clock           the clocks
     * @param schedule        the run's phases
     * @param ratePerSec      the feed's publish rate, sizes the fan-out ring (2^k >= 8 s of seqs)
     */
    public TransportMeter(Transport transport, LatencyBasis basis, NanoClock clock, PhaseSchedule schedule,
                          double ratePerSec) {
        if (ratePerSec <= 0) {
            throw new IllegalArgumentException("rate must be > 0, was " + ratePerSec);
        }
        this.transport = transport;
        this.basis = basis;
        this.clock = clock;
        this.schedule = schedule;
        this.fanout = new FanoutTracker((int) Math.min(1 << 22, Math.max(1024, Math.ceil(ratePerSec * 8))));
        // the whole run plus a minute, and a quarter more for a Poisson feed's spread
        double runSec = (schedule.endNanos() - schedule.startNanos()) / 1e9 + 60;
        this.published = new PublishedSchedule((int) Math.min(MAX_SCHEDULE_SLOTS,
                Math.max(1024, Math.ceil(ratePerSec * runSec * 1.25))));
        this.axisOriginNanos = clock.nanoTime();
        this.axisOriginEpochNanos = clock.epochMicros() * 1_000L;
        this.steadyFromAxis = axisAt(schedule.steadyStartNanos());
        this.steadyToAxis = axisAt(schedule.steadyEndNanos());
    }

    /**
     * A message's scheduled time on this meter's axis ({@code mono} on the same-host basis, {@code ts} in ns on
     * the epoch basis), or {@link Long#MIN_VALUE} when the message lacks that field.
     */
    long scheduledTime(long mono, long ts) {
        if (basis == LatencyBasis.MONO) {
            return mono < 0 ? Long.MIN_VALUE : mono;
        }
        return ts < 0 ? Long.MIN_VALUE : ts * 1_000L;
    }

    /** A local {@link NanoClock#nanoTime()} instant on the scheduled-time axis. */
    long axisAt(long nanos) {
        return basis == LatencyBasis.MONO ? nanos : axisOriginEpochNanos + (nanos - axisOriginNanos);
    }

    /** Whether a scheduled time falls in the steady window (start inclusive, end exclusive). */
    boolean scheduledInSteady(long scheduled) {
        return scheduled != Long.MIN_VALUE && scheduled >= steadyFromAxis && scheduled < steadyToAxis;
    }

    long steadyFromAxis() {
        return steadyFromAxis;
    }

    long steadyToAxis() {
        return steadyToAxis;
    }

    PublishedSchedule published() {
        return published;
    }

    private static Recorder newRecorder() {
        return new Recorder(1, HIGHEST_NANOS, DIGITS);
    }

    /** A new probe, registered for sampling. */
    public ConnectionProbe newProbe() {
        return newProbe(false);
    }

    /**
     * A new probe, registered for sampling; a {@code slow} one (a subscriber that reads slowly on purpose, scenario
     * {@code slow}) records its steady-window latency apart ({@link #latencySlow()}), so the steady series describes
     * the other subscribers.
     */
    public ConnectionProbe newProbe(boolean slow) {
        ConnectionProbe p = new ConnectionProbe(this, slow, probeNumbers.incrementAndGet());
        if (slow) {
            slowProbes.incrementAndGet();
        }
        probes.add(p);
        return p;
    }

    /** Probes created slow. */
    int slowProbes() {
        return slowProbes.get();
    }

    /**
     * Latency of a message received at {@code recvNanos}, ns, or {@link Long#MIN_VALUE} when the message lacks the
     * field the basis needs. Negative values are counted and recorded as 0: clock skew on the epoch basis; on the
     * same-host mono basis a broken clock basis, which invalidates the run ({@link ValidityRules}).
     */
    long latencyNanos(long mono, long ts, long recvNanos) {
        long l;
        if (basis == LatencyBasis.MONO) {
            if (mono < 0) {
                return Long.MIN_VALUE;
            }
            l = recvNanos - mono;
        } else {
            if (ts < 0) {
                return Long.MIN_VALUE;
            }
            l = (clock.epochMicros() - ts) * 1_000L;
        }
        if (l < 0) {
            negative.increment();
            return 0;
        }
        return l;
    }

    /** A first delivery's latency: live ones into the all-phases and steady series, replays into their own. */
    void recordLatency(long nanos, boolean steady, boolean replay, boolean slow) {
        long v = clamp(nanos);
        if (replay) {
            latencyReplay.recordValue(v);
            return;
        }
        latencyAll.recordValue(v);
        if (steady) {
            (slow ? latencySlow : latencySteady).recordValue(v);
        }
    }

    void recordConnect(long nanos) {
        connect.recordValue(clamp(nanos));
    }

    void recordFirstMessage(long nanos) {
        firstMessage.recordValue(clamp(nanos));
    }

    void recordOutage(long nanos) {
        outage.recordValue(clamp(nanos));
    }

    void countMalformed() {
        malformed.increment();
    }

    /** A driver-level stream error that is not a failed connect (counted as an error in the timeline). */
    public void countStreamError() {
        streamErrors.increment();
    }

    /**
     * A failed attempt of the connect probe (refused, timed out, rejected): an error in the timeline, never a
     * subscriber's failed attempt (the probe is not a subscriber).
     */
    public void countConnectProbeFailure() {
        connectProbeFailures.increment();
    }

    private long clamp(long nanos) {
        if (nanos < 0) {
            negative.increment();
            return 0;
        }
        if (nanos > HIGHEST_NANOS) {
            clamped.increment();
            return HIGHEST_NANOS;
        }
        return nanos;
    }

    public Transport transport() {
        return transport;
    }

    public LatencyBasis basis() {
        return basis;
    }

    public NanoClock clock() {
        return clock;
    }

    public PhaseSchedule schedule() {
        return schedule;
    }

    FanoutTracker fanout() {
        return fanout;
    }

    /** Episodes and injected faults: the run's recovery figures. */
    public RecoveryTracker recovery() {
        return recovery;
    }

    Iterable<ConnectionProbe> probes() {
        return probes;
    }

    Recorder latencyAll() {
        return latencyAll;
    }

    Recorder latencySteady() {
        return latencySteady;
    }

    Recorder latencySlow() {
        return latencySlow;
    }

    Recorder latencyReplay() {
        return latencyReplay;
    }

    Recorder connectRecorder() {
        return connect;
    }

    Recorder firstMessageRecorder() {
        return firstMessage;
    }

    Recorder outageRecorder() {
        return outage;
    }

    /** Messages without a usable seq. */
    public long malformed() {
        return malformed.sum();
    }

    /** Negative durations seen (clock skew, or a broken mono basis), recorded as 0. */
    public long negativeLatencies() {
        return negative.sum();
    }

    /** Durations above {@link #HIGHEST_NANOS}, recorded as that. */
    public long clampedValues() {
        return clamped.sum();
    }

    /** Driver-reported stream errors. */
    public long streamErrors() {
        return streamErrors.sum();
    }

    /** Failed connect-probe attempts. */
    public long connectProbeFailures() {
        return connectProbeFailures.sum();
    }
}
