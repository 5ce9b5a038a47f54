package io.pushbench.cli;

import io.pushbench.analysis.results.Environment;
import io.pushbench.cli.compare.CompareConsole;
import io.pushbench.cli.compare.ConsoleLog;
import io.pushbench.cli.live.LiveOptions;
import io.pushbench.cli.live.LiveSession;
import io.pushbench.loadgen.compare.BriefCalibration;
import io.pushbench.loadgen.compare.CalibrationStep;
import io.pushbench.loadgen.compare.ComparePlan;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CompareRunner;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.DurationText;
import io.pushbench.loadgen.compare.OrchestratorExecutor;
import io.pushbench.loadgen.compare.ProfileLoader;
import io.pushbench.loadgen.compare.ReportStep;
import io.pushbench.loadgen.compare.RunExecutor;
import io.pushbench.loadgen.compare.RunPlanner;
import io.pushbench.reports.Reports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code pushbench compare}: the one-command SSE vs WebSocket comparison. Builds the effective profile (default
 * {@code quick}, every value overridable by a flag), hands it to the load generator's
 * {@link CompareRunner}, which plans and runs it, and prints the runner's events through {@link CompareConsole}. The
 * results directory gets results.json, each run's raw files, console.log, summary.txt and the reports. Exit 0 when
 * the comparison completed and every run is valid, 1 when it was interrupted, a child crashed or a run is invalid, 2
 * on bad input.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare SSE and WebSocket on the same feed and load, fairly and repeatably.",
                "Without flags runs the 'quick' profile (about 3.5 minutes on 2 CPUs). Every profile makes 5 "
                        + "alternated runs per transport, the fewest that can call a difference at 99%% confidence. "
                        + "Profiles: quick, standard (thousands of connections), ci (small, for gating)."})
public final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--workload", paramLabel = "feed|llm", description = "feed (default): the push feed; llm: LLM "
            + "token streaming, exactly 'pushbench llm' with the other flags (see 'pushbench llm --help')")
    String workload = "feed";

    /** With {@code --workload llm}, the flags this command does not know go to {@code pushbench llm}. */
    @CommandLine.Unmatched
    List<String> unmatched = new java.util.ArrayList<>();

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

    @Option(names = "--protocols", paramLabel = "LIST", split = ",",
            description = "HTTP protocols to run every transport on: h1,h2 (h2 is h2c); arms are compared per protocol")
    List<String> protocols;

    @Option(names = {"--drivers", "--driver"}, paramLabel = "LIST", split = ",",
            description = "load generators to drive every transport with: gatling,jetty,browser (Gatling speaks h1 "
                    + "only: its h2 runs are skipped; browser: headless Chromium, h2 over TLS, docs/browser.md)")
    List<String> drivers;

    @Option(names = {"--scenario", "--scenarios"}, paramLabel = "LIST", split = ",",
            description = "reconnection scenarios, several allowed: steady, drop, restart, churn, slow, storm,"
                    + " six-connections (browser driver; docs/browser.md); each case is compared on its own (docs/scenarios.md; default: the profile's); capacity: exactly"
                    + " 'pushbench capacity' with the other flags (docs/capacity.md)")
    List<String> scenarios;

    @Option(names = "--variants", paramLabel = "LIST", split = ",",
            description = "server-side variants to run for every transport, each applied to both alike (known: plain, coalesce, writers1, writers2, pool-writers)")
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

    @Mixin
    PinningOptions placement = new PinningOptions();

    @Option(names = "--streams-per-connection", paramLabel = "N",
            description = "h2 only: subscribers multiplexed on one TCP connection (default 1)")
    Integer streamsPerConnection;

    @Option(names = "--no-calibrate", description = "skip the calibration step before the first run")
    boolean noCalibrate;

    @Option(names = "--out", paramLabel = "DIR",
            description = "results directory (default results/<yyyyMMdd-HHmmss>-<profile>); must be new or empty")
    Path out;

    @Option(names = "--no-report", description = "skip report.html / report.md")
    boolean noReport;

    @Option(names = "--dry-run", description = "print the effective profile and run order, run nothing")
    boolean dryRun;

    @Mixin
    LiveOptions live = new LiveOptions();

    /** The real calibration step: the brief calibration, its JVMs started and pinned as the comparison's. */
    static CalibrationStep briefCalibration() {
        return new BriefCalibration(p -> ChildJvm.launch(p, CpuPinning.decide(p, CpuPinning.tasksetAvailable(),
                Runtime.getRuntime().availableProcessors())));
    }

    private final RunExecutor executor;
    private final ReportStep reportStep;
    private final CalibrationStep calibration;

    /** The command as registered in {@link Main}: real orchestrator, real reports, the brief calibration. */
    public CompareCommand() {
        this(null, null, null);
    }

    /** For tests: a given executor, report step and calibration step (null = the real ones). */
    public CompareCommand(RunExecutor executor, ReportStep reportStep, CalibrationStep calibration) {
        this.executor = executor;
        this.reportStep = reportStep;
        this.calibration = calibration;
    }

    /** Builds the effective profile: built-in, then --profile-file, then flags. */
    CompareProfile effectiveProfile() {
        CompareProfile.Builder b = ProfileLoader.builtIn(profile);
        if (profileFile != null) {
            ProfileLoader.applyFile(b, profileFile);
        }
        if (repeats != null) b.repeats(repeats);
        if (transports != null) b.transports(transports);
        if (protocols != null) b.protocols(protocols);
        if (drivers != null) b.drivers(drivers);
        if (variants != null) b.variants(variants);
        if (scenarios != null) b.scenarios(scenarios);
        if (connections != null) b.connections(connections);
        if (rate != null) b.rate(rate);
        if (payload != null) b.payload(payload);
        if (ramp != null) b.ramp(DurationText.parse("--ramp", ramp));
        if (warmup != null) b.warmup(DurationText.parse("--warmup", warmup));
        if (duration != null) b.duration(DurationText.parse("--duration", duration));
        placement.applyTo(b);
        if (streamsPerConnection != null) b.streamsPerConnection(streamsPerConnection);
        if (noCalibrate) b.calibrate(false);
        return b.build();
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if ("llm".equalsIgnoreCase(workload.strip())) {
            return llm();
        }
        if (scenarios != null && scenarios.stream().anyMatch(c -> "capacity".equalsIgnoreCase(c.strip()))) {
            if (scenarios.size() != 1) {
                throw new UsageException("--scenario capacity runs alone (it is 'pushbench capacity'), was "
                        + String.join(",", scenarios));
            }
            return delegate("capacity", "--scenario", "--scenarios");
        }
        if (!"feed".equalsIgnoreCase(workload.strip())) {
            throw new UsageException("--workload must be feed or llm, was '" + workload + "'");
        }
        if (!unmatched.isEmpty()) {
            throw new UsageException("unknown option " + unmatched.get(0) + " (see 'pushbench compare --help')");
        }
        live.check();
        CompareProfile p = effectiveProfile();
        if (p.driverKeys().contains(io.pushbench.analysis.results.Driver.BROWSER.key())) {
            RunCommand.requireChromium();
            for (io.pushbench.loadgen.compare.RunGroup g : p.groups()) {
                if (g.driver() == io.pushbench.analysis.results.Driver.BROWSER && !g.scenario().browserOnly()) {
                    for (io.pushbench.wire.Transport t : p.transports()) {
                        io.pushbench.loadgen.browser.BrowserLayout.checkFits(p.connections(), t, g.protocol());
                    }
                }
            }
        }
        CpuPinning pinning = CpuPinning.decide(p, CpuPinning.tasksetAvailable(),
                Runtime.getRuntime().availableProcessors());
        Path dir = resultsDir(p);
        if (dryRun) {
            ComparePlan plan = RunPlanner.plan(p);
            stdout.println("profile " + p.name() + ": " + p.toConfigMap());
            plan.notes().forEach(stdout::println);
            stdout.println("order: " + String.join(", ", plan.order()));
            stdout.println(pinning.note());
            stdout.println("results would go to " + dir);
            stdout.flush();
            return 0;
        }
        Files.createDirectories(dir);
        Path home = Path.of(System.getProperty("pushbench.home", "."));
        RunExecutor ex = executor != null ? executor
                : new OrchestratorExecutor(List.of(Main.class.getName(), "server"));
        ReportStep reports = noReport ? ReportStep.NONE : reportStep != null ? reportStep : Reports::generate;

        // Ctrl-C / SIGTERM: interrupt this thread so the executor stops the children and the runner writes
        // results.json marked incomplete, and hold the JVM's exit until that is done.
        InterruptOnShutdown interrupt = executor == null   // tests with fakes interrupt the thread themselves
                ? InterruptOnShutdown.install("pushbench-compare-shutdown", 60) : null;
        try (ConsoleLog console = ConsoleLog.open(stdout, dir.resolve("console.log"), ConsoleLog.isTerminal());
             LiveSession page = live.open("compare", console::line)) {
            CompareRunner.Outcome o = CompareRunner.builder(p, dir).pinning(pinning).executor(ex)
                    .environment(environment(pinning, home)).listener(page.listener(new CompareConsole(console)))
                    .reports(reports)
                    .calibration(calibration != null ? calibration : briefCalibration()).build().run();
            return o.results().valid() ? 0 : Main.EXIT_NEGATIVE;
        } finally {
            if (interrupt != null) {
                interrupt.close();
            }
        }
    }

    /**
     * {@code compare --workload llm}: the same code as {@code pushbench llm}, given every argument but
     * {@code --workload}, with the same output and error conventions.
     */
    private int llm() {
        return delegate("llm", "--workload");
    }

    /**
     * Runs {@code pushbench <command>} with every argument of this command line but the {@code dropped} options
     * (and their values), with the same output and error conventions: {@code --workload llm} and
     * {@code --scenario capacity} are those commands.
     */
    private int delegate(String command, String... dropped) {
        // the live page is this command's own (llm and capacity have none): its flags are dropped too
        List<String> switches = List.of("--no-live");
        String[] withValues = Stream.concat(java.util.Arrays.stream(dropped), Stream.of("--live-port"))
                .toArray(String[]::new);
        List<String> args = new java.util.ArrayList<>(List.of(command));
        // the whole command line as typed: what follows this subcommand's name
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        outer:
        for (int i = original.indexOf(spec.name()) + 1; i < original.size(); i++) {
            String a = original.get(i);
            if (switches.contains(a)) {
                continue;
            }
            for (String d : withValues) {
                if (a.equals(d)) {
                    i++;
                    continue outer;
                }
                if (a.startsWith(d + "=")) {
                    continue outer;
                }
            }
            args.add(a);
        }
        CommandLine delegate = Main.commandLine();
        delegate.setOut(spec.commandLine().getOut());
        delegate.setErr(spec.commandLine().getErr());
        return delegate.execute(args.toArray(String[]::new));
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
}
