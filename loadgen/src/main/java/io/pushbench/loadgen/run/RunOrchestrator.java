package io.pushbench.loadgen.run;

import io.pushbench.loadgen.core.CpuSaturation;
import io.pushbench.loadgen.core.CpuSet;
import io.pushbench.loadgen.core.LatencyBasis;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.loadgen.LoadgenMain;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one {@link RunSpec}: starts the server JVM when no URL is given (port 0, parses its listening line), runs the
 * load-generator JVM ({@link LoadgenMain}, with the spec's driver), polls {@code /metrics} every second, and writes {@code <outDir>/<runId>.json}
 * (kind "run"), next to the driver's {@code <runId>.hlog} (and, for Gatling, {@code gatling/<runId>/}). Child output goes to
 * {@code <outDir>/console.log}.
 *
 * <pre>{@code
 * RunResult r = new RunOrchestrator().run(spec, listener);   // blocks for the run's length
 * }</pre>
 *
 * <p>Interrupting the calling thread stops both children (SIGTERM, then SIGKILL), so nothing is left listening; the
 * load generator writes what it measured from its shutdown hook, and the result is written with
 * {@code complete: false}. A JVM shutdown hook stops the children if the orchestrator's own JVM is killed.
 */
public final class RunOrchestrator {
    /** Shortest warm-up in which the loaded heap is read (its forced collections must end before the window). */
    public static final java.time.Duration HEAP_PROBE_MIN_WARMUP = java.time.Duration.ofSeconds(3);

    /**
     * The run's {@code extensions} key saying whether {@code server.heapPerConnectionBytes} came from two
     * {@code POST /admin/gc} readings (true) or from the {@code /metrics} approximation, or was not measured (false).
     */
    public static final String HEAP_FROM_GC = "heapFromAdminGc";

    /** How long after a fault the server's polls describe the reconnection. */
    static final long AFTER_FAULT_MS = 10_000;

    /** Runs the spec; see the class comment. */
    public RunResult run(RunSpec spec, RunListener listener) throws IOException, InterruptedException {
        RunListener l = listener == null ? RunListener.NONE : listener;
        Path out = spec.outDir().toAbsolutePath();
        Files.createDirectories(out);
        Files.deleteIfExists(LoadSession.driverFile(out, spec.runId()));
        deleteTree(feedLogDir(spec));   // a run's feed starts afresh; only its own restart reuses the log
        String token = spec.adminToken() != null ? spec.adminToken()
                : HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Pinning pinning = Pinning.detect(spec.serverCpus(), spec.loadgenCpus());
        try (BufferedWriter console = Files.newBufferedWriter(out.resolve("console.log"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            RunLog log = new RunLog(console, l);
            log.line("pushbench run " + spec.runId() + ": " + spec.transport().key() + " x" + spec.connections() + " at "
                    + spec.rate() + " msg/s, " + spec.payloadBytes() + " B");
            AtomicReference<ChildProcess> server = new AtomicReference<>();
            try {
                String baseUrl = spec.serverUrl();
                if (baseUrl == null) {
                    server.set(startServer(spec, token, pinning, log, 0));
                    baseUrl = serverUrl;
                } else {
                    Targets.check(baseUrl, spec.allowRemote(), "server");
                }
                baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
                // The token is known when this run started the server, or when the user gave it for theirs.
                String knownToken = server.get() != null ? token : spec.adminToken();
                return runLoad(spec, baseUrl, knownToken, server, pinning, out, log, l);
            } finally {
                ChildProcess last = server.get();
                if (last != null) {
                    log.line("pushbench: stopping the server (pid " + last.pid() + ")");
                    last.close();
                }
            }
        }
    }

    private volatile String serverUrl;

    /**
     * Starts the server on {@code port} (0: a free one). A run whose scenario restarts the server gives it a durable
     * feed log in the run directory ({@code feedlog/<runId>}), so that a restarted server continues the sequence
     * and serves resumes from before the kill.
     */
    private ChildProcess startServer(RunSpec spec, String token, Pinning pinning, RunLog log, int port)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(pinning.prefix(spec.serverCpus()));
        cmd.addAll(spec.serverCommand());
        cmd.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--rate", num(spec.rate()),
                "--payload", Integer.toString(spec.payloadBytes()), "--admin-token", token));
        cmd.addAll(spec.serverArgs());
        if (spec.driver() == io.pushbench.analysis.results.Driver.BROWSER
                && spec.protocol() == io.pushbench.wire.Protocol.H2C && !spec.serverArgs().contains("--tls")) {
            cmd.add("--tls");   // a browser speaks HTTP/2 over TLS only; the driver finds the port in /browser/tls.json
        }
        cmd.addAll(spec.scenario().serverFlags());
        if (spec.scenario().restarts()) {
            cmd.addAll(List.of("--log-dir", feedLogDir(spec).toString()));
        }
        ServerLauncher.Started started = ServerLauncher.start(cmd, line -> log.child("server", line),
                () -> " (see console.log)");
        ChildProcess p = started.process();
        serverUrl = started.url();
        log.line("pushbench: server pid " + p.pid() + " listening on " + serverUrl);
        return p;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Where a restarting scenario's server keeps its durable feed log. */
    static Path feedLogDir(RunSpec spec) {
        return spec.outDir().toAbsolutePath().resolve("feedlog").resolve(spec.runId());
    }

    private RunResult runLoad(RunSpec spec, String baseUrl, String adminToken, AtomicReference<ChildProcess> servers,
                              Pinning pinning, Path out, RunLog log, RunListener listener)
            throws IOException, InterruptedException {
        ChildProcess server = servers.get();
        // The server's pinned CPUs are judged only when this run pinned it (taskset applied to the server it started).
        CpuSet serverPinned = server != null && pinning.applied() && spec.serverCpus() != null
                && !spec.serverCpus().isBlank() ? CpuSet.parse(spec.serverCpus()) : null;
        MetricsPoller poller = new MetricsPoller(URI.create(baseUrl + "/"), serverPinned != null);
        HeapProbe heap = new HeapProbe(URI.create(baseUrl + "/"), adminToken);
        HeapProbe.Reading idleHeap = heap.read();
        AtomicReference<HeapProbe.Reading> loadedHeap = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean heapRequested = new java.util.concurrent.atomic.AtomicBoolean();
        MetricsPoller.Poll idle = poller.pollOnce();
        String unavailable = idle == null ? poller.lastFailure() : null;
        if (idle == null) {
            log.line("pushbench: " + unavailable + "; server figures will be missing and the run "
                    + (spec.allowUnobservedServer() ? "judged without the server rules (" + ServerRules.WAIVER_FLAG
                    + ")" : "invalid (server unobserved; " + ServerRules.WAIVER_FLAG + " waives it)"));
        }
        boolean remote = !Targets.isLoopback(URI.create(baseUrl).getHost());
        DriverConfig dc = DriverConfig.builder().driver(spec.driver()).protocol(spec.protocol())
                .streamsPerConnection(spec.streamsPerConnection()).transport(spec.transport()).baseUrl(baseUrl)
                .connections(spec.connections()).rate(spec.rate()).payloadBytes(spec.payloadBytes())
                .ramp(spec.ramp()).warmup(spec.warmup()).duration(spec.duration()).drain(spec.effectiveDrain())
                .runId(spec.runId()).outDir(out).basis(remote ? LatencyBasis.EPOCH : LatencyBasis.MONO)
                .variant(spec.variant()).repeat(spec.repeat()).connectProbeRate(spec.connectProbeRate())
                .behaviour(spec.scenario().behaviour()).build();
        int port = URI.create(baseUrl).getPort();
        FaultInjector faults = new FaultInjector(spec.scenario().fault(), spec.transport(),
                spec.ramp().plus(spec.warmup()), baseUrl, adminToken, new FaultInjector.Restarter() {
                    @Override
                    public void kill() throws Exception {
                        ChildProcess old = servers.get();
                        log.line("pushbench: SIGKILL to the server (pid " + old.pid() + ")");
                        old.kill();
                        old.close();    // gone: its shutdown hook goes too
                    }

                    @Override
                    public void start() throws Exception {
                        servers.set(startServer(spec, adminToken, pinning, log, port));
                    }
                }, log::line);
        List<String> cmd = new ArrayList<>(pinning.prefix(spec.loadgenCpus()));
        cmd.add(spec.javaCommand());
        cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("--enable-native-access=ALL-UNNAMED");   // Netty's native epoll transport
        cmd.add("-XX:+HeapDumpOnOutOfMemoryError");
        cmd.add("-XX:MaxInlineLevel=20");
        cmd.add("-XX:MaxTrivialSize=12");
        cmd.add("-Xmx" + Math.max(512, 256 + spec.connections() / 10) + "m");
        cmd.add("-Dlogback.configurationFile=logback.xml");
        cmd.add("-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider");
        cmd.addAll(spec.loadgenJvmArgs());
        cmd.addAll(dc.toSystemProperties());
        cmd.add("-D" + LoadSession.FAULT_NOTICES_PROPERTY + "=true");   // FaultInjector writes to its stdin
        cmd.add("-cp");
        cmd.add(spec.classpath());
        cmd.add(LoadgenMain.class.getName());

        List<IntervalSample> intervals = new CopyOnWriteArrayList<>();
        long launchedEpochMs = System.currentTimeMillis();
        if (idle != null) {
            poller.start();
        }
        ChildProcess loadgen = ChildProcess.start("loadgen", cmd, line -> {
            if (line.startsWith(LoadSession.INTERVAL_PREFIX)) {
                try {
                    IntervalSample s = ResultsIO.mapper().readValue(
                            line.substring(LoadSession.INTERVAL_PREFIX.length()), IntervalSample.class);
                    intervals.add(s);
                    listener.onInterval(s);
                    faults.onInterval(s);
                    // Ramp done, warm-up running: read the loaded heap now, off this thread, so that the forced
                    // collection lands in the warm-up and never in the measured window. The first warm-up sample
                    // comes up to a second into the warm-up and the two collections take up to hundreds of ms on
                    // a busy machine: with a shorter warm-up than HEAP_PROBE_MIN_WARMUP they would reach into the
                    // window (seen: a p99 of 340 ms at 1,000 msg/s in a capacity step with a 1 s warm-up), so
                    // the heap is then not read at all (reported as not measured).
                    if (idleHeap != null && "warmup".equals(s.phase())
                            && spec.warmup().compareTo(HEAP_PROBE_MIN_WARMUP) >= 0
                            && heapRequested.compareAndSet(false, true)) {
                        Thread.ofVirtual().name("heap-probe").start(() -> loadedHeap.set(heap.read()));
                    }
                } catch (IOException e) {
                    log.child("loadgen", line);
                }
            } else {
                log.child("loadgen", line);
            }
        });
        faults.attach(loadgen);
        log.line("pushbench: load generator pid " + loadgen.pid() + (pinning.applied() ? " (pinned)" : ""));
        boolean complete = true;
        boolean interrupted = false;
        int exit;
        long budgetMs = spec.ramp().plus(spec.warmup()).plus(spec.duration()).plus(spec.effectiveDrain())
                .toMillis() + 120_000;
        try {
            exit = loadgen.waitFor(budgetMs, TimeUnit.MILLISECONDS);
            if (exit == -1) {
                log.line("pushbench: the load generator did not finish in time; stopping it");
                complete = false;
                loadgen.stop(15_000);
                exit = loadgen.process().exitValue();
            }
        } catch (InterruptedException e) {
            // Finish the bookkeeping with the flag cleared (waits below would throw), re-assert it on return.
            interrupted = true;
            complete = false;
            log.line("pushbench: interrupted; stopping the load generator and the server");
            loadgen.stop(15_000);
            exit = loadgen.isAlive() ? -1 : loadgen.process().exitValue();
        } finally {
            faults.close();
            poller.stop();
            loadgen.close();
        }
        try {
            loadgen.drainOutput(2000);
        } catch (InterruptedException e) {
            interrupted = true;
        }

        RunResult driver = RunRecords.driverOrFallback(out, spec, intervals, launchedEpochMs);
        long loadStartEpochMs = Instant.parse(driver.window().startedAt()).toEpochMilli();
        ServerFiguresCalculator calc = new ServerFiguresCalculator(poller.polls(), idle, loadStartEpochMs);
        List<String> reasons = new ArrayList<>(driver.invalidReasons());
        ServerFigures figures = idle == null ? ServerFigures.UNAVAILABLE : calc.figures(driver.window(),
                spec.connections(), serverPinned);
        ServerRules.Verdict serverVerdict = new ServerRules(CpuSaturation.defaults(), spec.allowUnobservedServer(),
                spec.scenario().behaviour().slowShare() > 0)
                .check(driver.window(), calc, figures, unavailable, poller.lastFailure());
        if (spec.scenario().fault().kind() != io.pushbench.loadgen.scenario.FaultPlan.Kind.NONE && complete) {
            io.pushbench.analysis.results.Recovery rec = driver.reconnects() == null ? null
                    : driver.reconnects().recovery();
            if (!faults.injected()) {
                reasons.add("scenario " + spec.scenario().name() + ": its fault (" + spec.scenario().fault()
                        .describe() + ") was not injected (see console.log)");
            } else if (rec == null) {
                reasons.add("scenario " + spec.scenario().name() + ": the load generator never received the fault's"
                        + " notice, so nothing was timed from it");
            } else if (rec.notBack() > 0) {
                reasons.add("scenario " + spec.scenario().name() + ": " + rec.notBack() + " of " + rec.affected()
                        + " affected subscribers never came back before the end of the run");
            }
        }
        reasons.addAll(serverVerdict.invalid());
        for (String w : serverVerdict.waived()) {
            log.line("pushbench: rule waived: " + w);
        }
        if (exit != 0 && complete) {
            reasons.add("load generator exited with code " + exit + " (see console.log)");
        }
        if (!complete && reasons.stream().noneMatch(r -> r.startsWith("interrupted"))) {
            reasons.add("interrupted: the run was stopped before its end");
        }
        Map<String, String> files = new LinkedHashMap<>(driver.files());
        if (!Files.exists(out.resolve("gatling").resolve(spec.runId()).resolve("index.html"))) {
            files.remove("gatlingReport");
        }
        double perConnection = HeapProbe.perConnection(idleHeap, loadedHeap.get());
        boolean heapFromGc = figures.available() && perConnection >= 0;
        if (heapFromGc) {
            figures = figures.withHeap(idleHeap.heapUsedBytes(), perConnection);
        }
        Map<String, Object> ext = new LinkedHashMap<>(driver.extensions());
        ext.put("cpuPinning", pinning.describe(spec.serverCpus(), spec.loadgenCpus()));
        ext.put("serverUrl", baseUrl);
        ext.put("serverStarted", server != null);
        ext.put("loadgenExitCode", exit);
        ext.put("waivedRules", serverVerdict.waived());
        // whether server.heapPerConnectionBytes is the live heap (two POST /admin/gc readings) or the /metrics
        // approximation that includes garbage: a reader that needs the live heap (a capacity search's idle
        // connections) must be able to tell
        ext.put(HEAP_FROM_GC, heapFromGc);
        if (!spec.scenario().steady()) {
            Map<String, Object> sc = new LinkedHashMap<>();
            sc.put("name", spec.scenario().name());
            sc.put("scenario", spec.scenario().scenario());
            sc.put("summary", spec.scenario().summary());
            sc.put("fault", spec.scenario().fault().describe());
            sc.put("faultAtSteadyPlusMs", spec.scenario().fault().at().toMillis());
            sc.put("injected", faults.record());
            sc.put("serverRestartsSeen", calc.restarts());
            long at = faults.firstFaultEpochMs();
            if (at > 0) {
                // the server while the subscribers come back (a storm's accept rate, CPU and heap)
                sc.put("serverAfterFault", calc.afterFault(at, at + AFTER_FAULT_MS));
            }
            ext.put("scenarioRun", sc);
        }
        RunResult result = driver.withServer(figures, idle == null ? List.of() : calc.timeline(), files)
                .withExtensions(ext).withValidity(reasons);
        Map<String, Object> config = RunRecords.config(spec, baseUrl);
        Environment env = Environment.detect(Path.of(System.getProperty("pushbench.home", ".")))
                .withExtra(Map.of("cpuPinning", pinning.describe(spec.serverCpus(), spec.loadgenCpus())));
        ResultsIO.write(out.resolve(spec.runId() + ".json"),
                Results.of(Results.KIND_RUN, complete, config, env, List.of(result), Map.of()));
        Files.deleteIfExists(LoadSession.driverFile(out, spec.runId()));
        log.line("pushbench: wrote " + out.resolve(spec.runId() + ".json"));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
