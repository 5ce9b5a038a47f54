package io.pushbench.cli.compare;

import io.pushbench.analysis.figure.Counts;
import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.loadgen.compare.CompareListener;
import io.pushbench.loadgen.compare.ComparePlan;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CompareRunner;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.DurationText;
import io.pushbench.loadgen.compare.PlannedRun;
import io.pushbench.loadgen.compare.RunGroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a comparison on the console: turns each {@link CompareListener} event of the runner into the lines a person
 * reads (the plan, each run's start and result, the live progress line, the summary and verdict, where the results
 * are) and writes them through a {@link ConsoleLog}, so they also land in console.log. The summary and verdict, as
 * printed, also go to {@code summary.txt}.
 *
 * <pre>{@code
 * try (ConsoleLog log = ConsoleLog.open(out, dir.resolve("console.log"), ConsoleLog.isTerminal())) {
 *     CompareRunner.builder(profile, dir).listener(new CompareConsole(log))...build().run();
 * }
 * }</pre>
 *
 * Thread-safe as {@link ConsoleLog} is: progress arrives on the orchestrator's reader threads. The profile and
 * directory come from {@link #planDecided}, which the runner calls before anything else.
 */
public final class CompareConsole implements CompareListener {
    private final ConsoleLog console;
    private volatile CompareProfile profile;
    private volatile Path dir;

    public CompareConsole(ConsoleLog console) {
        this.console = console;
    }

    @Override
    public void planDecided(CompareProfile p, ComparePlan plan, CpuPinning pinning, Path dir) {
        this.profile = p;
        this.dir = dir;
        int n = plan.runs().size();
        console.line(String.format("pushbench compare: profile %s: %d run%s (%s; %d repeat%s), %,d connections x %s "
                        + "msg/s x %d B, ramp %s + warm-up %s + steady %s per run; about %s", p.name(), n,
                n == 1 ? "" : "s", String.join(" vs ", p.transportKeys()) + " over "
                        + String.join(", ", p.variantNames()), p.repeats(), p.repeats() == 1 ? "" : "s",
                p.connections(), rate(p.rate()), p.payload(), DurationText.format(p.ramp()),
                DurationText.format(p.warmup()), DurationText.format(p.duration()),
                DurationText.format(Duration.ofSeconds(p.estimatedWallTime().toSeconds()))));
        console.line("groups: " + String.join(", ", p.groups().stream().map(RunGroup::label).toList())
                + " (protocol/driver/variant; arms are compared within a group)");
        plan.notes().forEach(console::line);
        console.line("order: " + String.join(", ", plan.order()));
        console.line("fairness: fresh server JVM per run; same JVM flags for every run (server "
                + (p.serverJvmArgs().isEmpty() ? "defaults" : String.join(" ", p.serverJvmArgs()))
                + "; load generator " + (p.loadgenJvmArgs().isEmpty() ? "defaults"
                : String.join(" ", p.loadgenJvmArgs())) + "); " + pinning.note());
        console.line("results: " + dir.toAbsolutePath().normalize());
    }

    @Override
    public void calibrationStarted() {
        console.line("calibration: running before the first run");
    }

    @Override
    public void calibrationFinished(Map<String, Object> calibration) {
        Object skipped = calibration.get("skipped");
        io.pushbench.analysis.results.Calibration c = skipped != null ? null
                : io.pushbench.analysis.results.Calibration.fromMap(calibration);
        if (c == null) {
            console.line(skipped != null ? "calibration: skipped: " + skipped
                    : "calibration: done (in results.json: calibration " + calibration.keySet() + ")");
            return;
        }
        console.line("calibration: done (in results.json: calibration; the report reads each arm against it)");
        io.pushbench.cli.CalibrateCommand.table(c).lines().filter(l -> !l.isBlank()).forEach(console::line);
    }

    @Override
    public void calibrationFailed(String reason) {
        console.line("calibration: FAILED: " + reason + " (the comparison goes on without it)");
    }

    @Override
    public void runStarting(PlannedRun run, int total) {
        console.resetProgressThrottle();
        console.line(String.format("[%d/%d] %s: fresh server JVM, %s for %s", run.index() + 1, total, run.runId(),
                run.armLabel(), DurationText.format(profile.runWindow())));
    }

    @Override
    public void intervalSampled(PlannedRun run, int total, IntervalSample s) {
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
        // Beyond its window a run takes about 12 s more (JVM starts, drain, shutdown); this one has 4 s of that left.
        long remainingRuns = total - run.index() - 1L;
        double perRun = profile.runWindow().toSeconds() + 12;
        double eta = Math.max(0, ramp + warm + steady - s.t() + 4) + remainingRuns * perRun;
        console.progress(String.format("[%d/%d] %s  %s  conns %,d  %,.0f msg/s  p99 %s  lost %,d  err %,d  "
                        + "client cpu %.2f  eta %s", run.index() + 1, total, run.runId(), where, s.connections(),
                s.messagesPerSec(), Figure.LATENCY_P99.format(s.p99Us()), s.lost(), s.errors(), s.loadgenCpuCores(),
                DurationText.format(Duration.ofSeconds((long) eta))));
    }

    @Override
    public void runMessage(PlannedRun run, String line) {
        // The orchestrator already wrote it to console.log (with its children's output): screen only.
        console.screen("    " + line);
    }

    @Override
    public void runFinished(PlannedRun run, int total, RunResult r) {
        MessageCounts m = Counts.headline(r);
        m = m == null ? MessageCounts.ZERO : m;
        String window = Counts.isSteady(r) ? "steady window" : "whole run";
        String p99 = r.latencyUs() == null || r.latencyUs().count() == 0 ? "-"
                : Figure.LATENCY_P99.format(r.latencyUs().p99());
        String rate = r.throughput() == null ? "-" : String.format(Locale.ROOT, "%,.0f", r.throughput().messagesPerSec());
        console.line(String.format("[%d/%d] %s: done: %s delivered %,d/%,d, lost %,d, p99 %s, %s msg/s%s",
                run.index() + 1, total, run.runId(), window, m.delivered(), m.expected(), m.lost(), p99, rate,
                r.valid() ? "" : ", INVALID: " + String.join("; ", r.invalidReasons())));
    }

    @Override
    public void runFailed(PlannedRun run, int total, String reason) {
        console.line("[" + (run.index() + 1) + "/" + total + "] " + run.runId() + ": FAILED: " + reason);
    }

    @Override
    public void runReplaced(PlannedRun extra, int max) {
        console.line("[" + (extra.index() + 1) + "/" + (extra.index() + 1) + "] an invalid run is replaced by one "
                + "more run of its arm (at most " + max + " per comparison): " + extra.runId());
    }

    @Override
    public void summarised(Results results, Comparison summary, List<String> problems) {
        console.line("");
        if (summary != null) {
            List<String> text = new ArrayList<>();
            text.add("Summary: profile " + profile.name() + ", " + profile.repeats() + " run"
                    + (profile.repeats() == 1 ? "" : "s") + " per arm, " + String.format("%,d", profile.connections())
                    + " connections x " + rate(profile.rate()) + " msg/s x " + profile.payload() + " B; figures are"
                    + " medians over the valid runs, each run's figure over its " + DurationText.format(
                    profile.duration()) + " steady window");
            text.addAll(ConsoleSummary.render(summary));
            io.pushbench.reports.model.BrowserConnectionsView browser =
                    io.pushbench.reports.model.BrowserConnectionsView.ofResults(results.runs());
            if (browser != null) {
                // the report's two sentences on the six-connection effect, the one definition
                text.add("Browser connections: " + String.join(" ", browser.sentences()));
            }
            text.forEach(console::line);
            writeSummaryFile(text);
        }
        if (!results.complete()) {
            console.line("INCOMPLETE: " + String.join("; ", problems));
        } else if (!results.valid()) {
            long invalid = results.runs().stream().filter(r -> !r.valid()).count();
            console.line("INVALID: " + invalid + " of " + results.runs().size() + " runs are invalid (reasons above "
                    + "and in results.json invalidReasons); the figures are shown but must not be reported as results");
        }
    }

    @Override
    public void reportsWritten(List<Path> reports) {
        List<Path> main = reports.stream().filter(p -> p.getFileName().toString().startsWith("report.")).toList();
        for (Path p : main) {
            console.line("report: " + p);
        }
        if (reports.size() > main.size()) {
            console.line("report: + " + (reports.size() - main.size()) + " chart files");
        }
    }

    @Override
    public void reportsFailed(String reason) {
        console.line("report: not written: " + reason);
    }

    @Override
    public void finished(CompareRunner.Outcome outcome, Duration wallTime) {
        console.line("results: " + outcome.resultsDir().toAbsolutePath().normalize() + "  (wall time "
                + DurationText.format(Duration.ofSeconds(wallTime.toSeconds())) + ")");
    }

    /** summary.txt: the summary exactly as printed; a write failure is shown, not thrown (results.json stands). */
    private void writeSummaryFile(List<String> text) {
        try {
            ResultsIO.writeAtomically(dir.resolve("summary.txt"),
                    (String.join("\n", text) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            console.line("summary.txt: not written: " + e.getMessage());
        }
    }

    /** A rate as the profile gives it: "4", not "4.0"; "7.5" stays. */
    static String rate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
