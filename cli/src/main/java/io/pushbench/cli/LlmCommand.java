package io.pushbench.cli;

import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmStepId;
import io.pushbench.analysis.llm.LlmStepResult;
import io.pushbench.analysis.llm.Slo;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.core.Durations;
import io.pushbench.loadgen.llm.Arrivals;
import io.pushbench.loadgen.llm.LlmLoad;
import io.pushbench.loadgen.llm.LlmRunSpec;
import io.pushbench.loadgen.llm.LlmRunner;
import io.pushbench.loadgen.llm.RequestSource;
import io.pushbench.loadgen.llm.ResumePolicy;
import io.pushbench.loadgen.run.Targets;
import io.pushbench.loadgen.scenario.FaultPlan;
import io.pushbench.loadgen.scenario.Scenarios;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pushbench llm} (also {@code pushbench compare --workload llm}): LLM token streaming over SSE and WebSocket,
 * measured from each request's scheduled arrival. Without {@code --server} it starts pushbench's simulated model
 * server in its own JVM, pinned apart from the load, and passes the {@code --llm-*} model flags to it; with
 * {@code --server URL} it drives any OpenAI-compatible endpoint (loopback unless {@code --allow-remote}; the API key
 * only from the environment variable {@code --api-key-env} names). Writes {@code llm-results.json} into
 * {@code --out}, prints a table per load and transport, renders the reports. docs/llm.md, "Load and clients".
 * Exit 0 when every step is valid, 1 when one is not (reasons printed) or the run was interrupted, 2 on bad input.
 */
@Command(name = "llm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stream LLM tokens over SSE and WebSocket at several offered loads and compare TTFT, "
                + "inter-token latency, end-to-end and goodput (latency from each request's scheduled arrival).",
                "Defaults: pushbench's simulated model, Poisson arrivals at 4 and 16 req/s, 2 repeats per transport "
                        + "in A B B A order: about 2.5 minutes on 2 CPUs.",
                "Exit code: 0 every step valid, 1 a step invalid or the run interrupted, 2 bad input."})
public final class LlmCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", description = "an OpenAI-compatible server (http://HOST:PORT, or"
            + " https:// with --protocol h1);"
            + " default: start pushbench's simulated model server")
    String server;

    @Option(names = "--allow-remote", description = "allow a non-loopback --server")
    boolean allowRemote;

    @Option(names = "--api-key-env", paramLabel = "NAME", description = "environment variable holding the API key "
            + "sent as a bearer token (default: ${DEFAULT-VALUE}; unset: no key). Never a flag, never written.")
    String apiKeyEnv = "OPENAI_API_KEY";

    @Option(names = "--model", paramLabel = "NAME", description = "the model field (default: ${DEFAULT-VALUE})")
    String model = LlmContract.SIMULATED_MODEL;

    @Option(names = "--ignore-eos", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "send ignore_eos: true so every request generates its maximum, identical work on both "
                    + "transports (default: true; --no-ignore-eos for servers that refuse unknown fields)")
    boolean ignoreEos = true;

    @Option(names = "--api", paramLabel = "responses|chat", description = "responses (default; identical events on "
            + "both transports) or chat (chat completions, SSE only)")
    String api = LlmContract.Api.RESPONSES.key();

    @Option(names = "--transports", paramLabel = "LIST", split = ",",
            description = "sse, ws or sse,ws (default: sse,ws; sse with --api chat)")
    List<String> transports;

    @Option(names = "--protocol", paramLabel = "h1|h2", converter = Converters.ProtocolConverter.class,
            description = "HTTP/1.1 keep-alive, or h2 (cleartext h2c; WebSocket over RFC 8441) (default: h1)")
    Protocol protocol = Protocol.H1;

    @Option(names = "--rates", paramLabel = "LIST", split = ",",
            description = "open loop: offered loads in requests/s (default: 4,16)")
    List<Double> rates;

    @Option(names = "--concurrency", paramLabel = "LIST", split = ",",
            description = "closed loop instead: concurrent clients per step, e.g. 1,4,16")
    List<Integer> concurrency;

    @Option(names = "--arrivals", paramLabel = "poisson|constant", description = "open-loop arrivals "
            + "(default: ${DEFAULT-VALUE})")
    String arrivals = Arrivals.Kind.POISSON.key();

    @Option(names = "--seed", paramLabel = "N", description = "seed of arrivals and synthetic requests "
            + "(default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--prompt-tokens", paramLabel = "DIST", description = "prompt length in words: const:V, "
            + "normal:MEAN,SD[,MIN,MAX], uniform:MIN,MAX (default: ${DEFAULT-VALUE})")
    String promptTokens = "const:128";

    @Option(names = "--output-tokens", paramLabel = "DIST", description = "max output tokens, sent with ignore_eos "
            + "(default: ${DEFAULT-VALUE})")
    String outputTokens = "const:128";

    @Option(names = "--prompts", paramLabel = "FILE", description = "JSON Lines of {\"prompt\", \"max_tokens\"} "
            + "instead of the synthetic prompts (cycled)")
    Path prompts;

    @Option(names = "--prime", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "before the first step, each transport plays the first load this long, unmeasured, so that"
                    + " a fresh JVM's class loading and compilation do not fall in the first step; 0: none"
                    + " (default: 4s)")
    Duration prime = Duration.ofSeconds(4);

    @Option(names = "--warmup", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "load before each measured window (default: 3s)")
    Duration warmup = Duration.ofSeconds(3);

    @Option(names = "--duration", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "measured window of each step; requests scheduled in it are measured (default: 12s)")
    Duration duration = Duration.ofSeconds(12);

    @Option(names = "--drain", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "longest wait after the window for its requests to end (default: 30s)")
    Duration drain = Duration.ofSeconds(30);

    @Option(names = "--idle-timeout", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "a request silent this long fails TIMEOUT (default: 30s)")
    Duration idleTimeout = Duration.ofSeconds(30);

    @Option(names = "--repeats", paramLabel = "N", description = "steps per transport and load, alternated "
            + "A B B A (default: ${DEFAULT-VALUE})")
    int repeats = 2;

    @Option(names = "--scenario", paramLabel = "CASE", description = "inject a reconnection scenario's drop into"
            + " every step: drop-abort or drop-close (the server ends half the busy LLM streams a third into the"
            + " window; Responses streams resume); own server only (default: none)")
    String scenario;

    @Option(names = "--resume-attempts", paramLabel = "N", description = "resumes of a dropped Responses stream "
            + "(default: ${DEFAULT-VALUE}; 0: a drop fails the request)")
    int resumeAttempts = ResumePolicy.DEFAULT.maxAttempts();

    @Option(names = "--slo-ttft", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "goodput objective on time to first token, e.g. 500ms")
    Duration sloTtft;

    @Option(names = "--slo-tpot", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "goodput objective on time per output token, e.g. 50ms")
    Duration sloTpot;

    @Option(names = "--slo-itl", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "goodput objective on every inter-token gap")
    Duration sloItl;

    @Option(names = "--slo-e2e", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "goodput objective on end-to-end latency, e.g. 10s")
    Duration sloE2e;

    @Option(names = "--llm-ttft", paramLabel = "DIST", description = "simulated model: time to first token")
    String llmTtft;

    @Option(names = "--llm-itl", paramLabel = "DIST", description = "simulated model: delay between tokens")
    String llmItl;

    @Option(names = "--llm-prefill-per-token", paramLabel = "DUR", description = "simulated model: prefill per prompt token")
    String llmPrefill;

    @Option(names = "--llm-batch", paramLabel = "N", description = "simulated model: requests generating at once")
    String llmBatch;

    @Option(names = "--llm-batch-slowdown", paramLabel = "F", description = "simulated model: per-token slowdown per extra request in the batch")
    String llmBatchSlowdown;

    @Option(names = "--llm-tokens-per-chunk", paramLabel = "N", description = "simulated model: tokens per event")
    String llmTokensPerChunk;

    @Mixin
    StartedServerOptions started = new StartedServerOptions();

    @Option(names = "--pin", paramLabel = "auto|on|off", description = "pin the started server and the load to "
            + "separate CPUs with taskset (default: auto, when taskset exists and there are 2+ CPUs)")
    String pin = "auto";

    @Option(names = "--server-cpus", paramLabel = "LIST", description = "server CPUs when pinned (default 0)")
    String serverCpus;

    @Option(names = "--loadgen-cpus", paramLabel = "LIST", description = "load CPUs when pinned (default: the others)")
    String loadgenCpus;

    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default results/llm-<timestamp>);"
            + " must be new or empty")
    Path out;

    @Option(names = "--no-report", description = "skip report.html / report.md")
    boolean noReport;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        LlmRunSpec run = runSpec();
        Files.createDirectories(run.outDir());
        o.println(String.format(Locale.ROOT, "pushbench llm: %d steps (%s x %s x %d repeats), at least %d s; "
                        + "results in %s", run.steps(), loadsText(run.loads()), run.transports().stream()
                        .map(Transport::key).toList(), run.repeats(), run.minimumSeconds(),
                run.outDir().toAbsolutePath()));
        o.flush();
        // Ctrl-C / SIGTERM: interrupt the run so that it stops the server and keeps llm-results.json (incomplete)
        InterruptOnShutdown interrupt = InterruptOnShutdown.install("pushbench-llm-interrupt", 30);
        LlmResults results;
        try {
            results = new LlmRunner().run(run, console(o));
        } catch (InterruptedException e) {
            o.println("pushbench llm: interrupted; llm-results.json keeps the steps that ended");
            o.flush();
            return Main.EXIT_NEGATIVE;
        } finally {
            interrupt.close();
        }
        o.println();
        o.print(LlmTable.render(results));
        o.println("  results: " + run.outDir().resolve(LlmResults.FILE_NAME).toAbsolutePath());
        if (!noReport) {
            try {
                io.pushbench.reports.Reports.generate(run.outDir()).forEach(p -> o.println("  report: " + p));
            } catch (IOException | RuntimeException e) {
                o.println("  report: not rendered (" + e.getMessage() + ")");
            }
        }
        o.flush();
        return results.valid() ? 0 : Main.EXIT_NEGATIVE;
    }

    /** The run as the flags describe it; UsageException (exit 2, one line) on bad input. */
    LlmRunSpec runSpec() {
        try {
            return buildSpec();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private LlmRunSpec buildSpec() {
        LlmContract.Api theApi = LlmContract.Api.parse(api);
        List<Transport> arms = new ArrayList<>();
        for (String t : transports != null ? transports
                : theApi == LlmContract.Api.CHAT ? List.of("sse") : List.of("sse", "ws")) {
            arms.add(RunCommand.transport(t.strip()));
        }
        if (rates != null && concurrency != null) {
            throw new IllegalArgumentException("give --rates (open loop) or --concurrency (closed loop), not both");
        }
        Arrivals.Kind kind = Arrivals.Kind.parse(arrivals);
        List<LlmLoad> loads = new ArrayList<>();
        if (concurrency != null) {
            concurrency.forEach(n -> loads.add(new LlmLoad.Closed(n)));
        } else {
            // one arrival seed per load, the same for every transport and repeat of it: identical schedules
            for (double r : rates != null ? rates : List.of(4.0, 16.0)) {
                loads.add(new LlmLoad.Open(kind, r, seed * 1_000_003L + loads.size()));
            }
        }
        RequestSource source;
        if (prompts != null) {
            source = RequestSource.file(prompts);
        } else {
            source = RequestSource.synthetic(promptTokens, outputTokens, seed);
        }
        Slo slo = new Slo(ms(sloTtft), ms(sloTpot), ms(sloItl), ms(sloE2e));
        List<String> modelFlags = modelFlags();
        if (server != null && (!modelFlags.isEmpty() || !started.serverArgs.isEmpty())) {
            throw new IllegalArgumentException("--llm-* and --server-arg configure the started server: not with"
                    + " --server");
        }
        if (server != null) {
            Targets.check(server, allowRemote, "--server");
            if (server.startsWith("https:") && protocol == Protocol.H2C) {
                throw new IllegalArgumentException("--protocol h2 is cleartext h2c: use --protocol h1 with an"
                        + " https:// server");
            }
        }
        if (apiKeyEnv == null || !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("--api-key-env must name an environment variable, was '" + apiKeyEnv
                    + "'");
        }
        String key = System.getenv(apiKeyEnv);
        List<String> serverCommand = null;
        String sCpus = null;
        String lCpus = null;
        if (server == null) {
            serverCommand = ChildJvm.serverCommand(ChildJvm.java(), started.serverJvmArgs, ChildJvm.classpath());
            // compare's placement rule, one definition: server on CPU 0, the load on the others
            CpuPinning p = CpuPinning.decide(io.pushbench.loadgen.compare.ProfileLoader.builtIn("quick")
                            .pin(io.pushbench.loadgen.compare.PinMode.parse(pin)).serverCpus(serverCpus)
                            .loadgenCpus(loadgenCpus).build(), CpuPinning.tasksetAvailable(),
                    Runtime.getRuntime().availableProcessors());
            sCpus = p.serverCpus();
            lCpus = p.loadgenCpus();
        }
        List<String> allServerArgs = new ArrayList<>(modelFlags);
        allServerArgs.addAll(started.serverArgs);
        if (server == null) {
            checkServerFlags(allServerArgs);
        }
        return new LlmRunSpec(server, allowRemote, serverCommand, allServerArgs, sCpus, lCpus, arms, protocol, theApi,
                model, ignoreEos, key == null || key.isBlank() ? null : key, loads, prime, warmup, duration, drain, idleTimeout,
                repeats, slo, source, new ResumePolicy(resumeAttempts, ResumePolicy.DEFAULT.base(),
                ResumePolicy.DEFAULT.cap()), fault(), outDir(), config(theApi, arms, loads, source, allServerArgs));
    }

    /**
     * Reads the flags meant for the started server as {@code pushbench server} will, model included, so that a bad
     * value is bad input here (exit 2) rather than a server that dies at start.
     */
    private static void checkServerFlags(List<String> flags) {
        ServerCommand sc = new ServerCommand();
        try {
            new CommandLine(sc).parseArgs(flags.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("bad server flag"));
        }
        sc.llmConfig();     // the model's own range checks, one line each
    }

    private List<String> modelFlags() {
        List<String> f = new ArrayList<>();
        add(f, "--llm-ttft", llmTtft);
        add(f, "--llm-itl", llmItl);
        add(f, "--llm-prefill-per-token", llmPrefill);
        add(f, "--llm-batch", llmBatch);
        add(f, "--llm-batch-slowdown", llmBatchSlowdown);
        add(f, "--llm-tokens-per-chunk", llmTokensPerChunk);
        return f;
    }

    private static void add(List<String> flags, String name, String value) {
        if (value != null) {
            flags.add(name);
            flags.add(value);
        }
    }

    private static Double ms(Duration d) {
        return d == null ? null : d.toNanos() / 1e6;
    }

    /** The configuration recorded in the results: every flag's effective value, the key's variable name only. */
    /** The drop of {@code --scenario}, timed from the measured window as the feed runs' scenarios are. */
    private FaultPlan fault() {
        if (scenario == null) {
            return FaultPlan.NONE;
        }
        FaultPlan f = Scenarios.byCase(scenario, new Scenarios.Shape(duration, 1, 1)).fault();
        if (f.kind() != FaultPlan.Kind.DROP || f.mode() == FaultPlan.DropMode.CONNECTION) {
            throw new IllegalArgumentException("--scenario: an LLM run takes drop-abort or drop-close, not \""
                    + scenario + "\"");
        }
        return f;
    }

    private Map<String, Object> config(LlmContract.Api theApi, List<Transport> arms, List<LlmLoad> loads,
                                       RequestSource source, List<String> allServerArgs) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", "llm");
        c.put("server", server == null ? "started" : server);
        c.put("apiKeyEnv", apiKeyEnv);
        c.put("model", model);
        c.put("ignoreEos", ignoreEos);
        c.put("api", theApi.key());
        c.put("transports", arms.stream().map(Transport::key).toList());
        c.put("protocol", protocol.key());
        c.put("loadMode", loads.get(0).kind());
        c.put("loads", loads.stream().map(LlmLoad::value).toList());
        c.put("scenario", scenario == null ? "steady" : scenario);
        if (concurrency == null) {
            c.put("arrivals", arrivals);
        }
        c.put("seed", seed);
        c.put("requests", source.describe());
        c.put("warmup", Durations.format(warmup));
        c.put("duration", Durations.format(duration));
        c.put("drain", Durations.format(drain));
        c.put("idleTimeout", Durations.format(idleTimeout));
        c.put("repeats", repeats);
        c.put("order", "A B B A");
        c.put("resumeAttempts", resumeAttempts);
        Map<String, Object> slo = new LinkedHashMap<>();
        slo.put("ttftMs", ms(sloTtft));
        slo.put("tpotMs", ms(sloTpot));
        slo.put("itlMs", ms(sloItl));
        slo.put("e2eMs", ms(sloE2e));
        c.put("slo", slo);
        c.put("serverArgs", allServerArgs);
        return c;
    }

    private Path outDir() {
        if (out != null) {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
            }
            if (Files.isDirectory(out)) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("--out " + out + " is not empty (each run needs its own"
                                + " directory)");
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException("--out " + out + ": " + e.getMessage());
                }
            }
            return out;
        }
        Path base = Path.of("results", "llm-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")));
        Path dir = base;
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of(base + "-" + i);
        }
        return dir;
    }

    private static String loadsText(List<LlmLoad> loads) {
        return loads.get(0).kind() + " " + loads.stream().map(l -> {
            double v = l.value();
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }).toList();
    }

    /** Progress on the console: one line per step as it starts and ends. */
    private static LlmRunner.Listener console(PrintWriter o) {
        return new LlmRunner.Listener() {
            @Override
            public void onLine(String line) {
                o.println(line);
                o.flush();
            }

            @Override
            public void onStepStart(int index, int total, LlmStepId id) {
                o.printf(Locale.ROOT, "[%d/%d] %s ...%n", index, total, id.name());
                o.flush();
            }

            @Override
            public void onStep(LlmStepResult r) {
                o.println("       " + LlmTable.row(r));
                for (String reason : r.invalidReasons()) {
                    o.println("       invalid: " + reason);
                }
                o.flush();
            }
        };
    }
}
