package io.pushbench.cli;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.loadgen.calibrate.Calibrator;
import io.pushbench.loadgen.calibrate.KernelFanout;
import io.pushbench.loadgen.capacity.Axis;
import io.pushbench.loadgen.capacity.CapacityObjective;
import io.pushbench.loadgen.capacity.CapacityRecord;
import io.pushbench.loadgen.capacity.CapacityResult;
import io.pushbench.loadgen.capacity.CapacitySearch;
import io.pushbench.loadgen.capacity.ConnectionCosts;
import io.pushbench.loadgen.capacity.FanoutFloor;
import io.pushbench.loadgen.capacity.IdleConnectionCost;
import io.pushbench.loadgen.capacity.IdleCost;
import io.pushbench.loadgen.capacity.OrchestratedStepRunner;
import io.pushbench.loadgen.capacity.StepMeasurement;
import io.pushbench.loadgen.capacity.StepRunner;
import io.pushbench.loadgen.compare.BriefCalibration;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.ProfileLoader;
import io.pushbench.loadgen.compare.Variants;
import io.pushbench.loadgen.core.Durations;
import io.pushbench.loadgen.run.RunOrchestrator;
import io.pushbench.loadgen.run.RunSpec;
import io.pushbench.reports.Reports;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pushbench capacity} (also {@code pushbench compare --scenario capacity}): for each transport, a stepped
 * search of the offered load on one axis until the objective breaks or a step turns invalid, the transports searched
 * alternately with identical settings (per server variant, with {@code --variants}), each followed on its warm
 * server by the idle-connection measurement ({@code --no-idle} skips it) and, with the calibration, by one more kernel
 * fan-out measurement (the floor is their median, {@link FanoutFloor}); writes {@code capacity-results.json} and the
 * report (report.md, report.html: the capacity section), and prints one line per step, a table and one sentence per
 * transport and variant. docs/capacity.md.
 *
 * <pre>{@code
 * pushbench capacity                                  # quick: rate axis at 1,000 connections, SSE and WS, h1
 * pushbench capacity --axis connections --rate 10 --slo-p99 20ms --out results/cap
 * }</pre>
 *
 * <p>Exit codes: 0 every search ended on the server (a capacity, or every step within the objective), 1 a search
 * stopped on the instrument or ran out of budget, 2 bad input.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"How much each transport carries on this machine within a latency objective: a stepped search "
                + "of the offered load (rate at fixed connections, or connections at a fixed rate) on one warm "
                + "server, the capacity confirmed on a fresh one, then what an idle connection costs that server. "
                + "The quick size takes about 5 to 6 minutes on 2 CPUs."})
public final class CapacityCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", paramLabel = "quick|standard", description = "defaults for the step and the budget: "
            + "quick (default; 4 s windows, 10 steps per transport) or standard (10 s windows, 14 steps)")
    String size = "quick";

    @Option(names = "--transports", paramLabel = "LIST", split = ",", description = "transports, searched "
            + "alternately: sse,ws (default)")
    List<String> transports = List.of("sse", "ws");

    @Option(names = "--protocol", paramLabel = "h1|h2", description = "HTTP protocol (default h1)")
    String protocol = "h1";

    @Option(names = "--driver", paramLabel = "NAME", description = "load generator (default jetty)")
    String driver = "jetty";

    @Option(names = "--axis", paramLabel = "rate|connections", description = "what the search raises (default rate)")
    String axis = "rate";

    @Option(names = "--connections", paramLabel = "N", description = "connections, fixed on the rate axis "
            + "(default 1000)")
    Integer connections;

    @Option(names = "--rate", paramLabel = "MSG/S", description = "messages per second to every connection, fixed "
            + "on the connections axis (default 10)")
    Double rate;

    @Option(names = "--start", paramLabel = "LOAD", description = "the first step's load, well below the knee "
            + "(default 10 msg/s on the rate axis, 100 connections on the other)")
    Double start;

    @Option(names = "--payload", paramLabel = "BYTES", description = "payload size (default 256)")
    int payload = 256;

    @Option(names = "--slo-p99", paramLabel = "DURATION", description = "the p99 objective (default 50ms); nothing "
            + "lost and 99%% of the owed messages delivered are also held")
    String sloP99 = "50ms";

    @Option(names = "--step", paramLabel = "DURATION", description = "each step's measured window (quick 4s, "
            + "standard 10s); a ramp and a warm-up of at least the p99 limit and at least 3s come before it")
    String step;

    @Option(names = "--max-steps", paramLabel = "N", description = "most steps per search, confirmation included "
            + "(quick 10, standard 14)")
    Integer maxSteps;

    @Option(names = "--max-time", paramLabel = "DURATION", description = "most time per search, confirmation "
            + "included, counted in steps of ramp + warm-up + window + drain (quick 3m, standard 6m)")
    String maxTime;

    @Option(names = "--resolution", paramLabel = "SHARE", description = "stop bisecting when (broken - ok) / ok is at "
            + "most this (quick 0.1, standard 0.05)")
    Double resolution;

    @Option(names = "--repeats", paramLabel = "N", description = "searches per transport, alternated (default 1)")
    int repeats = 1;

    @Option(names = "--variants", paramLabel = "LIST", split = ",", description = "server-side variants, each "
            + "searched for every transport (default plain; known: see pushbench compare --help)")
    List<String> variants = List.of("plain");

    @Option(names = "--no-calibrate", description = "skip the brief calibration and the kernel fan-out measured "
            + "again after each search (then no fan-out floor ratio)")
    boolean noCalibrate;

    @Option(names = "--no-idle", description = "skip the idle-connection measurement after each search (about 20 s "
            + "each: the search's connections held open with nothing sent, against none, on its warm server)")
    boolean noIdle;

    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default "
            + "results/<yyyyMMdd-HHmmss>-capacity); must be new or empty")
    Path out;

    @Mixin
    PinningOptions placement = new PinningOptions();

    /** Everything the flags say, validated. */
    record Settings(List<Transport> transports, Protocol protocol, Driver driver, Axis axis, int connections,
                    double rate, double start, CapacityObjective objective, Duration ramp, Duration warmup,
                    Duration window, Duration drain, int maxSteps, Duration maxTime, double resolution, int repeats,
                    List<Variants.Definition> variants, Duration idleWindow) {
        /** Whether each search is followed by the idle-connection measurement ({@code idleWindow} not null). */
        boolean measuresIdle() {
            return idleWindow != null;
        }

        /** What one step takes, its JVM start included: the search's time budget counts these. */
        Duration stepTime() {
            return ramp.plus(warmup).plus(window).plus(drain).plusSeconds(STEP_OVERHEAD_S);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("transports", transports.stream().map(Transport::key).toList());
            m.put("protocol", protocol.key());
            m.put("driver", driver.key());
            m.put("axis", axis.key());
            m.put("connections", axis == Axis.RATE ? connections : null);
            m.put("rate", axis == Axis.CONNECTIONS ? rate : null);
            m.put("start", start);
            m.put("sloP99", Durations.format(objective.p99Limit()));
            m.put("sloP99Us", objective.p99LimitMicros());
            m.put("maxLost", objective.maxLost());
            m.put("minDeliveredShare", objective.minDeliveredShare());
            m.put("ramp", Durations.format(ramp));
            m.put("warmup", Durations.format(warmup));
            m.put("step", Durations.format(window));
            m.put("drain", Durations.format(drain));
            m.put("maxSteps", maxSteps);
            m.put("maxTime", Durations.format(maxTime));
            m.put("resolution", resolution);
            m.put("repeats", repeats);
            m.put("variants", variants.stream().map(v -> v.variant().name()).toList());
            m.put("idleWindow", idleWindow == null ? null : Durations.format(idleWindow));
            return m;
        }
    }

    /** The shortest measured window that reliably holds the two /metrics polls its server figures difference. */
    static final Duration MIN_STEP = Duration.ofSeconds(3);

    /**
     * Each window of the idle-connection measurement (without connections, then with them idle): 5 s holds four or
     * five of the once-a-second /metrics polls, and the whole measurement stays near 20 s a search.
     */
    static final Duration IDLE_WINDOW = Duration.ofSeconds(5);

    /** Seconds a step spends beyond its phases: starting the load generator's JVM, writing its files. */
    static final int STEP_OVERHEAD_S = 2;

    Settings settings() {
        boolean quick = switch (size.toLowerCase(Locale.ROOT)) {
            case "quick" -> true;
            case "standard" -> false;
            default -> throw new UsageException("--size must be quick or standard, was '" + size + "'");
        };
        if (transports.isEmpty()) {
            throw new UsageException("--transports needs at least one of sse, ws");
        }
        List<Transport> ts = transports.stream().map(t -> Transport.parse(t.strip())).distinct().toList();
        Protocol p = Protocol.parse(protocol.strip());
        Driver d = Driver.parse(driver.strip());
        Axis a = Axis.parse(axis.strip());
        if (connections != null && (connections < 1 || connections > RunSpec.MAX_CONNECTIONS)) {
            throw new UsageException("--connections must be 1.." + RunSpec.MAX_CONNECTIONS + ", was " + connections);
        }
        if (rate != null && !(rate > 0 && rate <= 100_000)) {
            throw new UsageException("--rate must be > 0 and <= 100000 msg/s, was " + rate);
        }
        if (a == Axis.CONNECTIONS && connections != null) {
            throw new UsageException("--connections is what the connections axis searches; give --start instead");
        }
        if (a == Axis.RATE && rate != null) {
            throw new UsageException("--rate is what the rate axis searches; give --start instead");
        }
        double s = start != null ? start : a == Axis.RATE ? 10 : 100;
        if (!(s > 0) || (a == Axis.CONNECTIONS && (s != Math.rint(s) || s > RunSpec.MAX_CONNECTIONS))
                || (a == Axis.RATE && s > 100_000)) {
            throw new UsageException("--start must be a load on the " + a.key() + " axis ("
                    + (a == Axis.RATE ? "0 < msg/s <= 100000" : "1.." + RunSpec.MAX_CONNECTIONS + " connections")
                    + "), was " + s);
        }
        CapacityObjective objective = CapacityObjective.p99(sloP99);
        Duration window = step != null ? Durations.parse(step) : Duration.ofSeconds(quick ? 4 : 10);
        if (window.compareTo(MIN_STEP) < 0) {
            throw new UsageException("--step must be at least " + Durations.format(MIN_STEP) + " (the server's"
                    + " /metrics is polled once a second, and a window needs two polls inside it), was " + step);
        }
        // The warm-up holds at least the p99 limit (the window's first messages are owed from its start, and a
        // server within the objective still delivers them up to the limit late), and at least the run's minimum for
        // reading the loaded heap, whose forced collections must end before the window.
        Duration warmup = max(RunOrchestrator.HEAP_PROBE_MIN_WARMUP, objective.p99Limit());
        Duration ramp = Duration.ofSeconds(2);
        Duration drain = Duration.ofSeconds(2);
        int steps = maxSteps != null ? maxSteps : quick ? 10 : 14;
        Duration time = maxTime != null ? Durations.parse(maxTime) : Duration.ofMinutes(quick ? 3 : 6);
        double res = resolution != null ? resolution : quick ? 0.1 : 0.05;
        if (repeats < 1 || repeats > 20) {
            throw new UsageException("--repeats must be 1..20, was " + repeats);
        }
        if (variants == null || variants.isEmpty()) {
            throw new UsageException("--variants needs at least one variant");
        }
        List<Variants.Definition> vs;
        try {
            vs = variants.stream().map(v -> Variants.require(v.strip())).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--variants: " + e.getMessage());
        }
        return new Settings(ts, p, d, a, connections != null ? connections : 1000, rate != null ? rate : 10, s,
                objective, ramp, warmup, window, drain, steps, time, res, repeats, vs, noIdle ? null : IDLE_WINDOW);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        Settings s = settings();
        CapacitySearch search = CapacitySearch.builder(s.axis()).objective(s.objective()).startLoad(s.start())
                .resolution(s.resolution()).maxLoad(s.axis() == Axis.RATE ? 100_000 : RunSpec.MAX_CONNECTIONS)
                .stepDuration(s.stepTime()).maxSteps(s.maxSteps()).maxTotalTime(s.maxTime()).build();
        CompareProfile profile = placement.applyTo(ProfileLoader.builtIn("quick"))
                .connections(s.axis() == Axis.RATE ? s.connections() : (int) s.start())
                .rate(s.axis() == Axis.RATE ? s.start() : s.rate()).payload(payload)
                .transports(s.transports().stream().map(Transport::key).toList()).build();
        CpuPinning pinning = CpuPinning.decide(profile, CpuPinning.tasksetAvailable(),
                Runtime.getRuntime().availableProcessors());
        Path dir = out != null ? out : Path.of("results", LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-capacity");
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("--out " + dir + " is not empty (each search needs its own directory)");
                }
            }
        } else if (Files.exists(dir)) {
            throw new UsageException("--out " + dir + " is a file, not a directory");
        }
        Files.createDirectories(dir);
        long started = System.nanoTime();
        stdout.println("pushbench capacity: " + s.axis().key() + " axis, " + fixedText(s) + ", from "
                + CapacityRecord.group(s.start()) + " " + s.axis().unit() + ", objective p99 <= "
                + Durations.format(s.objective().p99Limit()) + ", nothing lost; steps of "
                + Durations.format(s.window()) + " (+ " + Durations.format(s.ramp()) + " ramp, "
                + Durations.format(s.warmup()) + " warm-up), at most " + search.stepBudget() + " per search; "
                + pinning.note());
        stdout.flush();

        Map<String, Object> calibration = null;
        FanoutFloor floor = FanoutFloor.NONE;
        Calibration.KernelFanout fanout = null;   // the calibration's: each later measurement repeats its settings
        Duration fanoutDuration = BriefCalibration.settings(profile).fanoutDuration();
        if (!noCalibrate) {
            stdout.println("calibrating (about 30 s) ...");
            stdout.flush();
            try {
                Calibration c = new Calibrator(ChildJvm.launch(profile, pinning), dir.resolve("calibration"),
                        line -> { }).run(BriefCalibration.settings(profile));
                calibration = c.toMap();
                fanout = c.kernelFanout();
                if (fanout != null) {
                    floor = floor.plus(fanout.writesPerSec());
                    stdout.println(String.format(Locale.ROOT, "kernel fan-out: %s writes/s over %d sockets (measured"
                            + " again after each search; the floor is the median)",
                            CapacityRecord.group(fanout.writesPerSec()), fanout.connections()));
                }
            } catch (RuntimeException e) {
                calibration = Map.of("error", String.valueOf(e.getMessage()));
                stdout.println("calibration failed: " + e.getMessage() + " (no fan-out floor ratio)");
            }
        }

        String java = ChildJvm.java();
        String cp = ChildJvm.classpath();
        Map<Arm, List<CapacityResult>> results = new LinkedHashMap<>();
        for (Variants.Definition v : s.variants()) {
            s.transports().forEach(t -> results.put(new Arm(t, s.protocol(), v), new ArrayList<>()));
        }
        for (int repeat = 1; repeat <= s.repeats(); repeat++) {
            for (Variants.Definition v : s.variants()) {
                List<Transport> order = new ArrayList<>(s.transports());
                if (repeat % 2 == 0) {
                    Collections.reverse(order);   // A B, B A, ...: neither transport always runs first
                }
                for (Transport t : order) {
                    Arm arm = new Arm(t, s.protocol(), v);
                    stdout.println(arm.who() + " (search " + repeat + " of " + s.repeats() + "):");
                    stdout.flush();
                    RunSpec template = RunSpec.builder().transport(t).protocol(s.protocol()).driver(s.driver())
                            .variant(v.variant()).repeat(repeat).connections(s.connections()).rate(s.rate())
                            .payloadBytes(payload).ramp(s.ramp()).warmup(s.warmup()).duration(s.window())
                            .drain(s.drain()).outDir(dir.resolve("runs")).serverCommand(ChildJvm.serverCommand(java,
                                    profile.serverJvmArgs(), cp)).serverArgs(v.serverFlags())
                            .javaCommand(java).classpath(cp).serverCpus(pinning.serverCpus())
                            .loadgenCpus(pinning.loadgenCpus()).serverJvmArgs(profile.serverJvmArgs())
                            .loadgenJvmArgs(profile.loadgenJvmArgs()).build();
                    String label = t.key() + "-" + s.protocol().key() + (v.variant().isPlain() ? ""
                            : "-" + v.variant().name()) + "-" + repeat;
                    try (OrchestratedStepRunner steps = new OrchestratedStepRunner(s.axis(), template, label,
                            line -> { })) {
                        CapacityResult r = search.run(printing(stdout, s, "step", steps.warm()),
                                printing(stdout, s, "confirm", steps.fresh()));
                        stdout.println("  " + r.stop() + ": " + r.stopReason());
                        stdout.flush();
                        r = r.withIdle(idle(stdout, s, steps));
                        results.get(arm).add(r);
                    }
                    if (fanout != null) {
                        // no server runs between searches: the floor is measured again as the machine is now
                        floor = remeasure(stdout, floor, fanout, fanoutDuration);
                    }
                }
            }
        }

        for (Map.Entry<Arm, List<CapacityResult>> e : results.entrySet()) {
            stdout.println();
            stdout.println(e.getKey().who() + ":");
            for (CapacityResult r : e.getValue()) {
                table(stdout, s, r);
            }
        }
        stdout.println();
        stdout.println(floor.describe());
        Map<String, Object> record = record(s, results, floor);
        record.put("environment", Environment.detect(Path.of(System.getProperty("pushbench.home", ".")))
                .withExtra(Map.of("cpuPinning", pinning.toMap())));
        record.put("calibration", calibration);
        record.put("wallSeconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        Path file = dir.resolve(CAPACITY_FILE);
        ResultsIO.writeJson(file, record);
        stdout.println();
        printAnswers(stdout, record);
        stdout.println(String.format(Locale.ROOT, "wrote %s (%.0f s)", file, (System.nanoTime() - started) / 1e9));
        try {
            Reports.generate(dir).stream().limit(2).forEach(p -> stdout.println("report: " + p));
        } catch (IOException e) {
            // the searches' results are written: a report that cannot be rendered must not lose them
            stdout.println("report not written: " + e.getMessage() + " (pushbench report " + dir + " retries)");
        }
        stdout.flush();
        boolean allOnServer = results.values().stream().flatMap(List::stream).allMatch(r ->
                r.stop() == CapacityResult.Stop.FOUND || r.stop() == CapacityResult.Stop.MAX_LOAD_OK);
        return allOnServer ? 0 : Main.EXIT_NEGATIVE;
    }

    /** The results file's name: what {@code pushbench report} looks for. */
    static final String CAPACITY_FILE = "capacity-results.json";

    /** One searched configuration: a transport over a protocol with a server variant. */
    record Arm(Transport transport, Protocol protocol, Variants.Definition variant) {
        /** "SSE h1", "SSE h1 coalesce": the name the console, the file and the reports use. */
        String who() {
            return CapacityCommand.who(transport, protocol) + (variant.variant().isPlain() ? ""
                    : " " + variant.variant().name());
        }
    }

    /**
     * The record {@code capacity-results.json} holds, less what only a real run knows (environment, calibration,
     * wall time): schema, config, the floor (its median, which every ratio uses, and its measurements), per arm its
     * searches and spread, and the answers, one {@link CapacityRecord#sentence} per search in arm order.
     */
    static Map<String, Object> record(Settings s, Map<Arm, List<CapacityResult>> results, FanoutFloor fanoutFloor) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema", CapacityRecord.SCHEMA);
        record.put("config", s.toMap());
        record.put("environment", null);
        record.put("calibration", null);
        double floor = fanoutFloor.perSec();   // the median: the one floor every ratio and sentence uses
        record.put("kernelFanoutFloorPerSec", Double.isFinite(floor) ? floor : null);
        record.put("kernelFanoutFloor", CapacityRecord.floor(fanoutFloor));
        List<Map<String, Object>> perArm = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (Map.Entry<Arm, List<CapacityResult>> e : results.entrySet()) {
            Arm arm = e.getKey();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("transport", arm.transport().key());
            m.put("protocol", arm.protocol().key());
            m.put("variant", arm.variant().variant().name());
            m.put("who", arm.who());
            List<Map<String, Object>> searches = new ArrayList<>();
            for (CapacityResult r : e.getValue()) {
                Map<String, Object> one = CapacityRecord.search(r, floor);
                String answer = CapacityRecord.sentence(arm.who(), r, fixedText(s), floor);
                one.put("answer", answer);
                searches.add(one);
                sentences.add(answer);
            }
            m.put("searches", searches);
            m.put("capacitySpread", CapacityRecord.spread(e.getValue()));
            perArm.add(m);
        }
        record.put("transports", perArm);
        record.put("answers", sentences);
        return record;
    }

    /** The verdict on the console: the record's answers, exactly as stored and as the reports print them. */
    static void printAnswers(PrintWriter out, Map<String, Object> record) {
        for (Object line : (List<?>) record.get("answers")) {
            out.println(line);
        }
    }

    /**
     * The idle-connection measurement after a search, on its warm server ({@link OrchestratedStepRunner#idle}), or
     * "not measured" with why ({@code --no-idle}); printed in one line either way.
     */
    private static IdleConnectionCost idle(PrintWriter out, Settings s, OrchestratedStepRunner steps) {
        IdleConnectionCost idle;
        if (s.measuresIdle()) {
            out.println("  idle connections: " + CapacityRecord.group(s.connections()) + " open with nothing sent, "
                    + Durations.format(s.idleWindow()) + " windows ...");
            out.flush();
            idle = steps.idle(s.idleWindow());
        } else {
            idle = IdleConnectionCost.notMeasured(s.connections(), OrchestratedStepRunner.IDLE_RATE, 0,
                    "skipped (--no-idle)");
        }
        out.println("  " + idle.describe());
        out.flush();
        return idle;
    }

    /** One more kernel fan-out measurement with the calibration's sockets, payload and length. */
    private static FanoutFloor remeasure(PrintWriter out, FanoutFloor floor, Calibration.KernelFanout like,
                                         Duration duration) throws InterruptedException {
        try {
            Calibration.KernelFanout f = KernelFanout.measure(like.connections(), like.payloadBytes(), duration);
            out.println("kernel fan-out again: " + CapacityRecord.group(f.writesPerSec()) + " writes/s");
            out.flush();
            return floor.plus(f.writesPerSec());
        } catch (java.io.IOException | RuntimeException e) {
            out.println("kernel fan-out not measured again: " + e.getMessage());
            out.flush();
            return floor;
        }
    }

    /** Prints one line per step as it runs. */
    private static StepRunner printing(PrintWriter out, Settings s, String what, StepRunner inner) {
        return load -> {
            StepMeasurement m = inner.run(load);
            CapacityObjective.Judgement j = s.objective().judge(m);
            out.println(String.format(Locale.ROOT, "  %-7s %10s %-11s delivered %9s/s of %9s/s  p50 %8s p99 %8s"
                            + " p99.9 %8s ms  lost %d  server %s cores  %s", what, CapacityRecord.group(load),
                    s.axis().unit(), CapacityRecord.group(m.deliveredPerSecond()),
                    CapacityRecord.group(m.owedPerSecond()), ms(m.p50Micros()), ms(m.p99Micros()),
                    ms(m.p999Micros()), m.lost(), Double.isNaN(m.serverCpuCores()) ? "?"
                            : String.format(Locale.ROOT, "%.2f", m.serverCpuCores()), j));
            out.flush();
            return m;
        };
    }

    private static void table(PrintWriter out, Settings s, CapacityResult r) {
        out.println(String.format(Locale.ROOT, "  %-7s %10s %12s %12s %9s %9s %9s %8s %7s %6s  %s", "phase",
                s.axis().unit(), "deliv/s", "owed/s", "p50 ms", "p99 ms", "p99.9 ms", "lost", "cores", "cpu µs",
                "judgement"));
        List<io.pushbench.loadgen.capacity.CapacityPoint> all = new ArrayList<>(r.points());
        if (r.confirmation() != null) {
            all.add(r.confirmation());
        }
        for (var p : all) {
            StepMeasurement m = p.measurement();
            double us = m.serverObserved() && m.serverDeliveriesPerSecond() > 0
                    ? m.serverCpuCores() / m.serverDeliveriesPerSecond() * 1e6 : Double.NaN;
            out.println(String.format(Locale.ROOT, "  %-7s %10s %12s %12s %9s %9s %9s %8d %7s %6s  %s",
                    p.phase().name().toLowerCase(Locale.ROOT), CapacityRecord.group(p.load()),
                    CapacityRecord.group(m.deliveredPerSecond()), CapacityRecord.group(m.owedPerSecond()),
                    ms(m.p50Micros()), ms(m.p99Micros()), ms(m.p999Micros()), m.lost(),
                    Double.isNaN(m.serverCpuCores()) ? "?" : String.format(Locale.ROOT, "%.2f", m.serverCpuCores()),
                    Double.isNaN(us) ? "?" : String.format(Locale.ROOT, "%.1f", us), p.judgement()));
        }
        r.marginalCost().ifPresent(c -> out.println(String.format(Locale.ROOT,
                "  marginal server CPU %.2f µs per delivery (fixed %.2f cores, R² %.3f over %d steps)",
                c.microsPerDelivery(), c.interceptCores(), c.rSquared(), c.points())));
        String knee = r.knee().bendLoad() == null ? "no bend" : "p99 doubled by " + CapacityRecord.group(
                r.knee().bendLoad()) + " " + s.axis().unit();
        String crossing = r.knee().crossingLoad() == null ? "" : "; p99 reaches the objective at ~"
                + CapacityRecord.group(r.knee().crossingLoad()) + " " + s.axis().unit();
        out.println("  knee: " + knee + crossing);
        ConnectionCosts c = ConnectionCosts.of(r);
        String underLoad = c.idle().map(i -> i.method() == IdleCost.Method.SLOPE
                ? String.format(Locale.ROOT, "%.1f µs/s (slope at the fixed rate, R² %.3f)", i.cpuMicrosPerSecond(),
                        i.rSquared())
                : String.format(Locale.ROOT, "<= %.1f µs/s (at the lowest load, deliveries included)",
                        i.cpuMicrosPerSecond())).orElse("?");
        out.println("  under load: " + (Double.isNaN(c.bytesPerDelivery()) ? "?" : String.format(Locale.ROOT,
                "%.1f", c.bytesPerDelivery())) + " B on the wire per delivery, " + (Double.isNaN(
                c.heapPerConnectionBytes()) ? "?" : CapacityRecord.group(c.heapPerConnectionBytes()))
                + " B heap per connection, CPU per open connection " + underLoad);
        c.idleConnection().ifPresent(i -> out.println("  " + i.describe()));
    }

    private static String fixedText(Settings s) {
        return s.axis() == Axis.RATE ? CapacityRecord.group(s.connections()) + " connections"
                : CapacityRecord.group(s.rate()) + " msg/s";
    }

    private static String who(Transport t, Protocol p) {
        return t.key().toUpperCase(Locale.ROOT) + " " + p.key();
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000);
    }
}
