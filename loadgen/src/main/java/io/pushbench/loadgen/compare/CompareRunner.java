package io.pushbench.cli.compare;

import io.pushbench.loadgen.run.RunListener;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.ComparisonJson;
import io.pushbench.analysis.verdict.Comparisons;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a comparison: executes the plan run by run (fresh server JVM each time, transports in A B B A order),
 * rewrites results.json after every run so that a killed comparison still leaves its finished runs on disk, then
 * summarises, prints the table and verdict, and asks for the reports.
 *
 * <pre>{@code
 * CompareRunner.Outcome o = new CompareRunner(profile, pinning, dir, executor, console, env, ReportStep.NONE,
 *         Clock.systemUTC()).run();
 * o.results().complete();   // false when interrupted or a child crashed
 * }</pre>
 *
 * Interruption (Ctrl-C reaches it as an interrupt of the calling thread): the running run is stopped by the
 * executor, nothing further starts, and results.json is written with {@code complete: false}.
 */
public final class CompareRunner {
    /** What a comparison produced. */
    public record Outcome(Results results, Comparison summary, Path resultsDir, List<Path> reports) {
    }

    private final CompareProfile profile;
    private final CpuPinning pinning;
    private final Path dir;
    private final RunExecutor executor;
    private final ConsoleLog console;
    private final Environment environment;
    private final ReportStep reportStep;
    private final Clock clock;

    public CompareRunner(CompareProfile profile, CpuPinning pinning, Path dir, RunExecutor executor, ConsoleLog console,
                         Environment environment, ReportStep reportStep, Clock clock) {
        this.profile = profile;
        this.pinning = pinning;
        this.dir = dir;
        this.executor = executor;
        this.console = console;
        this.environment = environment;
        this.reportStep = reportStep;
        this.clock = clock;
    }

    public Outcome run() throws IOException {
        List<PlannedRun> plan = new ArrayList<>(RunPlanner.plan(profile));
        int planned = plan.size();
        String startedAt = Instant.now(clock).toString();
        long startNanos = System.nanoTime();
        printPlan(plan);

        List<RunResult> runs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean stopped = false;
        writeResults(startedAt, null, false, runs, problems, null);
        for (int i = 0; i < plan.size(); i++) {
            PlannedRun run = plan.get(i);
            if (Thread.currentThread().isInterrupted()) {
                stopped = true;
                break;
            }
            console.resetProgressThrottle();
            console.line(String.format("[%d/%d] %s: fresh server JVM, %s for %s", run.index() + 1, plan.size(),
                    run.runId(), run.armLabel(), DurationText.format(profile.runWindow())));
            RunResult result;
            try {
                result = executor.execute(run, profile, pinning, dir, new Progress(run, plan.size(), startNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                problems.add("interrupted during run " + run.runId());
                break;
            } catch (IOException | RuntimeException e) {
                problems.add("run " + run.runId() + " failed: " + oneLine(e));
                console.line("[" + (run.index() + 1) + "/" + plan.size() + "] " + run.runId() + ": FAILED: "
                        + oneLine(e));
                stopped = true;
                break;
            }
            runs.add(result);
            console.line(done(run, plan.size(), result));
            if (Thread.currentThread().isInterrupted()) {
                stopped = true;
                problems.add("interrupted during run " + run.runId() + " (its figures cover what finished)");
                writeResults(startedAt, null, false, runs, problems, null);
                break;
            }
            writeResults(startedAt, null, false, runs, problems, null);
            if (i == plan.size() - 1) {
                PlannedRun extra = RunPlanner.replacement(plan, runs, planned, profile);
                if (extra != null) {
                    console.line("[" + (extra.index() + 1) + "/" + (extra.index() + 1) + "] an invalid run is replaced"
                            + " by one more run of its arm (at most " + RunPlanner.maxReplacements(profile)
                            + " per comparison): " + extra.runId());
                    plan.add(extra);
                }
            }
        }
        boolean complete = !stopped && runs.size() == plan.size();
        if (!complete && problems.stream().noneMatch(p -> p.startsWith("interrupted"))
                && Thread.currentThread().isInterrupted()) {
            problems.add("interrupted");
        }
        if (!complete) {
            problems.add("incomplete: " + runs.size() + " of " + plan.size() + " runs finished");
        }
        Comparison summary = runs.isEmpty() ? null : Comparisons.of(runs, complete);
        Results results = writeResults(startedAt, Instant.now(clock).toString(), complete, runs, problems, summary);

        console.line("");
        if (summary != null) {
            List<String> text = new ArrayList<>();
            text.add("Summary: profile " + profile.name() + ", " + profile.repeats() + " run"
                    + (profile.repeats() == 1 ? "" : "s") + " per arm, " + String.format("%,d", profile.connections())
                    + " connections x " + fmtRate(profile.rate()) + " msg/s x " + profile.payload() + " B; figures are"
                    + " medians over the valid runs, each run's figure over its " + DurationText.format(
                    profile.duration()) + " steady window");
            text.addAll(ConsoleSummary.render(summary));
            text.forEach(console::line);
            ResultsIO.writeAtomically(dir.resolve("summary.txt"),
                    (String.join("\n", text) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!results.complete()) {
            console.line("INCOMPLETE: " + String.join("; ", problems));
        } else if (!results.valid()) {
            long invalid = runs.stream().filter(r -> !r.valid()).count();
            console.line("INVALID: " + invalid + " of " + runs.size() + " runs are invalid (reasons above and in "
                    + "results.json invalidReasons); the figures are shown but must not be reported as results");
        }
        List<Path> reports = List.of();
        if (!runs.isEmpty() && !Thread.currentThread().isInterrupted()) {
            try {
                reports = reportStep.generate(dir);
                List<Path> main = reports.stream().filter(p -> p.getFileName().toString().startsWith("report."))
                        .toList();
                for (Path p : main) {
                    console.line("report: " + p);
                }
                if (reports.size() > main.size()) {
                    console.line("report: + " + (reports.size() - main.size()) + " chart files");
                }
            } catch (IOException | RuntimeException e) {
                console.line("report: not written: " + oneLine(e));
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        console.line("results: " + dir.toAbsolutePath().normalize() + "  (wall time " + DurationText.format(
                Duration.ofSeconds(wall.toSeconds())) + ")");
        return new Outcome(results, summary, dir, reports);
    }

    private void printPlan(List<PlannedRun> plan) {
        console.line(String.format("pushbench compare: profile %s: %d run%s (%s; %d repeat%s), %,d connections x %s "
                        + "msg/s x %d B, ramp %s + warm-up %s + steady %s per run; about %s", profile.name(),
                plan.size(), plan.size() == 1 ? "" : "s", String.join(" vs ", profile.transportKeys()) + " over "
                        + String.join(", ", profile.variantNames()), profile.repeats(), profile.repeats() == 1 ? "" : "s",
                profile.connections(), fmtRate(profile.rate()), profile.payload(), DurationText.format(profile.ramp()),
                DurationText.format(profile.warmup()), DurationText.format(profile.duration()),
                DurationText.format(Duration.ofSeconds(profile.estimatedWallTime().toSeconds()))));
        List<String> order = new ArrayList<>();
        for (PlannedRun r : plan) {
            order.add(r.runId());
        }
        console.line("order: " + String.join(", ", order));
        console.line("fairness: fresh server JVM per run; same JVM flags for every run (server "
                + (profile.serverJvmArgs().isEmpty() ? "defaults" : String.join(" ", profile.serverJvmArgs()))
                + "; load generator " + (profile.loadgenJvmArgs().isEmpty() ? "defaults"
                : String.join(" ", profile.loadgenJvmArgs())) + "); " + pinning.note());
        console.line("results: " + dir.toAbsolutePath().normalize());
    }

    private Results writeResults(String startedAt, String finishedAt, boolean complete, List<RunResult> runs,
                                 List<String> problems, Comparison summary) throws IOException {
        List<String> reasons = new ArrayList<>(problems);
        for (RunResult r : runs) {
            for (String why : r.invalidReasons()) {
                reasons.add(r.id() + ": " + why);
            }
            if (!r.valid() && r.invalidReasons().isEmpty()) {
                reasons.add(r.id() + ": invalid");
            }
        }
        boolean valid = complete && runs.stream().allMatch(RunResult::valid) && reasons.isEmpty();
        Map<String, Object> config = new LinkedHashMap<>(profile.toConfigMap());
        List<String> order = RunPlanner.plan(profile).stream().map(PlannedRun::runId).toList();
        config.put("order", order);
        // The v1 root has no id or timestamps of its own: they go first in the comparison's summary.
        Map<String, Object> summaryMap = new LinkedHashMap<>();
        summaryMap.put("id", dir.getFileName().toString());
        summaryMap.put("startedAt", startedAt);
        summaryMap.put("finishedAt", finishedAt);
        summaryMap.put("runsPlanned", order.size());
        summaryMap.put("runsFinished", runs.size());
        // Runs beyond the plan replace invalid ones (RunPlanner.replacement); they are not in config.order.
        summaryMap.put("replacements", runs.stream().map(RunResult::id).filter(id -> !order.contains(id)).toList());
        if (summary != null) {
            summaryMap.putAll(ComparisonJson.toMap(summary));
        }
        Results results = new Results(Results.SCHEMA, Results.KIND_COMPARISON, complete, valid, reasons, config,
                environment, Map.of(), runs, summaryMap);
        ResultsIO.write(dir.resolve("results.json"), results);
        return results;
    }

    private String done(PlannedRun run, int total, RunResult r) {
        MessageCounts m = io.pushbench.analysis.figure.Counts.headline(r);
        m = m == null ? MessageCounts.ZERO : m;
        String window = io.pushbench.analysis.figure.Counts.isSteady(r) ? "steady window" : "whole run";
        String p99 = r.latencyUs() == null || r.latencyUs().count() == 0 ? "-"
                : io.pushbench.analysis.figure.Figure.LATENCY_P99.format(r.latencyUs().p99());
        String rate = r.throughput() == null ? "-" : String.format(java.util.Locale.ROOT, "%,.0f", r.throughput().messagesPerSec());
        return String.format("[%d/%d] %s: done: %s delivered %,d/%,d, lost %,d, p99 %s, %s msg/s%s", run.index() + 1,
                total, run.runId(), window, m.delivered(), m.expected(), m.lost(), p99, rate,
                r.valid() ? "" : ", INVALID: " + String.join("; ", r.invalidReasons()));
    }

    private static String fmtRate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    static String oneLine(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    /** Turns interval samples into the live progress line. */
    private final class Progress implements RunListener {
        private final PlannedRun run;
        private final int total;
        private final long startNanos;

        Progress(PlannedRun run, int total, long startNanos) {
            this.run = run;
            this.total = total;
            this.startNanos = startNanos;
        }

        @Override
        public void onInterval(IntervalSample s) {
            double ramp = profile.ramp().toMillis() / 1000.0;
            double warm = profile.warmup().toMillis() / 1000.0;
            double steady = profile.duration().toMillis() / 1000.0;
            String phase = s.phase() == null ? "" : s.phase();
            String where = switch (phase) {
                case "ramp" -> String.format("ramp %.0f/%.0fs", s.t(), ramp);
                case "warmup" -> String.format("warm-up %.0f/%.0fs", s.t() - ramp, warm);
                case "steady" -> String.format("steady %.0f/%.0fs", s.t() - ramp - warm, steady);
                default -> String.format("%s %.0fs", phase, s.t());
            };
            long remainingRuns = total - run.index() - 1L;
            double perRun = profile.runWindow().toSeconds() + 12;
            double eta = Math.max(0, ramp + warm + steady - s.t() + 4) + remainingRuns * perRun;
            console.progress(String.format("[%d/%d] %s  %s  conns %,d  %,.0f msg/s  p99 %s  lost %,d  err %,d  "
                            + "client cpu %.2f  eta %s", run.index() + 1, total, run.runId(), where, s.connections(),
                    s.messagesPerSec(), io.pushbench.analysis.figure.Figure.LATENCY_P99.format(s.p99Us()), s.lost(), s.errors(), s.loadgenCpuCores(),
                    DurationText.format(Duration.ofSeconds((long) eta))));
        }

        @Override
        public void onMessage(String line) {
            // The orchestrator already wrote it to console.log (with its children's output): screen only.
            console.screen("    " + line);
        }
    }
}
