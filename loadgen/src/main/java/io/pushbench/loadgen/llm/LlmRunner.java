package io.pushbench.loadgen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushbench.analysis.llm.ClientOverhead;
import io.pushbench.analysis.llm.LatencyFigures;
import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmResultsIO;
import io.pushbench.analysis.llm.LlmStepAggregator;
import io.pushbench.analysis.llm.LlmStepId;
import io.pushbench.analysis.llm.LlmStepResult;
import io.pushbench.analysis.llm.LoadMode;
import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.analysis.llm.ServerObserved;
import io.pushbench.analysis.llm.StepContext;
import io.pushbench.analysis.llm.StepWindow;
import io.pushbench.analysis.results.Environment;
import io.pushbench.loadgen.core.ProcessProbe;
import io.pushbench.loadgen.run.ChildProcess;
import io.pushbench.loadgen.run.Pinning;
import io.pushbench.loadgen.run.ServerLauncher;
import io.pushbench.loadgen.run.Targets;
import io.pushbench.loadgen.scenario.FaultPlan;
import io.pushbench.wire.Transport;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a whole {@code pushbench llm}: starts pushbench's server in its own JVM pinned apart from the load (unless a
 * {@code --server} is given, which must be loopback unless allowed), then for every load and repeat runs one step per
 * transport in A B B A order, aggregates each step with {@link LlmStepAggregator} and writes
 * {@code llm-results.json} after every step (so an interrupted run keeps what it measured, marked incomplete).
 *
 * <pre>{@code
 * LlmResults r = new LlmRunner().run(spec, listener);   // blocks for the run's length
 * }</pre>
 *
 * <p>The load runs in this JVM, one step at a time with fresh clients (no connection outlives its step); between
 * steps the runner waits {@link #SETTLE_MS} for the server to finish what the previous step aborted. Interrupting
 * the calling thread ends the current step early and stops the server.
 */
public final class LlmRunner {
    /** Pause between steps. */
    static final long SETTLE_MS = 1_000;

    /** What the runner reports as it goes. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** A line for the console. */
        default void onLine(String line) {
        }

        /** A step is about to start ({@code index} from 1 of {@code total}). */
        default void onStepStart(int index, int total, LlmStepId id) {
        }

        /** A step ended. */
        default void onStep(LlmStepResult result) {
        }
    }

    /** Runs {@code spec}; see the class comment. */
    public LlmResults run(LlmRunSpec spec, Listener listener) throws IOException, InterruptedException {
        Listener l = listener == null ? Listener.NONE : listener;
        Pinning pinning = Pinning.detect(spec.serverCpus(), spec.loadgenCpus());
        // the started server's admin token: a scenario's drop is posted with it; never written to the results
        String adminToken = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
        ChildProcess server = null;
        List<LlmStepResult> steps = new ArrayList<>();
        boolean complete = false;
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Object> placement = new LinkedHashMap<>(pinning.describe(spec.serverCpus(), spec.loadgenCpus()));
        try {
            String base;
            if (spec.serverUrl() == null) {
                ServerLauncher.Started started = startServer(spec, pinning, adminToken, l);
                server = started.process();
                base = started.url();
                placement.put("loadgenPinned", pinSelf(pinning, spec.loadgenCpus(), l));
            } else {
                Targets.check(spec.serverUrl(), spec.allowRemote(), "--server");
                if (spec.serverUrl().startsWith("https:") && spec.protocol() == io.pushbench.wire.Protocol.H2C) {
                    throw new IllegalArgumentException("--protocol h2 is cleartext h2c: use --protocol h1 with an"
                            + " https:// server");
                }
                base = spec.serverUrl();
            }
            URI baseUri = URI.create(base.endsWith("/") ? base : base + "/");
            model.putAll(describeModel(spec, baseUri, server != null));
            ProcessProbe probe = ProcessProbe.system();     // after pinning: it reads this process's affinity once
            LlmEngine engine = new LlmEngine(Pacer.system(), probe);
            if (!spec.prime().isZero()) {
                prime(spec, engine, baseUri, l);
            }
            int index = 0;
            for (LlmLoad load : spec.loads()) {
                for (int r = 1; r <= spec.repeats(); r++) {
                    for (Transport t : spec.order(r)) {
                        LlmStepId id = new LlmStepId(t, spec.protocol(), spec.api(), mode(load), load.value(), r);
                        l.onStepStart(++index, spec.steps(), id);
                        LlmStepResult result = step(spec, engine, baseUri, adminToken, id, load);
                        steps.add(result);
                        l.onStep(result);
                        write(spec, false, steps, model, placement);
                        Thread.sleep(SETTLE_MS);
                    }
                }
            }
            complete = true;
        } finally {
            if (server != null) {
                l.onLine("pushbench: stopping the server (pid " + server.pid() + ")");
                server.close();
            }
        }
        return write(spec, complete, steps, model, placement);
    }

    /**
     * Warms both clients' code paths (and the server's) before the first measured step: each transport in the run
     * plays the first load for {@link LlmRunSpec#prime} and its result is dropped. Why: in a fresh JVM the first step's
     * class loading and JIT compilation made the client hand requests over late (send lag p99 about 20 ms against
     * 3 ms later, measured here), which invalidated the first step of nearly every run; the per-step warm-up alone
     * does not cover a JVM's first seconds. Nothing of it is reported but one console line.
     */
    private void prime(LlmRunSpec spec, LlmEngine engine, URI base, Listener l) throws IOException, InterruptedException {
        LlmLoad first = spec.loads().get(0);
        LlmStepPlan plan = new LlmStepPlan(first, Duration.ZERO, spec.prime(), spec.plan(first).drainLimit(),
                spec.plan(first).idleTimeout());
        for (Transport t : spec.order(1)) {
            l.onLine("pushbench: priming the " + t.key() + " client and the server for " + spec.prime().toMillis()
                    + " ms (not measured)");
            LlmClient.Settings settings = new LlmClient.Settings(base, t, spec.protocol(), spec.api(), spec.model(),
                    spec.ignoreEos(), spec.apiKey(), spec.resume(), LlmClient.Settings.DEFAULT_MAX_CONNECTIONS,
                    Pacer.system());
            try (LlmClient client = LlmClient.start(settings)) {
                engine.run(plan, client, spec.source(), new ServerProbe(base));
            } catch (InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("cannot start the " + t.key() + " client: " + Failures.describe(e), e);
            }
            Thread.sleep(SETTLE_MS);
        }
    }

    private static LoadMode mode(LlmLoad load) {
        return load instanceof LlmLoad.Open ? LoadMode.RATE : LoadMode.CONCURRENCY;
    }

    private LlmStepResult step(LlmRunSpec spec, LlmEngine engine, URI base, String adminToken, LlmStepId id,
                               LlmLoad load) throws InterruptedException, IOException {
        LlmClient.Settings settings = new LlmClient.Settings(base, id.transport(), spec.protocol(), spec.api(),
                spec.model(), spec.ignoreEos(), spec.apiKey(), spec.resume(), LlmClient.Settings.DEFAULT_MAX_CONNECTIONS,
                Pacer.system());
        ServerProbe server = new ServerProbe(base);
        LlmStepRun run;
        long connections;
        try (LlmClient client = LlmClient.start(settings)) {
            LlmFaultHook fault = spec.fault().kind() == FaultPlan.Kind.NONE ? null
                    : new LlmFaultHook(server, spec.fault(), base.toString(), adminToken, id.transport());
            run = engine.run(spec.plan(load), client, spec.source(), fault != null ? fault : server);
            connections = client.connectionsOpened();
            if (fault != null) {
                return result(id, spec, run, server.observed(), server.failure(), connections, fault.describe(),
                        fault.missed());
            }
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start the " + id.transport().key() + " client: " + Failures.describe(e), e);
        }
        return result(id, spec, run, server.observed(), server.failure(), connections, null, null);
    }

    /**
     * One step's result: its requests through the aggregator, and the context the load generator knows
     * ({@code connections}: TCP connections the client opened over the whole step, -1 unknown).
     */
    static LlmStepResult result(LlmStepId id, LlmRunSpec spec, LlmStepRun run, ServerObserved server,
                                String serverFailure, long connections, Map<String, Object> fault,
                                String faultMissed) {
        LlmStepAggregator agg = new LlmStepAggregator(id, spec.slo());
        for (RequestTimeline t : run.measured()) {
            agg.add(t);
        }
        long ageNs = System.nanoTime() - run.windowStartNs();
        String startedAt = Instant.now().minusNanos(ageNs).toString();
        StepWindow window = new StepWindow(startedAt, run.plan().warmup().toNanos() / 1e9, run.windowSeconds(),
                run.drainedNs() / 1e9);
        ClientCost o = run.overhead();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("cpuCores", o.cpuCores());
        extra.put("availableCores", o.availableCores());
        extra.put("events", o.events());
        extra.put("busiestThread", o.busiestThread());
        extra.put("busiestThreadCores", o.busiestThreadCores());
        extra.put("pinnedCpus", o.pinnedCpus());
        extra.put("pinnedUtilization", o.pinnedUtilization());
        extra.put("sendLagRequests", o.sendLagCount());
        extra.put("sendLagMaxUs", o.sendLagMaxUs());
        extra.put("sendLagBoundP99Us", ClientCost.MAX_SEND_LAG_P99_US);
        StepContext ctx = StepContext.of(window)
                .withClient(new ClientOverhead(
                        o.cpuNsPerEvent() < 0 ? -1 : o.cpuNsPerEvent() / 1e3,
                        o.cpuCores() < 0 || o.availableCores() <= 0 ? -1 : o.cpuCores() / o.availableCores(),
                        sendLag(run), extra))
                .withServer(server);
        for (String reason : run.invalidReasons()) {
            ctx = ctx.withInvalid(reason);
        }
        if (faultMissed != null) {
            ctx = ctx.withInvalid(faultMissed);
        }
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("client", run.client());
        ext.put("load", run.plan().load().label());
        if (run.plan().load() instanceof LlmLoad.Open open) {
            ext.put("arrivals", open.arrivals().key());
            ext.put("arrivalSeed", open.seed());
        }
        ext.put("requestsLaunched", run.requestsSent());
        ext.put("maxInFlight", run.maxInFlight());
        ext.put("connectionsOpened", connections);
        ext.put("resumePolicy", Map.of("maxAttempts", spec.resume().maxAttempts(), "baseMs",
                spec.resume().base().toMillis(), "capMs", spec.resume().cap().toMillis()));
        if (fault != null) {
            ext.put("fault", fault);
        }
        if (serverFailure != null && !server.observed()) {
            ext.put("serverUnobserved", serverFailure);
        }
        return agg.result(ctx.withExtensions(ext));
    }

    private static LatencyFigures sendLag(LlmStepRun run) {
        Histogram h = LatencyFigures.newHistogram();
        for (long lag : run.sendLagsNs()) {
            h.recordValue(LatencyFigures.toMicros(Math.max(0, lag)));
        }
        return LatencyFigures.of(h);
    }

    private LlmResults write(LlmRunSpec spec, boolean complete, List<LlmStepResult> steps, Map<String, Object> model,
                             Map<String, Object> placement) throws IOException {
        Environment env = Environment.detect(Path.of(System.getProperty("pushbench.home", ".")))
                .withExtra(Map.of("cpuPinning", placement));
        LlmResults r = LlmResults.of(complete, spec.config(), env, Map.of(), model, List.copyOf(steps));
        LlmResultsIO.write(spec.outDir().resolve(LlmResults.FILE_NAME), r);
        return r;
    }

    /** What the results say about the model server. */
    private static Map<String, Object> describeModel(LlmRunSpec spec, URI base, boolean ours) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", ours ? "pushbench simulated model (started by this run)" : base.toString());
        m.put("model", spec.model());
        m.put("api", spec.api().key());
        if (ours) {
            m.put("serverArgs", spec.serverArgs());
        }
        try {
            java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(base.resolve("metrics")).timeout(java.time.Duration
                            .ofSeconds(2)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            JsonNode llm = r.statusCode() == 200 ? new ObjectMapper().readTree(r.body()).path("config").path("llm")
                    : null;
            if (llm != null && llm.isObject()) {
                m.put("config", new ObjectMapper().convertValue(llm, Map.class));
            }
        } catch (IOException e) {
            m.put("config", "unknown (" + Failures.describe(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return m;
    }

    /** Starts {@code pushbench server} on a free loopback port, pinned, and returns it once it listens. */
    private static ServerLauncher.Started startServer(LlmRunSpec spec, Pinning pinning, String adminToken, Listener l)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(pinning.prefix(spec.serverCpus()));
        cmd.addAll(spec.serverCommand());
        cmd.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--admin-token", adminToken));
        cmd.addAll(spec.serverArgs());
        List<String> early = java.util.Collections.synchronizedList(new ArrayList<>());
        ServerLauncher.Started started = ServerLauncher.start(cmd, line -> {
            if (early.size() < 50) {
                early.add(line);
            }
        }, () -> ": " + String.join(" | ", early));
        l.onLine("pushbench: server pid " + started.process().pid() + " listening on " + started.url()
                + (pinning.applied() && spec.serverCpus() != null ? " (CPU " + spec.serverCpus() + ")" : ""));
        return started;
    }

    /**
     * Pins this process, every thread, to {@code cpus} with {@code taskset -a -p} (threads started later inherit
     * it), so that the load and the server it started do not share CPUs. Returns whether it was applied.
     */
    private static boolean pinSelf(Pinning pinning, String cpus, Listener l) throws InterruptedException {
        List<String> prefix = pinning.prefix(cpus);
        if (prefix.isEmpty()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(prefix.get(0), "-a", "-p", "-c", cpus,
                    Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (ok) {
                l.onLine("pushbench: load generator (this process) pinned to CPU " + cpus);
            } else {
                l.onLine("pushbench: could not pin the load generator to CPU " + cpus + " (taskset failed)");
            }
            return ok;
        } catch (IOException e) {
            l.onLine("pushbench: could not pin the load generator: " + Failures.describe(e));
            return false;
        }
    }
}
