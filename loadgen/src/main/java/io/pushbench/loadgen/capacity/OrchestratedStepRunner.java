package io.pushbench.loadgen.capacity;

import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.loadgen.core.CpuSet;
import io.pushbench.loadgen.core.ReasonKeys;
import io.pushbench.loadgen.run.AdminDrop;
import io.pushbench.loadgen.run.ChildProcess;
import io.pushbench.loadgen.run.Pinning;
import io.pushbench.loadgen.run.RunListener;
import io.pushbench.loadgen.run.RunOrchestrator;
import io.pushbench.loadgen.run.RunSpec;
import io.pushbench.loadgen.run.ServerCpuWindow;
import io.pushbench.loadgen.run.ServerLauncher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Real capacity steps: each step is one {@link RunOrchestrator} run (a load-generator JVM, a short measured window)
 * against a <b>warm server</b> this runner started once with {@link ServerLauncher} (pinned as the template says, with
 * a generated admin token), so that the orchestrator observes its {@code /metrics} as for any run; the
 * <b>confirmation</b> runs the same step against a fresh server this runner starts for it, after one discarded
 * half-load step that warms it ({@link #fresh()}).
 *
 * <pre>{@code
 * try (OrchestratedStepRunner steps = new OrchestratedStepRunner(Axis.RATE, template, "sse-h1", line -> { })) {
 *     CapacityResult r = search.run(steps.warm(), steps.fresh());
 * }
 * }</pre>
 *
 * <p>The template is a run's spec (transport, protocol, driver, the fixed connections or rate, payload, ramp,
 * warm-up, steady window, server command, pinning, out directory); a step replaces the axis's figure with its load.
 * The warm server is kept for every step of a search: on the rate axis its publish rate is changed between steps
 * through {@code POST /admin/rate}.
 *
 * <p>{@link #measure} maps a run to a {@link StepMeasurement} and splits the run's invalid reasons
 * ({@link ReasonKeys}): those that record the server under load (messages lost, nothing delivered, slow consumers
 * disconnected, its busiest thread saturated, and the publisher's lateness while the server's own CPUs were full:
 * the publisher shares them, so it is then the server at its limit) are left to the objective (losses count through
 * {@code lost}, a short delivery through the delivered share); every other reason (load generator saturated, pinned
 * CPUs busy, server unobserved, publisher behind with CPU to spare, ramp incomplete, interrupted) makes the step
 * invalid.
 */
public final class OrchestratedStepRunner implements AutoCloseable {
    private final Axis axis;
    private final RunSpec template;
    private int warmServerCpus = -1;
    private final String label;
    private final Consumer<String> log;
    private final String token = newToken();
    private final List<RunResult> runs = new ArrayList<>();
    private ChildProcess server;
    private String serverUrl;
    private double serverRate = Double.NaN;
    private int steps;

    /**
     * @param axis     what a step's load sets: the rate (msg/s per connection) or the connections
     * @param template the run settings; its {@code serverUrl} must be null (this runner starts the servers)
     * @param label    a run-id-safe prefix of the steps' run ids ("sse-h1")
     * @param log      the servers' output lines and this runner's notes
     */
    public OrchestratedStepRunner(Axis axis, RunSpec template, String label, Consumer<String> log) {
        if (template.serverUrl() != null) {
            throw new IllegalArgumentException("the step runner starts its own servers; the template must have no"
                    + " server URL, had " + template.serverUrl());
        }
        this.axis = axis;
        this.template = template;
        this.label = label;
        this.log = log;
    }

    /** Share of the confirmed load at which a fresh server is warmed before the confirmation's measured step. */
    static final double CONFIRM_WARMUP_SHARE = 0.5;

    /** Steps on the warm server. */
    public StepRunner warm() {
        return load -> step(load, "");
    }

    /**
     * The confirmation: a fresh server (a new process; the search's warm server is stopped), warmed by one discarded
     * step at half the load ({@link #CONFIRM_WARMUP_SHARE}; kept in {@link #runs()} as {@code ...-confirm-warmup}),
     * then the measured step at the load, judged as every step is. Why the discarded step: a JVM started at the
     * capacity compiles its hot code while it carries the load, on the same pinned CPU, and the backlog it builds
     * meanwhile does not drain within a step's warm-up when the capacity leaves little headroom (seen before this: no
     * found capacity confirmed, the fresh server 100% busy, p99 262 ms). So the confirmation differs from the
     * search's steps by the server's history only: one half-load step instead of the whole search.
     */
    public StepRunner fresh() {
        return load -> {
            stopServer();
            StepMeasurement warmup = step(load * CONFIRM_WARMUP_SHARE, "-confirm-warmup");
            log.accept("confirmation: fresh server warmed at " + num(warmup.offeredLoad()) + " " + axis.unit()
                    + " (discarded: p99 " + Math.round(warmup.p99Micros() / 100.0) / 10.0 + " ms"
                    + (warmup.valid() ? "" : ", invalid: " + String.join("; ", warmup.invalidReasons())) + ")");
            return step(load, "-confirm");
        };
    }

    /**
     * The publish rate of an idle measurement, msg/s. On a rate change the server publishes one message at once (to
     * no subscriber: the window without connections comes first) and the next 1 / rate later: 100 s, past the whole
     * measurement (about 20 s), so that nothing is due while the idle connections are open.
     */
    public static final double IDLE_RATE = 0.01;

    /** How long the warm server is left alone before the window without connections (see {@link #idle}). */
    private static final Duration IDLE_SETTLE = Duration.ofSeconds(2);

    /** Seconds the idle run drains: nothing is in flight (the default drain, 2 s + 2 / rate, would be 200 s). */
    private static final Duration IDLE_DRAIN = Duration.ofSeconds(1);

    /**
     * Measures what N idle connections cost the warm server (N = the template's connections), after the search:
     * the server's rate is set to {@link #IDLE_RATE}, it is left alone for 2 s and collects its garbage
     * ({@code POST /admin/gc}); its CPU is read over {@code window} with no connection
     * ({@link ServerCpuWindow}, the same once-a-second {@code /metrics} polls a run makes), then over the steady
     * {@code window} of a run of N connections at that rate (its own load-generator JVM, ramp and warm-up as the
     * steps', and the run's heap probe: live heap before the first connection and during the warm-up), and once
     * more with no connection after the run (2 s alone, a collection, {@code window}); the quieter of the two empty
     * windows is the baseline ({@link ServerCpuWindow#quieter}). The run is kept with the others ({@link #runs()})
     * but is not a step. Not measured, with the reason, when the warm server is gone or an admin call fails.
     *
     * @param window each window's length, at least {@code 3 s} (two polls inside a run's steady window)
     */
    public IdleConnectionCost idle(Duration window) {
        if (window == null || window.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("the idle window must be at least 3 s (two /metrics polls inside a"
                    + " run's steady window), was " + window);
        }
        int n = template.connections();
        double seconds = window.toMillis() / 1000.0;
        if (server == null || !server.isAlive()) {
            return IdleConnectionCost.notMeasured(n, IDLE_RATE, seconds, "the search's warm server is not running");
        }
        try {
            AdminDrop.rate(serverUrl, token, IDLE_RATE);
            serverRate = IDLE_RATE;
            log.accept("warm server pid " + server.pid() + " now at " + num(IDLE_RATE) + " msg/s: idle measurement");
            // The search's last step has just ended: its connections close and its work drains for a moment, and
            // its garbage is still in the heap. Wait, then collect, so that the window without connections starts
            // as the idle run's window does (after its heap probe's collections during the warm-up): settled, with
            // no collection pending. Seen without it: the empty window 2.4x busier than the idle one.
            ServerCpuWindow before = emptyWindow(window);
            RunSpec t = template;
            RunSpec spec = onWarmServer().runId(label + "-idle").connections(n).rate(IDLE_RATE)
                    .warmup(t.warmup().compareTo(RunOrchestrator.HEAP_PROBE_MIN_WARMUP) >= 0 ? t.warmup()
                            : RunOrchestrator.HEAP_PROBE_MIN_WARMUP)
                    .duration(window).drain(IDLE_DRAIN)
                    // the connect probe's connects (2 a second by default) would cost the server CPU the window
                    // without connections does not have: the idle figure must be the N connections' alone
                    .connectProbeRate(0).build();
            RunResult r = new RunOrchestrator().run(spec, RunListener.NONE);
            runs.add(r);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted during the idle measurement");
            }
            // The empty window once more, after the run's connections closed: the one before can still carry the
            // search's last step (seen: 0.008-0.012 cores against 0.005 with the 1,000 idle connections open, so
            // idle costs read below zero). The quieter of the two is kept.
            ServerCpuWindow after = emptyWindow(window);
            ServerCpuWindow baseline = ServerCpuWindow.quieter(before, after);
            log.accept(String.format(java.util.Locale.ROOT, "idle measurement: server %.4f cores without connections"
                    + " before the idle run, %.4f after; %s kept", before.cores(), after.cores(),
                    baseline == after ? "after" : "before"));
            return IdleConnectionCost.of(n, IDLE_RATE, seconds, baseline, r);
        } catch (IOException e) {
            return IdleConnectionCost.notMeasured(n, IDLE_RATE, seconds, "the idle measurement failed: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the idle measurement", e);
        }
    }

    /** The server's CPU with no connection: left alone for {@link #IDLE_SETTLE}, a collection, then {@code window}. */
    private ServerCpuWindow emptyWindow(Duration window) throws IOException, InterruptedException {
        Thread.sleep(IDLE_SETTLE.toMillis());
        AdminDrop.gc(serverUrl, token);
        return ServerCpuWindow.measure(serverUrl, window);
    }

    /** Every run so far, in order (the confirmation and the idle run included). */
    public List<RunResult> runs() {
        return List.copyOf(runs);
    }

    private StepMeasurement step(double load, String suffix) {
        try {
            warmServer(rateOf(load));
            RunSpec spec = spec(load, suffix);
            RunResult r = new RunOrchestrator().run(spec, RunListener.NONE);
            runs.add(r);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted during the step at " + load + " " + axis.unit());
            }
            return measure(load, spec.rate(), r, warmServerCpus, publisherWrites(template.serverArgs()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the step at " + load + " " + axis.unit(), e);
        }
    }

    private double rateOf(double load) {
        return axis == Axis.RATE ? load : template.rate();
    }

    private int connectionsOf(double load) {
        return axis == Axis.CONNECTIONS ? Math.max(1, (int) Math.round(load)) : template.connections();
    }

    /**
     * The warm server at {@code rate}: started once, its rate changed between steps through {@code /admin/rate}
     * (the seqs go on, every message keeps its scheduled time), so every step of either axis runs on one JIT-warm
     * server; restarted only if it died.
     */
    private void warmServer(double rate) throws IOException, InterruptedException {
        if (server != null && server.isAlive()) {
            if (rate != serverRate) {
                AdminDrop.rate(serverUrl, token, rate);
                serverRate = rate;
                log.accept("warm server pid " + server.pid() + " now at " + num(rate) + " msg/s");
            }
            return;
        }
        stopServer();
        Pinning pinning = Pinning.detect(template.serverCpus(), template.loadgenCpus());
        // the run does not report the pinning of a server it did not start: the step's rules need its CPU count
        warmServerCpus = pinning.applied() ? CpuSet.parse(template.serverCpus()).size() : -1;
        List<String> cmd = new ArrayList<>(pinning.prefix(template.serverCpus()));
        cmd.addAll(template.serverCommand());
        cmd.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--rate", num(rate), "--payload",
                Integer.toString(template.payloadBytes()), "--admin-token", token));
        cmd.addAll(template.serverArgs());
        ServerLauncher.Started s = ServerLauncher.start(cmd, line -> log.accept("server: " + line), () -> "");
        server = s.process();
        serverUrl = s.url();
        serverRate = rate;
        log.accept("warm server pid " + server.pid() + " on " + serverUrl + " at " + num(rate) + " msg/s");
    }

    private RunSpec spec(double load, String suffix) {
        String id = label + "-" + String.format(java.util.Locale.ROOT, "%02d", ++steps) + suffix
                + "-" + num(load).replace('.', '_') + (axis == Axis.RATE ? "r" : "c");
        return onWarmServer().runId(id).connections(connectionsOf(load)).rate(rateOf(load)).build();
    }

    /** A run against the warm server with the template's settings; the caller sets its id, connections and rate. */
    private RunSpec.Builder onWarmServer() {
        RunSpec t = template;
        return RunSpec.builder().transport(t.transport()).protocol(t.protocol()).driver(t.driver())
                .variant(t.variant()).repeat(t.repeat()).payloadBytes(t.payloadBytes())
                .ramp(t.ramp()).warmup(t.warmup()).duration(t.duration()).drain(t.drain())
                .serverUrl(serverUrl).adminToken(token).outDir(t.outDir())
                .serverCommand(t.serverCommand()).serverArgs(t.serverArgs()).javaCommand(t.javaCommand())
                .classpath(t.classpath()).serverCpus(t.serverCpus()).loadgenCpus(t.loadgenCpus())
                .serverJvmArgs(t.serverJvmArgs()).loadgenJvmArgs(t.loadgenJvmArgs())
                .connectProbeRate(t.connectProbeRate()).streamsPerConnection(t.streamsPerConnection());
    }

    /**
     * A step's figures from its run at publish {@code rate} (msg/s per connection): delivered/s over the steady window and owed/s (rate x connections), latency
     * percentiles (µs), steady-window losses, the server's CPU and deliveries/s (NaN when not observed), and the run's
     * invalid reasons less the server's outcomes (see the class comment).
     */
    public static StepMeasurement measure(double load, double rate, RunResult r) {
        return measure(load, rate, r, -1, false);
    }

    /**
     * {@link #measure(double, double, RunResult)} for a server whose pinned CPUs the run does not report (one the
     * runner started itself): {@code serverCpus} of them, or -1 when unknown.
     */
    /**
     * Whether the server's own publisher thread writes to the sockets ({@code --writers publisher}, the server's
     * default: no {@code --writers} flag among {@code serverArgs}). Its lateness is then the server's fan-out time
     * itself, already in every latency figure (counted from the schedule), so a capacity step judges it as the
     * server's outcome rather than as the instrument's.
     */
    static boolean publisherWrites(List<String> serverArgs) {
        int i = serverArgs.lastIndexOf("--writers");
        if (i >= 0) {
            return i + 1 < serverArgs.size() && "publisher".equals(serverArgs.get(i + 1));
        }
        return serverArgs.stream().filter(a -> a.startsWith("--writers=")).reduce((a, b) -> b)
                .map(a -> a.equals("--writers=publisher")).orElse(true);
    }

    static StepMeasurement measure(double load, double rate, RunResult r, int serverCpus, boolean publisherWrites) {
        Percentiles lat = r.latencyUs();
        double p50 = lat == null ? 0 : Math.max(0, lat.p50());
        double p99 = lat == null ? 0 : Math.max(p50, lat.p99());
        double p999 = lat == null ? 0 : Math.max(p99, lat.p999());
        double delivered = r.throughput() == null ? 0 : r.throughput().messagesPerSec();
        StepMeasurement.Builder b = StepMeasurement.builder(load)
                .delivered(Double.isFinite(delivered) ? Math.max(0, delivered) : 0, rate * r.connections())
                .latencyMicros(p50, p99, p999).lost(r.steadyMessages().lost())
                .connections(r.connections()).wireBytes(WireBytes.perDelivery(r));
        ServerFigures s = r.server();
        if (s != null && s.available() && s.heapPerConnectionBytes() >= 0) {
            b.heapPerConnection(s.heapPerConnectionBytes());   // the run's heap probe (-1: not measured)
        }
        if (s != null && s.available() && s.cpuCores() >= 0) {
            double deliveries = s.cpuNsPerMessage() > 0 ? s.cpuCores() * 1e9 / s.cpuNsPerMessage() : Double.NaN;
            b.server(s.cpuCores(), deliveries);
        }
        boolean saturated = false;
        double serverCores = s != null && s.available() ? s.cpuCores() : -1;
        int cpus = s != null && s.pinnedCpus() != null ? CpuSet.parse(s.pinnedCpus()).size() : serverCpus;
        for (String reason : r.invalidReasons()) {
            if (ReasonKeys.serverOutcome(reason)
                    || ReasonKeys.publisherBehindAtServerLimit(reason, serverCores, cpus)
                    || (publisherWrites && reason.contains(ReasonKeys.PUBLISHER_BEHIND))) {
                continue;
            }
            saturated |= ReasonKeys.loadGeneratorSaturated(reason);
            b.invalid(reason);
        }
        return b.loadGeneratorSaturated(saturated).build();
    }

    @Override
    public void close() {
        stopServer();
    }

    private void stopServer() {
        if (server != null) {
            log.accept("stopping the warm server (pid " + server.pid() + ")");
            server.close();
            server = null;
        }
    }

    private static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
