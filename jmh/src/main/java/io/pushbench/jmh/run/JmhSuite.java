package io.pushbench.jmh.run;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Runs the pushbench JMH suite: the code behind {@code pushbench jmh}, usable from tests and other tools.
 *
 * <pre>{@code
 * JmhSettings s = JmhSettings.builder().quick().include("FramingBenchmark").outDir(dir).build();
 * JmhSuite.Plan plan = JmhSuite.plan(s);                 // what would run, how long (fails on no match)
 * List<ResultRow> rows = JmhSuite.run(s, new PrintWriter(System.out, true));    // dir/jmh-results.json, dir/jmh-console.log
 * System.out.print(ResultTable.format(rows, JmhDefaults.MAX_RELATIVE_ERROR));
 * }</pre>
 *
 * <p>Always with the {@code gc} profiler (allocation per operation is half the story of a per-message cost) and
 * JMH's JSON result format, which is written to a temporary file and moved into place only when the whole run
 * succeeded, so {@code jmh-results.json} is never a partial run. Forks run the current JVM ({@code java.home}) with
 * the current class path, a fixed 1 GiB heap and no inherited JVM options, so a result does not depend on how the
 * host JVM was started. The benchmarks are found through the {@code META-INF/BenchmarkList} resource that JMH's
 * annotation processor writes into the jmh module's jar.
 */
public final class JmhSuite {
    /** Rough cost of starting and tearing down one forked JVM, for the duration estimate. */
    private static final Duration FORK_OVERHEAD = Duration.ofMillis(1500);

    private JmhSuite() {
    }

    /**
     * What a run would do.
     *
     * @param benchmarks     matching benchmark names (class.method), sorted
     * @param configurations benchmark x parameter combinations
     * @param estimate       expected wall time (iterations plus fork start-up; set-up time not included)
     */
    public record Plan(List<String> benchmarks, int configurations, Duration estimate) {
    }

    /**
     * Resolves the settings against the benchmark list.
     *
     * @throws IllegalArgumentException when nothing matches or a {@code --param} names no parameter of the
     *                                  selected benchmarks
     */
    public static Plan plan(JmhSettings s) {
        SortedSet<BenchmarkListEntry> entries = find(s);
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> paramNames = new TreeSet<>();
        int configurations = 0;
        for (BenchmarkListEntry e : entries) {
            names.add(e.getUsername());
            Map<String, String[]> declared = e.getParams().orElse(Map.of());
            paramNames.addAll(declared.keySet());
            int combos = 1;
            for (Map.Entry<String, String[]> p : declared.entrySet()) {
                List<String> override = s.params().get(p.getKey());
                combos *= override != null ? override.size() : p.getValue().length;
            }
            configurations += combos;
        }
        for (String p : s.params().keySet()) {
            if (!paramNames.contains(p)) {
                throw new IllegalArgumentException("--param " + p + " is not a parameter of the selected benchmarks"
                        + (paramNames.isEmpty() ? " (they take none)" : " (they take: " + String.join(", ", paramNames) + ")"));
            }
        }
        Duration perFork = s.warmupTime().multipliedBy(s.warmupIterations())
                .plus(s.measurementTime().multipliedBy(s.measurementIterations())).plus(FORK_OVERHEAD);
        return new Plan(List.copyOf(names), configurations, perFork.multipliedBy((long) configurations * s.forks()));
    }

    /**
     * Runs the selected benchmarks, writes {@code jmh-results.json} (JMH's JSON) and {@code jmh-console.log} into
     * {@link JmhSettings#outDir()}, prints one progress line per configuration to {@code console} (or all of
     * JMH's output when verbose), and returns the rows read back from the JSON file.
     *
     * @throws IllegalArgumentException as {@link #plan}
     * @throws RunnerException          when a benchmark fails (its stack trace is in the log file)
     */
    public static List<ResultRow> run(JmhSettings s, PrintWriter console) throws IOException, RunnerException {
        Plan plan = plan(s);
        Path dir = s.outDir().toAbsolutePath();
        Files.createDirectories(dir);
        Path partial = dir.resolve("." + JmhDefaults.RESULT_FILE + ".partial");
        Path result = dir.resolve(JmhDefaults.RESULT_FILE);
        Files.deleteIfExists(partial);
        console.printf(java.util.Locale.ROOT, "pushbench jmh: %d configurations (%d benchmarks) x %d fork(s), "
                        + "%d x %s warm-up, %d x %s measured; about %d min. Log: %s%n",
                plan.configurations(), plan.benchmarks().size(),
                s.forks(), s.warmupIterations(), seconds(s.warmupTime()), s.measurementIterations(),
                seconds(s.measurementTime()), Math.max(1, Math.round(plan.estimate().toSeconds() / 60.0)),
                dir.resolve(JmhDefaults.CONSOLE_LOG));
        console.println(machineLoad("at start", 0));
        console.flush();
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve(JmhDefaults.CONSOLE_LOG)), true,
                StandardCharsets.UTF_8)) {
            OutputFormat format;
            if (s.verbose()) {
                format = OutputFormatFactory.createFormatInstance(
                        new PrintStream(new Tee(log, console), true, StandardCharsets.UTF_8), VerboseMode.NORMAL);
            } else {
                format = new ProgressOutputFormat(OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL),
                        console, plan.configurations());
            }
            new Runner(options(s, partial), format).run();
        } catch (RunnerException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, result, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // the 1-min average at the end includes the benchmark's own thread, about 1.0
        console.println(machineLoad("at end", 1.0));
        console.flush();
        return JmhResults.read(result);
    }

    /**
     * One line on how busy the machine is: timings taken while other work competes for the CPUs are inflated and
     * scattered (allocation figures are not), and whoever reads the table should know.
     */
    static String machineLoad(String when, double ownLoad) {
        int cpus = Runtime.getRuntime().availableProcessors();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load < 0) {
            return "Machine " + when + ": " + cpus + " CPUs, load average unknown";
        }
        return String.format(java.util.Locale.ROOT, "Machine %s: %d CPUs, 1-min load average %.1f%s", when, cpus, load,
                load - ownLoad > 0.5 * cpus ? " (busy: timings will be inflated and noisy; allocation figures are unaffected)" : "");
    }

    /** The JMH options for {@code s}, writing JSON to {@code resultFile}. */
    static Options options(JmhSettings s, Path resultFile) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .forks(s.forks())
                .warmupIterations(s.warmupIterations())
                .warmupTime(time(s.warmupTime()))
                .measurementIterations(s.measurementIterations())
                .measurementTime(time(s.measurementTime()))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(resultFile.toString())
                // no inherited host options (surefire's, the launcher's): every fork starts the same way
                .jvmArgs()
                .jvmArgsAppend(forkJvmArgs(s).toArray(String[]::new));
        s.includes().forEach(b::include);
        s.excludes().forEach(b::exclude);
        s.params().forEach((k, v) -> b.param(k, v.toArray(String[]::new)));
        return b.build();
    }

    static List<String> forkJvmArgs(JmhSettings s) {
        List<String> args = new ArrayList<>(List.of(JmhDefaults.HEAP_MIN, JmhDefaults.HEAP_MAX));
        if (Runtime.version().feature() >= 23) {
            // JMH 1.37 reads field offsets through sun.misc.Unsafe; JDK 23+ warns about it on every fork (JEP 471).
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        args.addAll(s.jvmArgs());
        return args;
    }

    private static SortedSet<BenchmarkListEntry> find(JmhSettings s) {
        BenchmarkList list;
        try {
            list = BenchmarkList.defaultList();
        } catch (RuntimeException e) {
            throw new IllegalStateException("no JMH benchmark list on the class path (" + BenchmarkList.BENCHMARK_LIST
                    + "); is the pushbench-jmh jar there?", e);
        }
        SortedSet<BenchmarkListEntry> entries = list.find(
                OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT),
                s.includes(), s.excludes());
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches --include " + s.includes()
                    + (s.excludes().isEmpty() ? "" : " --exclude " + s.excludes()) + " (see 'pushbench jmh --list')");
        }
        return entries;
    }

    private static TimeValue time(Duration d) {
        return TimeValue.milliseconds(d.toMillis());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : (d.toMillis() / 1000.0) + " s";
    }

    /** Writes JMH's bytes to the log file and, line by line as UTF-8 text, to the console. */
    private static final class Tee extends OutputStream {
        private final OutputStream log;
        private final PrintWriter console;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);

        Tee(OutputStream log, PrintWriter console) {
            this.log = log;
            this.console = console;
        }

        @Override
        public void write(int x) throws IOException {
            log.write(x);
            line.write(x);
            if (x == '\n') {
                flushLine();
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(buf[i]);
            }
        }

        @Override
        public void flush() throws IOException {
            log.flush();
            console.flush();
        }

        private void flushLine() {
            console.print(line.toString(StandardCharsets.UTF_8));
            console.flush();
            line.reset();
        }
    }
}
