package io.pushbench.cli;

import io.pushbench.cli.compare.CompareProfile;
import io.pushbench.cli.compare.CompareRunner;
import io.pushbench.cli.compare.ConsoleLog;
import io.pushbench.cli.compare.CpuPinning;
import io.pushbench.cli.compare.DurationText;
import io.pushbench.cli.compare.OrchestratorExecutor;
import io.pushbench.cli.compare.PinMode;
import io.pushbench.cli.compare.ProfileLoader;
import io.pushbench.cli.compare.ReportStep;
import io.pushbench.cli.compare.RunExecutor;
import io.pushbench.analysis.results.Environment;
import io.pushbench.reports.Reports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code pushbench compare}: the one-command SSE vs WebSocket comparison. Runs a profile (default {@code quick}),
 * every value overridable by a flag, and writes one results directory with results.json, each run's raw files,
 * console.log, summary.txt and the reports. Exit 0 when the comparison completed and every run is valid, 1 when it
 * was interrupted, a child crashed or a run is invalid, 2 on bad input.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare SSE and WebSocket on the same feed and load, fairly and repeatably.",
                "Without flags runs the 'quick' profile (about 3.5 minutes on 2 CPUs). Every profile makes 5 "
                        + "alternated runs per transport, the fewest that can call a difference at 99%% confidence. "
                        + "Profiles: quick, standard (thousands of connections), ci (small, for gating)."})
public final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME", description = "built-in profile: quick (default), standard, ci")
    String profile = "quick";

    @Option(names = "--profile-file", paramLabel = "FILE",
            description = "your own profile (YAML, or JSON if it ends in .json), layered over --profile")
    Path profileFile;

    @Option(names = "--repeats", paramLabel = "N", description = "runs per transport, alternated A B B A (5 or more to call a difference)")
    Integer repeats;

    @Option(names = "--transports", paramLabel = "LIST", split = ",", description = "transports to compare: sse,ws; one named twice (sse,sse) is an A/A comparison of "
            + "arms A and B, which measures this machine's noise")
    List<String> transports;

    @Option(names = "--variants", paramLabel = "LIST", split = ",",
            description = "variants to run for every transport (known: plain)")
    List<String> variants;

    @Option(names = "--connections", paramLabel = "N", description = "connections per run")
    Integer connections;

    @Option(names = "--rate", paramLabel = "MSG/S", description = "messages per second published to every connection")
    Double rate;

    @Option(names = "--payload", paramLabel = "BYTES", description = "message payload size in bytes")
    Integer payload;

    @Option(names = "--ramp", paramLabel = "DURATION", description = "time to open all connections, e.g. 20s")
    String ramp;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "warm-up after the ramp, not measured")
    String warmup;

    @Option(names = "--duration", paramLabel = "DURATION", description = "measured steady window, e.g. 45s or 1m")
    String duration;

    @Option(names = "--pin", paramLabel = "auto|on|off",
            description = "pin server and load generator to separate CPUs with taskset")
    String pin;

    @Option(names = "--server-cpus", paramLabel = "LIST", description = "taskset CPU list of the server (default 0)")
    String serverCpus;

    @Option(names = "--loadgen-cpus", paramLabel = "LIST",
            description = "taskset CPU list of the load generator (default: the other CPUs)")
    String loadgenCpus;

    @Option(names = "--server-jvm-args", paramLabel = "ARGS",
            description = "server JVM flags, space separated (same for every run)")
    String serverJvmArgs;

    @Option(names = "--loadgen-jvm-args", paramLabel = "ARGS",
            description = "load generator JVM flags, space separated (same for every run)")
    String loadgenJvmArgs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "results directory (default results/<yyyyMMdd-HHmmss>-<profile>); must be new or empty")
    Path out;

    @Option(names = "--no-report", description = "skip report.html / report.md")
    boolean noReport;

    @Option(names = "--dry-run", description = "print the effective profile and run order, run nothing")
    boolean dryRun;

    private final RunExecutor executor;
    private final ReportStep reportStep;

    /** The command as registered in {@link Main}: real orchestrator, real reports. */
    public CompareCommand() {
        this(null, null);
    }

    /** For tests: a given executor and report step (null = the real ones). */
    public CompareCommand(RunExecutor executor, ReportStep reportStep) {
        this.executor = executor;
        this.reportStep = reportStep;
    }

    /** Builds the effective profile: built-in, then --profile-file, then flags. */
    CompareProfile effectiveProfile() {
        CompareProfile.Builder b = ProfileLoader.builtIn(profile);
        if (profileFile != null) {
            ProfileLoader.applyFile(b, profileFile);
        }
        if (repeats != null) b.repeats(repeats);
        if (transports != null) b.transports(transports);
        if (variants != null) b.variants(variants);
        if (connections != null) b.connections(connections);
        if (rate != null) b.rate(rate);
        if (payload != null) b.payload(payload);
        if (ramp != null) b.ramp(DurationText.parse("--ramp", ramp));
        if (warmup != null) b.warmup(DurationText.parse("--warmup", warmup));
        if (duration != null) b.duration(DurationText.parse("--duration", duration));
        if (pin != null) b.pin(PinMode.parse(pin));
        if (serverCpus != null) b.serverCpus(serverCpus);
        if (loadgenCpus != null) b.loadgenCpus(loadgenCpus);
        if (serverJvmArgs != null) b.serverJvmArgs(words(serverJvmArgs));
        if (loadgenJvmArgs != null) b.loadgenJvmArgs(words(loadgenJvmArgs));
        return b.build();
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        CompareProfile p = effectiveProfile();
        CpuPinning pinning = CpuPinning.decide(p, CpuPinning.tasksetAvailable(),
                Runtime.getRuntime().availableProcessors());
        Path dir = resultsDir(p);
        if (dryRun) {
            stdout.println("profile " + p.name() + ": " + p.toConfigMap());
            stdout.println("order: " + String.join(", ", io.pushbench.cli.compare.RunPlanner.plan(p).stream()
                    .map(io.pushbench.cli.compare.PlannedRun::runId).toList()));
            stdout.println(pinning.note());
            stdout.println("results would go to " + dir);
            stdout.flush();
            return 0;
        }
        Files.createDirectories(dir);
        Path home = Path.of(System.getProperty("pushbench.home", "."));
        RunExecutor ex = executor != null ? executor : new OrchestratorExecutor();
        ReportStep reports = noReport ? ReportStep.NONE : reportStep != null ? reportStep : Reports::generate;

        // Ctrl-C / SIGTERM: interrupt this thread so the executor stops the children and the runner writes
        // results.json marked incomplete, and hold the JVM's exit until that is done.
        Thread worker = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (finished.getCount() > 0) {
                worker.interrupt();
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
            }
        }, "pushbench-compare-shutdown");
        boolean hookInstalled = executor == null; // tests with fakes interrupt the thread themselves
        if (hookInstalled) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try (ConsoleLog console = ConsoleLog.open(stdout, dir.resolve("console.log"), ConsoleLog.isTerminal())) {
            CompareRunner.Outcome o = new CompareRunner(p, pinning, dir, ex, console,
                    environment(pinning, home), reports, Clock.systemUTC()).run();
            return o.results().valid() ? 0 : Main.EXIT_NEGATIVE;
        } finally {
            finished.countDown();
            if (hookInstalled) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it sees 'finished' and returns
                }
            }
        }
    }

    /** The loadgen's environment fingerprint plus how the children were pinned (stated either way). */
    private static Environment environment(CpuPinning pinning, Path home) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("taskset", CpuPinning.tasksetAvailable());
        extra.put("pinning", pinning.toMap());
        return Environment.detect(home).withExtra(extra);
    }

    private Path resultsDir(CompareProfile p) throws IOException {
        if (out != null) {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UsageException("--out " + out + " exists and is not a directory");
            }
            if (Files.isDirectory(out)) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        throw new UsageException("--out " + out + " is not empty (each comparison needs its own "
                                + "directory)");
                    }
                }
            }
            return out;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = Path.of("results", stamp + "-" + p.name());
        Path dir = base;
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of(base + "-" + i);
        }
        return dir;
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
