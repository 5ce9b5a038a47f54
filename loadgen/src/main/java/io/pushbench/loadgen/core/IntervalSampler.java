package io.pushbench.loadgen.core;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.Throughput;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns a {@link TransportMeter} into a timeline, an interval log and a {@link MeterSummary}. Once per second (on its
 * own daemon thread, or when a test calls {@link #tick()}) it swaps the interval histograms, writes the latency
 * interval (first deliveries, untagged; replays after a resume tagged {@code replay}) to the {@code .hlog}, sums
 * the probes' counters and the process CPU into an {@link IntervalSample}, and takes the steady-window snapshots
 * (CPU and connections at its start; the cut seq and CPU at its end). Per-thread CPU is read every tick
 * ({@link ThreadCpuTracker}: the busiest thread of the steady window), and when the process is pinned,
 * {@code /proc/stat} at the window's two ends (the pinned CPUs' utilisation).
 *
 * <pre>{@code
 * IntervalSampler s = new IntervalSampler(meter, ProcessProbe.system(), hlog, targetConnections, listener);
 * s.start();                       // ticks at load start + 1 s, + 2 s, ...
 * ...                              // the driver runs
 * MeterSummary m = s.finish();     // last tick, accounting against the cut seq
 * }</pre>
 */
public final class IntervalSampler implements AutoCloseable {
    private static final long SECOND = 1_000_000_000L;

    private final TransportMeter meter;
    private final ProcessProbe process;
    /** {@code .hlog} tag of the fault-to-handshake distribution (runs with faults). */
    public static final String RECONNECT_TAG = "reconnect";
    /** {@code .hlog} tag of the fault-to-first-message distribution (runs with faults). */
    public static final String RECOVERY_TAG = "recovery";
    /** {@code .hlog} tag of the slow subscribers' steady-window latency (scenario slow), one interval. */
    public static final String SLOW_TAG = "slow";

    private final HlogWriter hlog;
    private final int targetConnections;
    private final Consumer<IntervalSample> listener;
    private final ValidityRules rules;
    private final PhaseSchedule schedule;

    private final Histogram latencyAll = newHistogram();
    private final Histogram latencySteady = newHistogram();
    private final Histogram latencySlow = newHistogram();
    private final Histogram latencyReplay = newHistogram();
    private Histogram replayInterval;
    private final Histogram connect = newHistogram();
    private final Histogram firstMessage = newHistogram();
    private final Histogram outage = newHistogram();
    private final Histogram fanout = newHistogram();
    private Histogram recycle;
    private final List<IntervalSample> timeline = new ArrayList<>();

    private long lastTickNanos;
    private Totals last = Totals.ZERO;
    private ProcessProbe.Sample lastProcess;
    private ProcessProbe.Sample steadyStartProcess;
    private long steadyStartTickNanos = -1;
    private ProcessProbe.Sample steadyEndProcess;
    private long steadyEndTickNanos = -1;
    private long connectionsAtSteadyStart = -1;
    private long connectionsPeak;
    private long cutSeq = -1;
    private long heapMax;
    private final ThreadCpuTracker threadCpu = new ThreadCpuTracker();
    private ThreadCpuTracker.Busiest steadyBusiest;
    private final CpuSet pinned;
    private ProcStat steadyStartStat;
    private ProcStat steadyEndStat;
    private boolean finished;
    private MeterSummary summary;
    private ScheduledExecutorService executor;

    public IntervalSampler(TransportMeter meter, ProcessProbe process, HlogWriter hlog, int targetConnections,
                           Consumer<IntervalSample> listener) {
        this(meter, process, hlog, targetConnections, listener, ValidityRules.defaults());
    }

    public IntervalSampler(TransportMeter meter, ProcessProbe process, HlogWriter hlog, int targetConnections,
                           Consumer<IntervalSample> listener, ValidityRules rules) {
        this.meter = meter;
        this.process = process;
        this.hlog = hlog;
        this.targetConnections = targetConnections;
        this.listener = listener == null ? s -> { } : listener;
        this.rules = rules;
        this.schedule = meter.schedule();
        this.lastTickNanos = schedule.startNanos();
        this.lastProcess = process.sample();
        this.pinned = process.pinnedCpus();
    }

    private static Histogram newHistogram() {
        return new Histogram(1, TransportMeter.HIGHEST_NANOS, TransportMeter.DIGITS);
    }

    /** Starts ticking every second, aligned on the load start. */
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushbench-sampler-" + meter.transport().key());
            t.setDaemon(true);
            return t;
        });
        long first = Math.max(0, schedule.startNanos() + SECOND - meter.clock().nanoTime());
        executor.scheduleAtFixedRate(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                System.err.println("pushbench sampler: " + e);
            }
        }, first, SECOND, TimeUnit.NANOSECONDS);
    }

    /** Takes one interval now. */
    public synchronized IntervalSample tick() {
        if (finished) {
            return null;
        }
        return sample(meter.clock().nanoTime());
    }

    private IntervalSample sample(long now) {
        double fromSec = schedule.secondsAt(lastTickNanos);
        double toSec = schedule.secondsAt(now);
        double dt = Math.max(1e-9, (now - lastTickNanos) / 1e9);

        recycle = meter.latencyAll().getIntervalHistogram(recycle);
        latencyAll.add(recycle);
        if (hlog != null) {
            hlog.interval(Math.max(0, fromSec), Math.max(0, toSec), recycle);
        }
        double p50 = recycle.getTotalCount() == 0 ? 0 : recycle.getValueAtPercentile(50) / 1000.0;
        double p99 = recycle.getTotalCount() == 0 ? 0 : recycle.getValueAtPercentile(99) / 1000.0;
        double max = recycle.getTotalCount() == 0 ? 0 : recycle.getMaxValue() / 1000.0;
        replayInterval = meter.latencyReplay().getIntervalHistogram(replayInterval);
        latencyReplay.add(replayInterval);
        if (hlog != null && replayInterval.getTotalCount() > 0) {
            hlog.interval(HlogWriter.REPLAY_TAG, Math.max(0, fromSec), Math.max(0, toSec), replayInterval);
        }
        drain(meter.latencySteady(), latencySteady);
        drain(meter.latencySlow(), latencySlow);
        drain(meter.connectRecorder(), connect);
        drain(meter.firstMessageRecorder(), firstMessage);
        drain(meter.outageRecorder(), outage);

        Totals t = Totals.sum(meter);
        connectionsPeak = Math.max(connectionsPeak, t.open);
        ProcessProbe.Sample ps = process.sample();
        heapMax = Math.max(heapMax, ps.heapUsedBytes());
        threadCpu.update(process.threadCpu());
        double cpuCores = ps.cpuTimeNs() < 0 || lastProcess.cpuTimeNs() < 0 ? -1
                : (ps.cpuTimeNs() - lastProcess.cpuTimeNs()) / 1e9 / dt;

        if (steadyStartTickNanos < 0 && now >= schedule.steadyStartNanos()) {
            steadyStartTickNanos = now;
            steadyStartProcess = ps;
            connectionsAtSteadyStart = t.open;
            threadCpu.mark();
            steadyStartStat = pinned == null ? null : process.procStat();
        }
        if (steadyEndTickNanos < 0 && now >= schedule.steadyEndNanos()) {
            steadyEndTickNanos = now;
            steadyEndProcess = ps;
            cutSeq = t.maxSeq;
            steadyBusiest = threadCpu.sinceMark((now - steadyStartTickNanos) / 1e9);
            steadyEndStat = pinned == null ? null : process.procStat();
        }
        // Fan-out: complete seqs published more than ~2 s before the newest one seen.
        long newest = meter.fanout().newest();
        long perTick = Math.max(1, t.maxSeq - last.maxSeq);   // ~ the publish rate per second
        long horizon = newest - 2 * perTick - 1;
        if (horizon > 0) {
            meter.fanout().complete(horizon, fanout);
        }

        Phase phase = schedule.phaseAt(now - 1);
        IntervalSample s = new IntervalSample(round3(toSec), phase.label(), t.open,
                round3((t.delivered - last.delivered) / dt), round3((t.bytes - last.bytes) / dt), p50, p99, max,
                Math.max(0, t.gapMissing - last.gapMissing), t.duplicated - last.duplicated,
                t.reconnects - last.reconnects, t.errors - last.errors, cpuCores < 0 ? -1 : round3(cpuCores));
        timeline.add(s);
        last = t;
        lastProcess = ps;
        lastTickNanos = now;
        listener.accept(s);
        return s;
    }

    private static void drain(Recorder r, Histogram into) {
        into.add(r.getIntervalHistogram());
    }

    /** Stops ticking, takes the last interval and summarises. Idempotent. */
    public synchronized MeterSummary finish() {
        if (summary != null) {
            return summary;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        long now = meter.clock().nanoTime();
        sample(now);
        finished = true;
        Totals t = last;
        if (cutSeq < 0) {
            cutSeq = t.maxSeq;
        }
        meter.fanout().complete(meter.fanout().newest(), fanout);

        // The steady window as seqs: those scheduled in it, learned from what the subscribers received. The cut
        // reaches at least its last seq, so a steady seq nobody received is still owed.
        PublishedSchedule.Lookup sched = meter.published().lookup();
        long steadyFirst = sched.firstSeqAtOrAfter(meter.steadyFromAxis());
        long steadyLast = sched.firstSeqAtOrAfter(meter.steadyToAxis()) - 1;
        if (sched.isEmpty()) {
            steadyFirst = 1;
            steadyLast = 0;
        }
        cutSeq = Math.max(cutSeq, steadyLast);

        long expected = 0;
        long delivered = 0;
        long steadyDelivered = 0;
        long steadyBytes = 0;
        long duplicated = 0;
        long reordered = 0;
        long signalled = 0;
        long bytes = 0;
        long steadyExpected = 0;
        long steadyOwedDelivered = 0;
        long steadyDuplicated = 0;
        long steadyReordered = 0;
        long[] slow = new long[5];   // expected, delivered, duplicated, steady expected, steady delivered
        for (ConnectionProbe p : meter.probes()) {
            ConnectionProbe.Counters c = p.counters();
            long fromSchedule = c.firstSeq() == 0 && c.ownedFromNanos() >= 0
                    ? sched.firstSeqAtOrAfter(meter.axisAt(c.ownedFromNanos())) : 0;
            if (p.slow()) {
                // scenario slow: the slow readers are accounted apart (slowGroup), the headline is the others'
                slow[0] += c.expected(cutSeq, fromSchedule);
                slow[1] += c.delivered();
                slow[2] += c.duplicated();
                slow[3] += c.expectedSteady(cutSeq, fromSchedule, steadyFirst, steadyLast);
                slow[4] += c.steadyDelivered();
                continue;
            }
            expected += c.expected(cutSeq, fromSchedule);
            delivered += c.delivered();
            steadyDelivered += c.deliveredSteady();
            steadyBytes += c.bytesSteady();
            duplicated += c.duplicated();
            reordered += c.reordered();
            signalled += c.lostSignalled();
            bytes += c.bytes();
            steadyExpected += c.expectedSteady(cutSeq, fromSchedule, steadyFirst, steadyLast);
            steadyOwedDelivered += c.steadyDelivered();
            steadyDuplicated += c.steadyDuplicated();
            steadyReordered += c.steadyReordered();
        }
        MessageCounts messages = new MessageCounts(expected, delivered, expected - delivered, duplicated, reordered,
                signalled, bytes);
        // lostSignalled and bytes are whole-run figures; the steady counts leave them at 0
        MessageCounts steadyMessages = new MessageCounts(steadyExpected, steadyOwedDelivered,
                steadyExpected - steadyOwedDelivered, steadyDuplicated, steadyReordered, 0, 0);

        boolean steadyComplete = steadyEndTickNanos >= 0;
        long steadyFrom = schedule.steadyStartNanos();
        long steadyTo = Math.min(now, schedule.steadyEndNanos());
        double steadySec = Math.max(0, (steadyTo - steadyFrom) / 1e9);
        Throughput throughput = steadySec <= 0 ? Throughput.ZERO
                : new Throughput(round3(steadyDelivered / steadySec), round3(steadyBytes / steadySec));

        LoadgenFigures loadgen = loadgenFigures(steadyDelivered, now);
        List<String> reasons = rules.check(targetConnections, Math.max(0, connectionsAtSteadyStart), steadyComplete,
                messages, loadgen, meter.basis(), meter.negativeLatencies());
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("cutSeq", cutSeq);
        diagnostics.put("malformedMessages", meter.malformed());
        diagnostics.put("negativeDurations", meter.negativeLatencies());
        diagnostics.put("clampedDurations", meter.clampedValues());
        diagnostics.put("streamErrors", meter.streamErrors());
        diagnostics.put("fanoutReceiptsDropped", meter.fanout().dropped());
        diagnostics.put("latencyBasis", meter.basis().name().toLowerCase(java.util.Locale.ROOT));
        diagnostics.put("steadySeqs", List.of(steadyFirst, steadyLast));
        if (meter.slowProbes() > 0) {
            // scenario slow: the steady latency and counts above are the other subscribers'; the slow ones' here
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("subscribers", meter.slowProbes());
            group.put("latencyUs", Percentiles.fromNanos(latencySlow));
            // "lost" here: owed but not delivered by the end of the run (a slow reader is still behind)
            group.put("messages", new MessageCounts(slow[0], slow[1], slow[0] - slow[1], slow[2], 0, 0, 0));
            group.put("steadyMessages", new MessageCounts(slow[3], slow[4], slow[3] - slow[4], 0, 0, 0, 0));
            diagnostics.put("slowGroup", group);
            if (hlog != null && latencySlow.getTotalCount() > 0) {
                hlog.interval(SLOW_TAG, Math.max(0, schedule.secondsAt(steadyFrom)),
                        Math.max(0, schedule.secondsAt(steadyTo)), latencySlow);
            }
        }
        summary = new MeterSummary(round3(schedule.secondsAt(steadyFrom)), round3(schedule.secondsAt(steadyTo)),
                steadyComplete, messages, steadyMessages, Percentiles.fromNanos(latencySteady),
                Percentiles.fromNanos(latencyAll), Percentiles.fromNanos(latencyReplay),
                throughput, Percentiles.fromNanos(connect), Percentiles.fromNanos(firstMessage),
                Percentiles.fromNanos(fanout), new Reconnects(t.reconnects, t.failed, Percentiles.fromNanos(outage),
                        recovery(schedule.secondsAt(now))),
                loadgen, connectionsPeak, Math.max(0, connectionsAtSteadyStart), cutSeq, List.copyOf(timeline),
                reasons, diagnostics);
        if (hlog != null) {
            hlog.close();
        }
        return summary;
    }

    /**
     * The recovery figures (null without faults): episodes still open are closed as "not back", and the two
     * distributions go to the {@code .hlog} too, tagged {@value #RECONNECT_TAG} and {@value #RECOVERY_TAG}, one
     * interval spanning the run.
     */
    private io.pushbench.analysis.results.Recovery recovery(double endSec) {
        RecoveryTracker tracker = meter.recovery();
        if (!tracker.hasFaults()) {
            return null;
        }
        for (ConnectionProbe p : meter.probes()) {
            RecoveryTracker.Episode e = p.openEpisode();
            if (e != null) {
                tracker.episode(e);
            }
        }
        Histogram reconnect = newHistogram();
        Histogram recovered = newHistogram();
        io.pushbench.analysis.results.Recovery r = tracker.recovery(schedule.startNanos(),
                latencyReplay.getTotalCount(), reconnect, recovered);
        if (hlog != null) {
            hlog.interval(RECONNECT_TAG, 0, Math.max(0, endSec), reconnect);
            hlog.interval(RECOVERY_TAG, 0, Math.max(0, endSec), recovered);
        }
        return r;
    }

    private LoadgenFigures loadgenFigures(long steadyDelivered, long now) {
        ProcessProbe.Sample from = steadyStartProcess;
        ProcessProbe.Sample to = steadyEndProcess != null ? steadyEndProcess : lastProcess;
        long fromNanos = steadyStartTickNanos;
        long toNanos = steadyEndProcess != null ? steadyEndTickNanos : now;
        int cores = process.availableCores();
        double cpuCores = -1;
        double perMessage = -1;
        long gcCount = 0;
        long gcTime = 0;
        if (from != null && to != null && toNanos > fromNanos && from.cpuTimeNs() >= 0) {
            long cpu = to.cpuTimeNs() - from.cpuTimeNs();
            cpuCores = cpu / ((toNanos - fromNanos) / 1e9) / 1e9;
            perMessage = steadyDelivered > 0 ? (double) cpu / steadyDelivered : -1;
            gcCount = to.gcCount() - from.gcCount();
            gcTime = to.gcTimeMs() - from.gcTimeMs();
        }
        // Interrupted before the steady end: the window so far, like the process CPU above.
        ThreadCpuTracker.Busiest busiest = steadyBusiest != null ? steadyBusiest
                : threadCpu.sinceMark((toNanos - fromNanos) / 1e9);
        ProcStat endStat = steadyEndStat != null || pinned == null ? steadyEndStat : process.procStat();
        double pinnedUtilization = endStat == null ? -1 : round3(endStat.utilizationSince(steadyStartStat, pinned));
        return new LoadgenFigures(cores, round3(cpuCores), cpuCores < 0 ? -1 : round3(cpuCores / cores),
                round3(perMessage), gcCount, gcTime, heapMax, lastProcess.threads(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), busiest.name(), busiest.cpuCores(),
                pinned == null ? null : pinned.text(), pinnedUtilization);
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    @Override
    public void close() {
        finish();
    }

    /** Sums of the probes' counters at one instant. */
    private record Totals(long delivered, long bytes, long gapMissing, long duplicated, long reconnects, long failed,
                          long errors, long open, long maxSeq) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);

        static Totals sum(TransportMeter meter) {
            long delivered = 0, bytes = 0, gap = 0, dup = 0, rec = 0, failed = 0, open = 0, maxSeq = 0;
            for (ConnectionProbe p : meter.probes()) {
                ConnectionProbe.Counters c = p.counters();
                delivered += c.delivered();
                bytes += c.bytes();
                gap += c.gapMissing();
                dup += c.duplicated();
                rec += c.reconnects();
                failed += c.failedAttempts();
                open += c.open() ? 1 : 0;
                maxSeq = Math.max(maxSeq, c.maxSeq());
            }
            return new Totals(delivered, bytes, gap, dup, rec, failed, failed + meter.streamErrors() + meter.connectProbeFailures(),
                    open, maxSeq);
        }
    }
}
