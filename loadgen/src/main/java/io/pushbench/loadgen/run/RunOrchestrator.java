package io.pushbench.loadgen.run;

import io.pushbench.loadgen.core.LatencyBasis;
import io.pushbench.loadgen.gatling.DriverConfig;
import io.pushbench.loadgen.gatling.GatlingDriver;
import io.pushbench.loadgen.gatling.GatlingMain;
import io.pushbench.loadgen.results.Environment;
import io.pushbench.loadgen.results.IntervalSample;
import io.pushbench.loadgen.results.MessageCounts;
import io.pushbench.loadgen.results.Percentiles;
import io.pushbench.loadgen.results.Reconnects;
import io.pushbench.loadgen.results.Results;
import io.pushbench.loadgen.results.ResultsIO;
import io.pushbench.loadgen.results.RunResult;
import io.pushbench.loadgen.results.ServerFigures;
import io.pushbench.loadgen.results.Throughput;
import io.pushbench.loadgen.results.Window;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@link RunSpec}: starts the server JVM when no URL is given (port 0, parses its listening line), runs the
 * Gatling JVM ({@link GatlingMain}), polls {@code /metrics} every second, and writes {@code <outDir>/<runId>.json}
 * (kind "run"), next to the driver's {@code <runId>.hlog} and {@code gatling/<runId>/}. Child output goes to
 * {@code <outDir>/console.log}.
 *
 * <pre>{@code
 * RunResult r = new RunOrchestrator().run(spec, listener);   // blocks for the run's length
 * }</pre>
 *
 * <p>Interrupting the calling thread stops both children (SIGTERM, then SIGKILL), so nothing is left listening; the
 * Gatling JVM writes what it measured from its shutdown hook, and the result is written with
 * {@code complete: false}. A JVM shutdown hook stops the children if the orchestrator's own JVM is killed.
 */
public final class RunOrchestrator {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final long SERVER_START_TIMEOUT_MS = 60_000;

    /** Runs the spec; see the class comment. */
    public RunResult run(RunSpec spec, RunListener listener) throws IOException, InterruptedException {
        RunListener l = listener == null ? RunListener.NONE : listener;
        Path out = spec.outDir().toAbsolutePath();
        Files.createDirectories(out);
        Files.deleteIfExists(GatlingDriver.driverFile(out, spec.runId()));
        String token = spec.adminToken() != null ? spec.adminToken()
                : HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Pinning pinning = Pinning.detect(spec.serverCpus(), spec.loadgenCpus());
        try (BufferedWriter console = Files.newBufferedWriter(out.resolve("console.log"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            Log log = new Log(console, l);
            log.line("pushbench run " + spec.runId() + ": " + spec.transport() + " x" + spec.connections() + " at "
                    + spec.rate() + " msg/s, " + spec.payloadBytes() + " B");
            ChildProcess server = null;
            try {
                String baseUrl = spec.serverUrl();
                if (baseUrl == null) {
                    server = startServer(spec, token, pinning, log);
                    baseUrl = serverUrl;
                } else {
                    checkTarget(baseUrl, spec.allowRemote());
                }
                baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
                return runLoad(spec, baseUrl, server, pinning, out, log, l);
            } finally {
                if (server != null) {
                    log.line("pushbench: stopping the server (pid " + server.pid() + ")");
                    server.close();
                }
            }
        }
    }

    private volatile String serverUrl;

    private ChildProcess startServer(RunSpec spec, String token, Pinning pinning, Log log)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(pinning.prefix(spec.serverCpus()));
        cmd.addAll(spec.serverCommand());
        cmd.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--rate", num(spec.rate()),
                "--payload", Integer.toString(spec.payloadBytes()), "--admin-token", token));
        cmd.addAll(spec.serverArgs());
        CountDownLatch listening = new CountDownLatch(1);
        AtomicReference<String> url = new AtomicReference<>();
        ChildProcess p = ChildProcess.start("server", cmd, line -> {
            log.child("server", line);
            Matcher m = LISTENING.matcher(line);
            if (url.get() == null && m.find()) {
                url.set(m.group(1));
                listening.countDown();
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVER_START_TIMEOUT_MS);
            while (!listening.await(200, TimeUnit.MILLISECONDS)) {
                if (!p.isAlive()) {
                    p.drainOutput(1000);
                    throw new IOException("the server exited with code " + p.process().exitValue()
                            + " before listening (see console.log)");
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the server did not print its listening line within "
                            + SERVER_START_TIMEOUT_MS / 1000 + " s");
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
        serverUrl = url.get();
        log.line("pushbench: server pid " + p.pid() + " listening on " + serverUrl);
        return p;
    }

    /** Refuses a non-loopback target unless allowed. */
    static void checkTarget(String url, boolean allowRemote) throws IOException {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad server URL '" + url + "'");
        }
        if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
            throw new IllegalArgumentException("server URL must be http://HOST:PORT, was '" + url + "'");
        }
        if (!allowRemote && !isLoopback(u.getHost())) {
            throw new IllegalArgumentException("server " + u.getHost() + " is not a loopback address;"
                    + " pass --allow-remote to load a remote server");
        }
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private RunResult runLoad(RunSpec spec, String baseUrl, ChildProcess server, Pinning pinning, Path out, Log log,
                              RunListener listener) throws IOException, InterruptedException {
        MetricsPoller poller = new MetricsPoller(URI.create(baseUrl + "/"));
        MetricsPoller.Poll idle = poller.pollOnce();
        if (idle == null) {
            log.line("pushbench: " + baseUrl + "/metrics not available; server figures will be missing");
        }
        boolean remote = !isLoopback(URI.create(baseUrl).getHost());
        DriverConfig dc = DriverConfig.builder().transport(spec.transport()).baseUrl(baseUrl)
                .connections(spec.connections()).rate(spec.rate()).payloadBytes(spec.payloadBytes())
                .ramp(spec.ramp()).warmup(spec.warmup()).duration(spec.duration()).drain(spec.effectiveDrain())
                .runId(spec.runId()).outDir(out).basis(remote ? LatencyBasis.EPOCH : LatencyBasis.MONO)
                .variant(spec.variant()).repeat(spec.repeat()).build();
        List<String> cmd = new ArrayList<>(pinning.prefix(spec.loadgenCpus()));
        cmd.add(spec.javaCommand());
        cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("-XX:+HeapDumpOnOutOfMemoryError");
        cmd.add("-XX:MaxInlineLevel=20");
        cmd.add("-XX:MaxTrivialSize=12");
        cmd.add("-Xmx" + Math.max(512, 256 + spec.connections() / 10) + "m");
        cmd.add("-Dlogback.configurationFile=pushbench-gatling-logback.xml");
        cmd.add("-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider");
        cmd.addAll(spec.loadgenJvmArgs());
        cmd.addAll(dc.toSystemProperties());
        cmd.add("-cp");
        cmd.add(spec.classpath());
        cmd.add(GatlingMain.class.getName());

        List<IntervalSample> intervals = new CopyOnWriteArrayList<>();
        long launchedEpochMs = System.currentTimeMillis();
        if (idle != null) {
            poller.start();
        }
        ChildProcess gatling = ChildProcess.start("gatling", cmd, line -> {
            if (line.startsWith(GatlingDriver.INTERVAL_PREFIX)) {
                try {
                    IntervalSample s = ResultsIO.mapper().readValue(
                            line.substring(GatlingDriver.INTERVAL_PREFIX.length()), IntervalSample.class);
                    intervals.add(s);
                    listener.onInterval(s);
                } catch (IOException e) {
                    log.child("gatling", line);
                }
            } else {
                log.child("gatling", line);
            }
        });
        log.line("pushbench: load generator pid " + gatling.pid() + (pinning.applied() ? " (pinned)" : ""));
        boolean complete = true;
        int exit;
        long budgetMs = spec.ramp().plus(spec.warmup()).plus(spec.duration()).plus(spec.effectiveDrain())
                .toMillis() + 120_000;
        try {
            exit = gatling.waitFor(budgetMs, TimeUnit.MILLISECONDS);
            if (exit == -1) {
                log.line("pushbench: the load generator did not finish in time; stopping it");
                complete = false;
                gatling.stop(15_000);
                exit = gatling.process().exitValue();
            }
        } catch (InterruptedException e) {
            complete = false;
            log.line("pushbench: interrupted; stopping the load generator and the server");
            gatling.stop(15_000);
            exit = gatling.isAlive() ? -1 : gatling.process().exitValue();
            Thread.currentThread().interrupt();
        } finally {
            poller.stop();
            gatling.close();
        }
        gatling.drainOutput(2000);

        RunResult driver = readDriver(out, spec, intervals, launchedEpochMs);
        long loadStartEpochMs = Instant.parse(driver.window().startedAt()).toEpochMilli();
        ServerFiguresCalculator calc = new ServerFiguresCalculator(poller.polls(), idle, loadStartEpochMs);
        List<String> reasons = new ArrayList<>(driver.invalidReasons());
        if (idle != null) {
            reasons.addAll(calc.invalidReasons(driver.window()));
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
        ServerFigures figures = idle == null ? ServerFigures.UNAVAILABLE : calc.figures(driver.window(),
                spec.connections());
        Map<String, Object> ext = new LinkedHashMap<>(driver.extensions());
        ext.put("cpuPinning", pinning.describe(spec.serverCpus(), spec.loadgenCpus()));
        ext.put("serverUrl", baseUrl);
        ext.put("serverStarted", server != null);
        ext.put("loadgenExitCode", exit);
        RunResult result = driver.withServer(figures, idle == null ? List.of() : calc.timeline(), files)
                .withExtensions(ext).withValidity(reasons);
        Map<String, Object> config = config(spec, baseUrl);
        Environment env = Environment.detect(Path.of(System.getProperty("pushbench.home", ".")))
                .withExtra(Map.of("cpuPinning", pinning.describe(spec.serverCpus(), spec.loadgenCpus())));
        ResultsIO.write(out.resolve(spec.runId() + ".json"),
                Results.of(Results.KIND_RUN, complete, config, env, List.of(result), Map.of()));
        Files.deleteIfExists(GatlingDriver.driverFile(out, spec.runId()));
        log.line("pushbench: wrote " + out.resolve(spec.runId() + ".json"));
        return result;
    }

    /** The driver's view, or, when the Gatling JVM died without writing it, what the timeline showed. */
    private static RunResult readDriver(Path out, RunSpec spec, List<IntervalSample> intervals, long launchedEpochMs) {
        Path f = GatlingDriver.driverFile(out, spec.runId());
        if (Files.exists(f)) {
            try {
                return ResultsIO.readRun(f);
            } catch (IOException e) {
                // fall through: write what we know
            }
        }
        double lastT = intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).t();
        Window w = new Window(Instant.ofEpochMilli(launchedEpochMs).toString(), Instant.now().toString(),
                spec.ramp().toNanos() / 1e9, spec.warmup().toNanos() / 1e9, spec.duration().toNanos() / 1e9,
                spec.effectiveDrain().toNanos() / 1e9, (spec.ramp().plus(spec.warmup())).toNanos() / 1e9,
                Math.max(0, lastT));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("json", spec.runId() + ".json");
        if (Files.exists(out.resolve(spec.runId() + ".hlog"))) {
            files.put("hlog", spec.runId() + ".hlog");
        }
        return new RunResult(spec.runId(), spec.transport(), spec.protocol(), spec.driver(), spec.variant(),
                spec.repeat(), spec.connections(), intervals.stream().mapToLong(IntervalSample::connections).max()
                .orElse(0), false, List.of("the load generator wrote no results (see console.log)"), w,
                MessageCounts.ZERO, Percentiles.EMPTY, Throughput.ZERO, Percentiles.EMPTY, Percentiles.EMPTY,
                Percentiles.EMPTY, Reconnects.NONE, null, ServerFigures.UNAVAILABLE, intervals, List.of(), files,
                Map.of());
    }

    private static Map<String, Object> config(RunSpec s, String baseUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transport", s.transport());
        m.put("protocol", s.protocol());
        m.put("driver", s.driver());
        m.put("variant", s.variant());
        m.put("repeat", s.repeat());
        m.put("runId", s.runId());
        m.put("connections", s.connections());
        m.put("rate", s.rate());
        m.put("payload", s.payloadBytes());
        m.put("ramp", s.ramp().toString());
        m.put("warmup", s.warmup().toString());
        m.put("duration", s.duration().toString());
        m.put("drain", s.effectiveDrain().toString());
        m.put("server", s.serverUrl() == null ? "embedded" : baseUrl);
        m.put("serverArgs", s.serverArgs());
        m.put("loadgenJvmArgs", s.loadgenJvmArgs());
        m.put("serverCpus", s.serverCpus());
        m.put("loadgenCpus", s.loadgenCpus());
        return m;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** console.log plus the listener's messages (our own lines, child warnings and errors). */
    private static final class Log {
        private final BufferedWriter console;
        private final RunListener listener;

        Log(BufferedWriter console, RunListener listener) {
            this.console = console;
            this.listener = listener;
        }

        synchronized void line(String s) {
            write(s);
            listener.onMessage(s);
        }

        synchronized void child(String name, String s) {
            write("[" + name + "] " + s);
            if (s.contains(" ERROR ") || s.startsWith("pushbench") || s.contains("Exception")) {
                listener.onMessage("[" + name + "] " + s);
            }
        }

        private void write(String s) {
            try {
                console.write(s);
                console.newLine();
                console.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
