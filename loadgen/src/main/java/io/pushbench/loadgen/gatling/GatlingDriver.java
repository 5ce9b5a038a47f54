package io.pushbench.loadgen.gatling;

import io.gatling.javaapi.core.Session;
import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.core.HlogWriter;
import io.pushbench.loadgen.core.IntervalSampler;
import io.pushbench.loadgen.core.MeterSummary;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.core.PhaseSchedule;
import io.pushbench.loadgen.core.ProcessProbe;
import io.pushbench.loadgen.core.TransportMeter;
import io.pushbench.loadgen.probe.ConnectProbe;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.Window;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.FeedJson;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bridge between Gatling and the measurement core, living in the Gatling JVM: one per run. The simulation's
 * armed check calls {@link #onFrame} for every inbound SSE event / WebSocket text frame, on the user's Netty
 * event-loop thread, at arrival.
 *
 * <pre>{@code
 * GatlingDriver d = GatlingDriver.start(config, System.out);   // in Simulation.before()
 * ... check hook: return d.onFrame(raw, session, sse);           // "END" once the run is over
 * d.finish();                                                    // in Simulation.after(): writes the files
 * }</pre>
 *
 * <p>Writes {@code <outDir>/<runId>.hlog} while running and {@code <outDir>/<runId>.driver.json} (a results file of
 * kind "run" holding the driver's view; the orchestrator adds the server's) at the end, and prints one
 * {@value #INTERVAL_PREFIX} line of JSON per second on stdout for the orchestrator.
 */
public final class GatlingDriver {
    /** Prefix of the per-second interval lines on stdout. */
    public static final String INTERVAL_PREFIX = "PUSHBENCH-INTERVAL ";
    /** Session attribute holding the user's probe. */
    public static final String PROBE = "pushbench.probe";
    /** Session attribute holding the user's reconnect attempt count (for the backoff). */
    public static final String ATTEMPT = "pushbench.attempt";
    private static final String LOST_MARKER = "\"event\":\"" + FeedContract.LOST_EVENT + "\"";
    private static final String SUBSCRIBED_MARKER = "\"event\":\"" + FeedContract.SUBSCRIBED_EVENT + "\"";
    private static final String NEXT_FIELD = "\"next\":";

    private final DriverConfig config;
    private final NanoClock clock;
    private final TransportMeter meter;
    private final IntervalSampler sampler;
    private final long endNanos;
    private final long startEpochMs;
    private final PrintStream out;
    private final ConnectProbe connectProbe;
    private final String connectProbeProblem;
    private RunResult result;

    private GatlingDriver(DriverConfig config, NanoClock clock, PrintStream out, ConnectProbe connectProbe,
                          String connectProbeProblem) throws IOException {
        this.config = config;
        this.clock = clock;
        this.out = out;
        this.connectProbe = connectProbe;
        this.connectProbeProblem = connectProbeProblem;
        long start = clock.nanoTime();
        this.startEpochMs = clock.epochMicros() / 1000;
        PhaseSchedule schedule = PhaseSchedule.of(start, config.ramp(), config.warmup(), config.duration(),
                config.drain());
        this.meter = new TransportMeter(config.transport(), config.basis(), clock, schedule, config.rate());
        this.endNanos = schedule.endNanos();
        HlogWriter hlog = HlogWriter.create(config.outDir().resolve(config.runId() + ".hlog"), config.runId(),
                startEpochMs, "transport=" + config.transport().key() + " connections=" + config.connections()
                        + " rate=" + config.rate() + " payload=" + config.payloadBytes());
        this.sampler = new IntervalSampler(meter, ProcessProbe.system(), hlog, config.connections(), this::emit);
    }

    /** Creates the driver and starts its sampler; the load starts now. */
    public static GatlingDriver start(DriverConfig config, PrintStream out) throws IOException {
        NanoClock clock = NanoClock.system();
        // The probe's clients are started and warmed up before the load starts (the schedule begins in the
        // constructor), then it paces attempts for the whole run, ramp included.
        ConnectProbe probe = null;
        String problem = null;
        if (config.connectProbeRate() <= 0) {
            problem = "off (connect probe rate 0)";
        } else {
            try {
                probe = ConnectProbe.open(new ConnectProbe.Settings(config.transport(),
                        java.net.URI.create(config.baseUrl()), config.connectProbeRate(),
                        config.connectProbeTimeout().toMillis()), clock);
            } catch (Exception e) {
                problem = "could not start: " + e;
                System.err.println("pushbench gatling: connect probe " + problem);
            }
        }
        GatlingDriver d;
        try {
            d = new GatlingDriver(config, clock, out, probe, problem);
        } catch (IOException | RuntimeException e) {
            if (probe != null) {
                probe.close();
            }
            throw e;
        }
        d.sampler.start();
        if (probe != null) {
            probe.startPacing(d.meter::countConnectProbeFailure);
        }
        // Stopped early (SIGTERM from the orchestrator, Ctrl-C): still write what was measured, marked interrupted.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                d.finish(143);
            } catch (IOException | RuntimeException e) {
                System.err.println("pushbench gatling: could not write the interrupted run: " + e);
            }
        }, "pushbench-driver-finish"));
        return d;
    }

    private void emit(IntervalSample s) {
        out.println(INTERVAL_PREFIX + ResultsIO.toJson(s).replaceAll("\\s*\n\\s*", ""));
        out.flush();
    }

    public DriverConfig config() {
        return config;
    }

    /** Whether users should keep (re)connecting. */
    public boolean running() {
        return clock.nanoTime() < endNanos;
    }

    /** Time left until the end of the drain, plus a grace so the last await ends by a message, not a timeout. */
    public Duration awaitBudget() {
        long left = Math.max(0, endNanos - clock.nanoTime());
        return Duration.ofNanos(left).plusSeconds(5).plusNanos((long) (2e9 / config.rate()));
    }

    /** A new user: its probe goes into the session. */
    public Session newUser(Session s) {
        return s.set(PROBE, meter.newProbe()).set(ATTEMPT, 0);
    }

    static ConnectionProbe probe(Session s) {
        return s.get(PROBE);
    }

    /** Before each connect attempt. */
    public Session beforeConnect(Session s) {
        probe(s).onConnectStart(clock.nanoTime());
        return s;
    }

    /**
     * After a stream ended: a drop while the run goes on (reconnect with backoff) or the end of the run.
     */
    public Session afterStream(Session s) {
        long now = clock.nanoTime();
        boolean drop = now < endNanos;
        ConnectionProbe p = probe(s);
        // consecutive attempts without a message grow the backoff; a stream that delivered resets it
        int attempt = !drop ? 0 : p.attemptDelivered() ? 1 : s.getInt(ATTEMPT) + 1;
        p.onClosed(now, drop);
        return s.set(ATTEMPT, attempt).markAsSucceeded();
    }

    private static final Duration NO_PAUSE = Duration.ZERO;

    /** Exponential backoff with full jitter: uniform in [min, min(max, min * 2^attempt)]. */
    public Duration backoff(Session s) {
        if (!running()) {
            return NO_PAUSE;
        }
        int attempt = Math.min(20, Math.max(1, s.getInt(ATTEMPT)));
        long min = config.backoffMin().toNanos();
        long cap = Math.min(config.backoffMax().toNanos(), min * (1L << Math.min(attempt, 20)));
        long nanos = cap <= min ? min : ThreadLocalRandom.current().nextLong(min, cap + 1);
        return Duration.ofNanos(nanos);
    }

    /** The resume point of the user's probe (0 = none). */
    public long resumePoint(Session s) {
        return probe(s).resumePoint();
    }

    /**
     * The check hook: one inbound SSE event (as Gatling's JSON rendering {@code {"id":..,"data":{...}}}) or one
     * WebSocket text frame: a feed message, the "subscribed" marker or the lost signal. Returns "END" once the run
     * is over (the check matches and the user moves on), "" before.
     */
    public String onFrame(String raw, Session session, boolean sse) {
        long recv = clock.nanoTime();
        ConnectionProbe p = probe(session);
        long seq = FeedJson.longField(raw, FeedJson.SEQ);
        if (seq > 0) {
            if (sse) {
                p.onConnected(recv);
            }
            p.onMessage(seq, FeedJson.longField(raw, FeedJson.MONO), FeedJson.longField(raw, FeedJson.TS),
                    sse ? sseDataLength(raw) : raw.length(), recv);
        } else if (raw.contains(SUBSCRIBED_MARKER)) {
            // SSE: {"event":"subscribed",...,"data":{"event":"subscribed","next":N}}; WebSocket: the JSON itself
            if (sse) {
                p.onConnected(recv);
            }
            p.onSubscribed(FeedJson.longField(raw, NEXT_FIELD), recv);
        } else if (raw.contains(LOST_MARKER)) {
            p.onLost(FeedJson.longField(raw, "\"from\":"), FeedJson.longField(raw, "\"to\":"));
        } else if (sse) {
            // the server's first bytes (e.g. the initial "retry:" block): the stream is open
            p.onConnected(recv);
        }
        return recv >= endNanos ? "END" : "";
    }

    /** Length of the {@code data} value in Gatling's JSON rendering of an SSE event (the payload size). */
    static int sseDataLength(String raw) {
        int at = raw.indexOf("\"data\":");
        if (at < 0) {
            return raw.length();
        }
        int start = at + 7;
        int retry = raw.indexOf(",\"retry\":", start);
        int end = retry > 0 ? retry : raw.length() - 1;
        return Math.max(0, end - start);
    }

    /** Ends the measurement and writes {@code <runId>.driver.json}; returns the driver's run result. */
    public synchronized RunResult finish(int gatlingExitCode) throws IOException {
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
        io.pushbench.analysis.results.Percentiles connectUs = connect(m, ext);
        ext.put("gatlingVersion", io.pushbench.analysis.results.Environment.detectGatlingVersion());
        java.util.List<String> reasons = new java.util.ArrayList<>(m.invalidReasons());
        if (gatlingExitCode == 143) {
            reasons.add("interrupted: the load generator was stopped before the end of the run");
        }
        Window w = new Window(Instant.ofEpochMilli(startEpochMs).toString(), Instant.now().toString(),
                secs(config.ramp()), secs(config.warmup()), secs(config.duration()), secs(config.drain()),
                m.steadyFromSec(), m.steadyToSec());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("json", config.runId() + ".json");
        files.put("hlog", config.runId() + ".hlog");
        files.put("gatlingReport", "gatling/" + config.runId() + "/index.html");
        RunResult r = new RunResult(config.runId(), config.transport(), Protocol.H1, Driver.GATLING,
                config.variant(), config.repeat(), config.connections(), m.connectionsPeak(), reasons.isEmpty(), reasons, w,
                m.messages(), m.steadyMessages(), m.latencyUs(), m.throughput(), connectUs, m.firstMessageUs(), m.fanoutUs(), m.reconnects(), m.loadgen(),
                io.pushbench.analysis.results.ServerFigures.UNAVAILABLE, m.timeline(), java.util.List.of(), files, ext);
        Map<String, Object> cfg = new LinkedHashMap<>(config.asMap());
        ResultsIO.write(driverFile(config.outDir(), config.runId()),
                io.pushbench.analysis.results.Results.of("run", true, cfg,
                        io.pushbench.analysis.results.Environment.detect(null), java.util.List.of(r), Map.of()));
        result = r;
        out.println("pushbench: driver results in " + driverFile(config.outDir(), config.runId()).toAbsolutePath()
                + " and " + config.outDir().resolve(config.runId() + ".hlog").toAbsolutePath());
        out.flush();
        return r;
    }

    /**
     * {@code connectUs} and its {@code extensions}: from the connect probe for both transports (one instrument, so
     * the figures compare), the SSE loaders' own figure kept as {@code loaderConnectUs}. Without a probe: the SSE
     * loaders' figure, and nothing for WebSocket (Gatling exposes no hook at the 101 with the check armed at connect).
     */
    private io.pushbench.analysis.results.Percentiles connect(MeterSummary m, Map<String, Object> ext) {
        boolean sse = config.transport() == Transport.SSE;
        String loaderSse = "request start to the first SSE event (the server's retry block sent with the headers),"
                + " seen by the Gatling users";
        if (sse) {
            ext.put("loaderConnectUs", m.connectUs());
        }
        if (connectProbe == null) {
            ext.put("connectProbe", Map.of("status", connectProbeProblem == null ? "off" : connectProbeProblem));
            ext.put("connectMeasuredAs", sse ? loaderSse
                    : "not measured: no connect probe, and Gatling gives no hook at the 101 (see docs/method.md)");
            return sse ? m.connectUs() : io.pushbench.analysis.results.Percentiles.EMPTY;
        }
        Map<String, Object> probe = new LinkedHashMap<>(connectProbe.describe());
        ext.put("connectProbe", probe);
        ext.put("connectProbeFailures", connectProbe.failures());
        ext.put("connectMeasuredAs", "connect probe: one fresh HTTP/1.1 connection every "
                + Math.round(1000 / config.connectProbeRate()) + " ms for the whole run (ramp included) with Jetty "
                + "12.1 clients in the load generator's JVM, System.nanoTime from just before the client call to "
                + (sse ? "the response headers of GET /sse (Connection: close; then aborted)"
                       : "the validated 101 response of GET /ws (JettyUpgradeListener.onHandshakeResponse; then closed)")
                + "; successful attempts only, failures in connectProbeFailures");
        return io.pushbench.analysis.results.Percentiles.fromNanos(connectProbe.histogram());
    }

    /** Where the driver writes its view of a run. */
    public static Path driverFile(Path outDir, String runId) {
        return outDir.resolve(runId + ".driver.json");
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }
}
