package io.pushbench.cli;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.ProfileLoader;
import io.pushbench.loadgen.calibrate.Calibrator;
import io.pushbench.loadgen.calibrate.Launch;
import io.pushbench.reports.model.CalibrationView;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code pushbench calibrate}: the instrument's calibration on this machine, in one run ({@link Calibrator}):
 * clock read cost, hiccups, the raw loopback floor, the bare reader per transport, the raw kernel fan-out rate,
 * each driver's floor and, when Chromium is installed, the browser driver's page clock. Pinned like {@code compare}. Prints a table and writes {@code calibration.json} (a results
 * file of kind "run" with no runs, whose {@code calibration} holds it) and the driver runs' files into
 * {@code --out}. Exit 0 when every step completed, 1 when one failed (each named in one line), 2 on bad input.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the instrument's floor on this machine: clock cost, hiccups, raw loopback latency, "
                + "a bare NIO reader of the real server, the kernel's fan-out rate and each driver's floor.",
                "Exit code: 0 every step completed, 1 a step failed (named), 2 bad input."})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "results directory (default results/<yyyyMMdd-HHmmss>-calibrate)")
    Path out;

    @Option(names = "--brief", description = "the ~30 s calibration compare runs (no driver runs unless --drivers)")
    boolean brief;

    @Option(names = "--drivers", paramLabel = "LIST", split = ",",
            description = "drivers to run through the harness: gatling, jetty, browser (its floor runs and the"
                    + " browser clock step; no load runs); 'none' for none (default: jetty,gatling, plus the browser"
                    + " clock step when Chromium is installed; with --brief: none)")
    List<String> drivers;

    @Option(names = "--protocols", paramLabel = "LIST", split = ",",
            description = "protocols of the driver runs: h1, h2 (default: both); a driver that cannot speak one "
                    + "is skipped")
    List<String> protocols;

    @Option(names = "--transports", paramLabel = "LIST", split = ",", description = "sse, ws (default: both)")
    List<String> transports;

    @Option(names = "--connections", paramLabel = "N",
            description = "connections of the CPU comparison (bare reader, drivers' load runs; default 1000)")
    Integer connections;

    @Option(names = "--rate", paramLabel = "MSG/S", description = "rate of the CPU comparison (default 4)")
    Double rate;

    @Option(names = "--payload", paramLabel = "BYTES", description = "message size (default 256)")
    Integer payload;

    @Mixin
    PinningOptions placement = new PinningOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Calibrator.Settings settings = settings();
        CompareProfile profile = placement.applyTo(ProfileLoader.builtIn("quick")).build();
        CpuPinning pinning = CpuPinning.decide(profile, CpuPinning.tasksetAvailable(),
                Runtime.getRuntime().availableProcessors());
        Path dir = out != null ? out : Path.of("results", LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-calibrate");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + " exists and is not a directory");
        }
        Files.createDirectories(dir);
        Launch launch = ChildJvm.launch(profile, pinning);
        o.println("pushbench calibrate: " + pinning.note() + "; results in " + dir);
        o.flush();
        Calibration c = new Calibrator(launch, dir, line -> {
            if (line.startsWith("calibrate: ")) {
                o.println(line);
                o.flush();
            }
        }).run(settings);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "calibrate");
        config.put("settings", settings.toConfigMap());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("taskset", CpuPinning.tasksetAvailable());
        extra.put("pinning", pinning.toMap());
        Environment env = Environment.detect(Path.of(System.getProperty("pushbench.home", "."))).withExtra(extra);
        Results results = new Results(Results.SCHEMA, Results.KIND_RUN, c.complete(), c.complete(), c.failures(),
                config, env, c.toMap(), List.of(), Map.of());
        Path file = dir.resolve("calibration.json");
        ResultsIO.write(file, results);
        o.println(table(c));
        for (String f : c.failures()) {
            o.println("calibration step failed: " + f);
        }
        o.println("calibration: " + file.toAbsolutePath());
        o.flush();
        return c.complete() ? 0 : Main.EXIT_NEGATIVE;
    }

    Calibrator.Settings settings() {
        Calibrator.Settings s = brief ? Calibrator.Settings.brief() : Calibrator.Settings.defaults();
        if (payload != null) s = s.withPayload(payload);
        if (connections != null || rate != null) {
            s = s.withLoad(connections != null ? connections : s.loadConnections(), rate != null ? rate : s.loadRate());
        }
        if (transports != null) s = s.withTransports(parse(transports, Transport::parse));
        if (protocols != null) s = s.withProtocols(parse(protocols, Protocol::parse));
        if (drivers != null) {
            List<Driver> d = drivers.size() == 1 && drivers.get(0).equalsIgnoreCase("none") ? List.of()
                    : parse(drivers, Driver::parse);
            if (d.contains(Driver.IN_MEMORY)) {
                throw new UsageException("the " + Driver.IN_MEMORY.key() + " driver runs in tests only");
            }
            // the browser clock is the browser driver's calibration: asked for with it, left out without it
            s = s.withDrivers(d, !brief).withBrowserClock(d.contains(Driver.BROWSER));
        }
        return s;
    }

    /** The calibration as the console shows it: the report's figure rows, one line each. */
    public static String table(Calibration c) {
        StringBuilder b = new StringBuilder(System.lineSeparator()).append(CalibrationView.setup(c))
                .append(System.lineSeparator());
        for (CalibrationView.FigureRow r : CalibrationView.figureRows(c)) {
            b.append(String.format(Locale.ROOT, "  %-62s %18s  %s%n", r.figure(), r.value(), r.ratio()));
        }
        return b.toString().stripTrailing();
    }

    private static <T> List<T> parse(List<String> names, Function<String, T> parser) {
        List<T> out = new ArrayList<>();
        for (String n : names) {
            T v = parser.apply(n);
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
