package io.pushbench.cli;

import io.pushbench.jmh.run.JmhDefaults;
import io.pushbench.jmh.run.JmhSettings;
import io.pushbench.jmh.run.JmhSuite;
import io.pushbench.jmh.run.ResultRow;
import io.pushbench.jmh.run.ResultTable;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code pushbench jmh}: the per-message cost microbenchmarks (jmh module) run through JMH with the gc profiler;
 * writes {@code OUT/jmh-results.json} (JMH's JSON) and {@code OUT/jmh-console.log}, and prints a summary table.
 *
 * <pre>
 * pushbench jmh --quick                                  # smoke run of everything, a few minutes
 * pushbench jmh --include Fanout --param transport=ws    # one class, one parameter value
 * pushbench jmh --out results/run-1/jmh                  # the default settings, about 80 minutes
 * </pre>
 *
 * Exit codes: 0 when the run completed (results with a wide error are flagged in the table, not failed: judging
 * them is {@code pushbench gate}'s job), 1 when a benchmark failed, 2 for bad input (a bad regex, a selection
 * that matches nothing, an unknown parameter).
 */
@Command(name = "jmh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the JMH per-message cost benchmarks (SSE vs WebSocket framing, JSON, UTF-8, compression,",
                "parsing, fan-out) with the gc profiler; write OUT/" + JmhDefaults.RESULT_FILE + " and print a table.",
                "Defaults: " + JmhDefaults.FORKS + " forks, " + JmhDefaults.WARMUP_ITERATIONS + " x 1 s warm-up, "
                        + JmhDefaults.MEASUREMENT_ITERATIONS + " x 2 s measured (see docs/jmh.md)."})
public final class JmhCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Smoke run: 1 fork, 1 warm-up and 2 measured iterations of 0.5 s.")
    boolean quick;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "Run benchmarks whose name matches REGEX (found anywhere in the full name); repeatable.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Skip benchmarks matching REGEX; repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--param", paramLabel = "NAME=V1[,V2...]",
            description = "Restrict a @Param, e.g. payloadBytes=256 or subscribers=1,100; repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/jmh",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--forks", paramLabel = "N", description = "Forked JVMs per configuration.")
    Integer forks;

    @Option(names = "--warmup-iterations", paramLabel = "N", description = "Warm-up iterations per fork.")
    Integer warmupIterations;

    @Option(names = "--warmup-time", paramLabel = "TIME", converter = Converters.DurationConverter.class,
            description = "Warm-up iteration length, e.g. 1s or 500ms.")
    Duration warmupTime;

    @Option(names = "--iterations", paramLabel = "N", description = "Measured iterations per fork.")
    Integer iterations;

    @Option(names = "--time", paramLabel = "TIME", converter = Converters.DurationConverter.class,
            description = "Measured iteration length, e.g. 2s.")
    Duration time;

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "Extra JVM argument for the forks; repeatable.")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--list", description = "List the selected benchmarks and the run's size and duration; run nothing.")
    boolean list;

    @Option(names = {"-v", "--verbose"}, description = "Echo JMH's full output (it always goes to the log file).")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        JmhSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        JmhSuite.Plan plan = JmhSuite.plan(settings);
        if (list) {
            plan.benchmarks().forEach(out::println);
            out.printf(Locale.ROOT, "%d benchmarks, %d configurations x %d fork(s): about %d min%n",
                    plan.benchmarks().size(), plan.configurations(), settings.forks(),
                    Math.max(1, Math.round(plan.estimate().toSeconds() / 60.0)));
            out.flush();
            return 0;
        }
        List<ResultRow> rows;
        try {
            rows = JmhSuite.run(settings, out);
        } catch (RunnerException e) {
            // JMH reports a failed benchmark with its exception as the cause, and refusals (another run holds
            // /tmp/jmh.lock) with a message of its own.
            Throwable cause = e.getCause();
            String why = cause != null ? "a benchmark failed: " + firstLine(cause.getMessage(), cause)
                    : "JMH did not run: " + firstLine(e.getMessage(), e);
            spec.commandLine().getErr().println("pushbench: jmh: " + why + " (log: "
                    + settings.outDir().resolve(JmhDefaults.CONSOLE_LOG) + ")");
            return Main.EXIT_NEGATIVE;
        }
        out.println();
        out.print(ResultTable.format(rows, JmhDefaults.MAX_RELATIVE_ERROR));
        out.println("Results: " + settings.outDir().resolve(JmhDefaults.RESULT_FILE));
        out.flush();
        return 0;
    }

    private static String firstLine(String message, Throwable t) {
        String line = message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty())
                .findFirst().orElse("");
        return line.isEmpty() ? t.getClass().getSimpleName() : line;
    }

    JmhSettings settings() {
        JmhSettings.Builder b = JmhSettings.builder();
        if (quick) {
            b.quick();
        }
        JmhSettings base = b.build();
        if (forks != null) {
            b.forks(forks);
        }
        if (warmupIterations != null || warmupTime != null) {
            b.warmup(warmupIterations != null ? warmupIterations : base.warmupIterations(),
                    warmupTime != null ? warmupTime : base.warmupTime());
        }
        if (iterations != null || time != null) {
            b.measurement(iterations != null ? iterations : base.measurementIterations(),
                    time != null ? time : base.measurementTime());
        }
        includes.forEach(b::include);
        excludes.forEach(b::exclude);
        params.forEach(b::param);
        jvmArgs.forEach(b::jvmArg);
        return b.outDir(out).verbose(verbose).build();
    }

}
