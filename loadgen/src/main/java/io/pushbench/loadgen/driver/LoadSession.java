package io.pushbench.loadgen.driver;

import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.Window;
import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.core.HlogWriter;
import io.pushbench.loadgen.core.IntervalSampler;
import io.pushbench.loadgen.core.MeterSummary;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.core.PhaseSchedule;
import io.pushbench.loadgen.core.ProcessProbe;
import io.pushbench.loadgen.core.TransportMeter;
import io.pushbench.loadgen.probe.ConnectProbe;
import io.pushbench.wire.Transport;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of one load-generator JVM, whatever the {@link LoadDriver}: the phases, the measurement core
 * ({@link TransportMeter}), the per-second {@link IntervalSampler} (timeline, {@code .hlog}), the connect probe, the
 * reconnect policy and the driver's results file. The driver opens subscribers; the session does the rest.
 *
 * <pre>{@code
 * LoadSession s = LoadSession.start(config, System.out);   // the schedule starts now
 * ConnectionProbe p = s.newProbe();                        // one per subscriber
 * ... p.onConnectStart(...); FeedEvents.deliver(p, json, size, recv); ...
 * int attempt = s.streamEnded(p, attempt, clock.nanoTime());   // 0: the run is over, else reconnect after backoff
 * RunResult r = s.finish(0);                               // writes <outDir>/<runId>.driver.json
 * }</pre>
 *
 * <p>Writes {@code <outDir>/<runId>.hlog} while running and {@code <outDir>/<runId>.driver.json} (a results file of
 * kind "run" holding the driver's view; the orchestrator adds the server's) at the end, and prints one
 * {@value #INTERVAL_PREFIX} line of JSON per second for the orchestrator.
 */
public final class LoadSession {
    /** Prefix of the per-second interval lines on stdout. */
    public static final String INTERVAL_PREFIX = "PUSHBENCH-INTERVAL ";
    /** Prefix of the orchestrator's fault notices on the load generator's standard input. */
    public static final String FAULT_PREFIX = "PUSHBENCH-FAULT ";
    /** System property the orchestrator sets on the load generator's JVM: read fault notices from stdin. */
    public static final String FAULT_NOTICES_PROPERTY = "pushbench.faultNotices";
    /** An EventSource's reconnection time before the server sends {@code retry:} (implementation-defined; 3 s). */
    static final long EVENTSOURCE_DEFAULT_RETRY_MS = 3_000;
    /** Exit code of a load generator stopped before its end (SIGTERM). */
    public static final int INTERRUPTED_EXIT = 143;

    private final DriverConfig config;
    private final NanoClock clock;
    private final TransportMeter meter;
    private final IntervalSampler sampler;
    private final PhaseSchedule schedule;
    private final long startEpochMs;
    private final PrintStream out;
    private final ConnectProbe connectProbe;
    private final String connectProbeProblem;
    private final Map<String, Object> driverExtensions = new LinkedHashMap<>();
    private final Map<String, String> driverFiles = new LinkedHashMap<>();
    private final List<String> driverInvalidReasons = new ArrayList<>();
    private RunResult result;

    private LoadSession(DriverConfig config, NanoClock clock, ProcessProbe process, PrintStream out,
                        ConnectProbe connectProbe, String connectProbeProblem) throws IOException {
        this.config = config;
        this.clock = clock;
        this.out = out;
        this.connectProbe = connectProbe;
        this.connectProbeProblem = connectProbeProblem;
        long start = clock.nanoTime();
        this.startEpochMs = clock.epochMicros() / 1000;
        this.schedule = PhaseSchedule.of(start, config.ramp(), config.warmup(), config.duration(), config.drain());
        this.meter = new TransportMeter(config.transport(), config.basis(), clock, schedule, config.rate());
        meter.recovery().policy(config.behaviour().reconnect().key());
        HlogWriter hlog = HlogWriter.create(config.outDir().resolve(config.runId() + ".hlog"), config.runId(),
                startEpochMs, "transport=" + config.transport().key() + " protocol=" + config.protocol().key()
                        + " driver=" + config.driver().key() + " connections=" + config.connections()
                        + " rate=" + config.rate() + " payload=" + config.payloadBytes());
        this.sampler = new IntervalSampler(meter, process, hlog, config.connections(), this::emit);
    }

    /**
     * Starts a session on the system clock: the connect probe (unless its rate is 0) is started and warmed up
     * first, then the schedule begins, the sampler ticks every second, and a shutdown hook writes what was measured
     * (marked interrupted) if the JVM is stopped before {@link #finish}.
     */
    public static LoadSession start(DriverConfig config, PrintStream out) throws IOException {
        NanoClock clock = NanoClock.system();
        ConnectProbe probe = null;
        String problem = null;
        if (config.connectProbeRate() <= 0) {
            problem = "off (connect probe rate 0)";
        } else {
            try {
                probe = ConnectProbe.open(new ConnectProbe.Settings(config.transport(),
                        URI.create(config.baseUrl()), config.connectProbeRate(),
                        config.connectProbeTimeout().toMillis()), clock);
            } catch (Exception e) {
                problem = "could not start: " + e;
                System.err.println("pushbench " + config.driver().key() + ": connect probe " + problem);
            }
        }
        LoadSession s;
        try {
            s = new LoadSession(config, clock, ProcessProbe.system(), out, probe, problem);
        } catch (IOException | RuntimeException e) {
            if (probe != null) {
                probe.close();
            }
            throw e;
        }
        s.sampler.start();
        if (probe != null) {
            probe.startPacing(s.meter::countConnectProbeFailure);
        }
        if (Boolean.getBoolean(FAULT_NOTICES_PROPERTY)) {
            // only a load generator the orchestrator started reads its stdin: in a test JVM stdin is Surefire's
            s.listenForFaults(System.in);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s.finish(INTERRUPTED_EXIT);
            } catch (IOException | RuntimeException e) {
                System.err.println("pushbench " + config.driver().key() + ": could not write the interrupted run: "
                        + e);
            }
        }, "pushbench-driver-finish"));
        return s;
    }

    /**
     * A session on an injected clock and process probe, without connect probe, sampler thread or shutdown hook:
     * the caller ticks {@link #sampler()} itself (tests, the in-memory driver).
     */
    public static LoadSession manual(DriverConfig config, NanoClock clock, ProcessProbe process, PrintStream out)
            throws IOException {
        return new LoadSession(config, clock, process, out, null, "off (manual session)");
    }

    /**
     * Reads the orchestrator's fault notices from {@code in} on a daemon thread, one per line:
     * {@value #FAULT_PREFIX}{@code <nanoTime> <kind> <detail...>}, the time read by the orchestrator just before it
     * acted (same clock on one host). Anything else is ignored; the end of the input ends the thread.
     */
    void listenForFaults(java.io.InputStream in) {
        Thread t = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    fault(line);
                }
            } catch (IOException e) {
                // the orchestrator went away: no more notices
            }
        }, "pushbench-fault-notices");
        t.setDaemon(true);
        t.start();
    }

    /** Applies one notice line (see {@link #listenForFaults}); false when it is not a notice. */
    public boolean fault(String line) {
        if (!line.startsWith(FAULT_PREFIX)) {
            return false;
        }
        String[] p = line.substring(FAULT_PREFIX.length()).strip().split(" ", 3);
        if (p.length < 2) {
            return false;
        }
        try {
            meter.recovery().fault(p[1], p.length > 2 ? p[2] : "", Long.parseLong(p[0]));
            out.println("pushbench: fault " + p[1] + (p.length > 2 ? " (" + p[2] + ")" : "") + " noted");
            out.flush();
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void emit(IntervalSample s) {
        out.println(INTERVAL_PREFIX + ResultsIO.toJson(s).replaceAll("\\s*\n\\s*", ""));
        out.flush();
    }

    public DriverConfig config() {
        return config;
    }

    public NanoClock clock() {
        return clock;
    }

    public TransportMeter meter() {
        return meter;
    }

    /** The sampler: ticked by its own thread in a started session, by the caller in a manual one. */
    public IntervalSampler sampler() {
        return sampler;
    }

    /** The phases of this run. */
    public PhaseSchedule schedule() {
        return schedule;
    }

    /** End of the drain: streams close then. */
    public long endNanos() {
        return schedule.endNanos();
    }

    /** Whether subscribers should keep (re)connecting. */
    public boolean running() {
        return clock.nanoTime() < schedule.endNanos();
    }

    /** When subscriber {@code index} (0-based) connects: spread evenly over the ramp, the first at its start. */
    public long connectAt(int index) {
        if (index < 0 || index >= config.connections()) {
            throw new IllegalArgumentException("subscriber index must be 0.." + (config.connections() - 1) + ", was "
                    + index);
        }
        return schedule.startNanos() + config.ramp().toNanos() * index / config.connections();
    }

    /** Time left until the end of the drain, plus a grace so the last await ends by a message, not a timeout. */
    public Duration awaitBudget() {
        long left = Math.max(0, schedule.endNanos() - clock.nanoTime());
        return Duration.ofNanos(left).plusSeconds(5).plusNanos((long) (2e9 / config.rate()));
    }

    /** A new subscriber's probe, registered for sampling. */
    public ConnectionProbe newProbe() {
        return meter.newProbe();
    }

    /**
     * A subscriber's stream ended at {@code nanos} (on the probe's writer thread): a drop while the run goes on, the
     * end of the run otherwise. Returns the next attempt number for {@link #backoff(int)}: 0 when the run is over
     * (do not reconnect); consecutive attempts that delivered nothing grow it, a stream that delivered resets it
     * to 1.
     */
    public int streamEnded(ConnectionProbe probe, int attempt, long nanos) {
        boolean drop = nanos < schedule.endNanos();
        int next = !drop ? 0 : probe.attemptDelivered() ? 1 : attempt + 1;
        probe.onClosed(nanos, drop);
        return next;
    }

    /** The pause before reconnect attempt {@code attempt} (>= 1) under {@link ReconnectPolicy#JITTER}. */
    public Duration backoff(int attempt) {
        return backoff(attempt, -1);
    }

    /**
     * The pause before reconnect attempt {@code attempt} (>= 1) under the run's {@link ReconnectPolicy}: exponential
     * backoff with full jitter; the minimum every time ({@code sync}); or each transport's default ({@code native}:
     * SSE waits {@code retryMs}, the server's {@code retry:}, 3 s without one; WebSocket reconnects at once, then the
     * minimum).
     *
     * @param retryMs the SSE {@code retry:} value the subscriber received, -1 for none
     */
    public Duration backoff(int attempt, long retryMs) {
        if (!running()) {
            return Duration.ZERO;
        }
        switch (config.behaviour().reconnect()) {
            case SYNC:
                return config.backoffMin();
            case NATIVE:
                if (config.transport() == io.pushbench.wire.Transport.SSE) {
                    return Duration.ofMillis(retryMs >= 0 ? retryMs : EVENTSOURCE_DEFAULT_RETRY_MS);
                }
                return attempt <= 1 ? Duration.ZERO : config.backoffMin();
            default:
                break;
        }
        int a = Math.min(20, Math.max(1, attempt));
        long min = config.backoffMin().toNanos();
        long cap = Math.min(config.backoffMax().toNanos(), min * (1L << a));
        long nanos = cap <= min ? min : ThreadLocalRandom.current().nextLong(min, cap + 1);
        return Duration.ofNanos(nanos);
    }

    /** Adds the driver's own description (threads, selectors, connections...) to the run's extensions. */
    public synchronized void describeDriver(Map<String, ?> description) {
        driverExtensions.putAll(description);
    }

    /**
     * Makes the run invalid with {@code reason} (one sentence, e.g. a browser that crashed mid-run): the driver saw
     * something the measurement core cannot, and the run's figures must not be used.
     */
    public synchronized void invalidate(String reason) {
        driverInvalidReasons.add(reason);
    }

    /** Names a file the driver wrote (relative to the run directory) in the run's {@code files}. */
    public synchronized void addFile(String key, String relativePath) {
        driverFiles.put(key, relativePath);
    }

    /**
     * Ends the measurement (idempotent) and writes {@code <runId>.driver.json}; returns the driver's run result.
     *
     * @param exitCode the driver's exit status: {@value #INTERRUPTED_EXIT} marks the run interrupted
     */
    public synchronized RunResult finish(int exitCode) throws IOException {
        if (result != null) {
            return result;
        }
        if (connectProbe != null) {
            connectProbe.close();     // before the last sampler tick, so its failures are in the timeline
        }
        MeterSummary m = sampler.finish();
        Map<String, Object> ext = new LinkedHashMap<>(m.diagnostics());
        ext.put("latencyAllPhasesUs", m.latencyAllUs());
        ext.put("replayLatencyUs", m.replayLatencyUs());
        ext.put("cutSeq", m.cutSeq());
        ext.put("connectionsAtSteadyStart", m.connectionsAtSteadyStart());
        ext.put("streamsPerConnection", config.streamsPerConnection());
        ClientBehaviour b = config.behaviour();
        if (!b.equals(ClientBehaviour.STEADY)) {
            // the arm's scenario: runs of different scenarios are never pooled or compared (analysis Arm)
            ext.put(io.pushbench.analysis.verdict.Arm.SCENARIO_EXTENSION, b.scenario());
            Map<String, Object> cb = new LinkedHashMap<>();
            cb.put("reconnectPolicy", b.reconnect().key());
            cb.put("churnPerSec", b.churnPerSec());
            cb.put("slowShare", b.slowShare());
            cb.put("slowReadDelayMs", b.slowReadDelay().toMillis());
            ext.put("clientBehaviour", cb);
        }
        ext.put("tcpConnections", config.tcpConnections());
        Percentiles connectUs = connect(m, ext);
        ext.putAll(driverExtensions);
        List<String> reasons = new ArrayList<>(m.invalidReasons());
        reasons.addAll(driverInvalidReasons);
        if (exitCode == INTERRUPTED_EXIT) {
            reasons.add("interrupted: the load generator was stopped before the end of the run");
        }
        Window w = new Window(Instant.ofEpochMilli(startEpochMs).toString(), Instant.now().toString(),
                secs(config.ramp()), secs(config.warmup()), secs(config.duration()), secs(config.drain()),
                m.steadyFromSec(), m.steadyToSec());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("json", config.runId() + ".json");
        files.put("hlog", config.runId() + ".hlog");
        files.putAll(driverFiles);
        RunResult r = new RunResult(config.runId(), config.transport(), config.protocol(), config.driver(),
                config.variant(), config.repeat(), config.connections(), m.connectionsPeak(), reasons.isEmpty(),
                reasons, w, m.messages(), m.steadyMessages(), m.latencyUs(), m.throughput(), connectUs,
                m.firstMessageUs(), m.fanoutUs(), m.reconnects(), m.loadgen(), ServerFigures.UNAVAILABLE,
                m.timeline(), List.of(), files, ext);
        Map<String, Object> cfg = new LinkedHashMap<>(config.asMap());
        ResultsIO.write(driverFile(config.outDir(), config.runId()),
                Results.of("run", true, cfg, Environment.detect(null), List.of(r), Map.of()));
        result = r;
        out.println("pushbench: driver results in " + driverFile(config.outDir(), config.runId()).toAbsolutePath()
                + " and " + config.outDir().resolve(config.runId() + ".hlog").toAbsolutePath());
        out.flush();
        return r;
    }

    /**
     * {@code connectUs} and its {@code extensions}: from the connect probe for both transports (one instrument, so
     * the figures compare), the SSE subscribers' own figure kept as {@code loaderConnectUs}. Without a probe: the
     * SSE subscribers' figure, and the WebSocket subscribers' when the driver observes the upgrade response.
     */
    private Percentiles connect(MeterSummary m, Map<String, Object> ext) {
        boolean sse = config.transport() == Transport.SSE;
        ext.put("loaderConnectUs", m.connectUs());
        if (connectProbe == null) {
            ext.put("connectProbe", Map.of("status", connectProbeProblem == null ? "off" : connectProbeProblem));
            ext.put("connectMeasuredAs", "no connect probe: the subscribers' own connect times ("
                    + config.driver().label() + ", " + config.protocol().key() + "), request start to "
                    + (sse ? "the response headers" : "the upgrade response") + " where the driver observes them");
            return m.connectUs();
        }
        ext.put("connectProbe", new LinkedHashMap<>(connectProbe.describe()));
        ext.put("connectProbeFailures", connectProbe.failures());
        ext.put("connectMeasuredAs", "connect probe: one fresh HTTP/1.1 connection every "
                + Math.round(1000 / config.connectProbeRate()) + " ms for the whole run (ramp included) with Jetty "
                + "12.1 clients in the load generator's JVM, System.nanoTime from just before the client call to "
                + (sse ? "the response headers of GET /sse (Connection: close; then aborted)"
                       : "the validated 101 response of GET /ws (JettyUpgradeListener.onHandshakeResponse; then closed)")
                + "; successful attempts only, failures in connectProbeFailures");
        return Percentiles.fromNanos(connectProbe.histogram());
    }

    /** Where the driver writes its view of a run. */
    public static Path driverFile(Path outDir, String runId) {
        return outDir.resolve(runId + ".driver.json");
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }
}
