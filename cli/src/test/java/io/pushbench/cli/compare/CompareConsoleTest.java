package io.pushbench.cli.compare;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.Variant;
import io.pushbench.loadgen.compare.ComparePlan;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CompareRunner;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.PlannedRun;
import io.pushbench.loadgen.compare.ProfileLoader;
import io.pushbench.loadgen.compare.RunPlanner;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console lines of a comparison, from the runner's events: what a person sees, and console.log keeps. */
@Timeout(30)
class CompareConsoleTest {
    @TempDir
    Path dir;

    private final StringWriter screen = new StringWriter();
    private final StringWriter log = new StringWriter();

    private ConsoleLog console() {
        return new ConsoleLog(new PrintWriter(screen), log, false, System::nanoTime, 0);
    }

    private static CompareProfile ciOverGatling() {
        return ProfileLoader.builtIn("ci").drivers(List.of("gatling")).build();
    }

    @Test
    void aCompleteComparisonPrintsPlanRunsSummaryAndWhereTheResultsAre() throws IOException {
        CompareProfile p = ciOverGatling();
        FixtureExecutor ex = new FixtureExecutor();
        try (ConsoleLog c = console()) {
            CompareRunner.builder(p, dir).pinning(CpuPinning.decide(p, false, 2)).executor(ex)
                    .environment(Environment.detect(null)).listener(new CompareConsole(c))
                    .reports(d -> List.of(d.resolve("report.html"), d.resolve("charts/p99.svg")))
                    .calibration((prof, d, l) -> Map.of("skipped", "fixture: nothing measured")).build().run();
        }
        assertThat(ex.executed).hasSize(10);
        String text = log.toString();
        assertThat(text.lines().limit(5)).containsExactly(
                "pushbench compare: profile ci: 10 runs (sse vs ws over plain; 5 repeats), 200 connections x 5 msg/s"
                        + " x 256 B, ramp 2s + warm-up 3s + steady 10s per run; about 4m15s",
                "groups: h1/gatling/plain (protocol/driver/variant; arms are compared within a group)",
                "order: sse-h1-gatling-r1, ws-h1-gatling-r1, ws-h1-gatling-r2, sse-h1-gatling-r2, sse-h1-gatling-r3, "
                        + "ws-h1-gatling-r3, ws-h1-gatling-r4, sse-h1-gatling-r4, sse-h1-gatling-r5, ws-h1-gatling-r5",
                "fairness: fresh server JVM per run; same JVM flags for every run (server -Xms256m -Xmx256m; load "
                        + "generator -Xms512m -Xmx512m); not pinned (taskset not found)",
                "results: " + dir.toAbsolutePath().normalize());
        assertThat(text).contains("calibration: running before the first run\n"
                        + "calibration: skipped: fixture: nothing measured\n"
                        + "[1/10] sse-h1-gatling-r1: fresh server JVM, SSE for 15s\n"
                        + "[1/10] sse-h1-gatling-r1  steady 7/10s  conns 100")
                .contains("[1/10] sse-h1-gatling-r1: done: steady window delivered ")
                .contains("Summary: profile ci, 5 runs per arm, 200 connections x 5 msg/s x 256 B")
                .contains("Verdict:")
                .contains("report: " + dir.resolve("report.html") + "\nreport: + 1 chart files\n")
                .containsPattern("\nresults: .*  \\(wall time \\d+s\\)\n$")
                .doesNotContain("INVALID").doesNotContain("INCOMPLETE");
        assertThat(screen.toString()).isEqualTo(text);
        assertThat(Files.readString(dir.resolve("summary.txt"))).startsWith("Summary: profile ci").contains("Verdict:");
    }

    @Test
    void skippedCombinationsAreNotedInThePlan() {
        CompareProfile p = ProfileLoader.builtIn("quick").repeats(1).drivers(List.of("gatling", "jetty"))
                .protocols(List.of("h1", "h2")).build();
        ComparePlan plan = RunPlanner.plan(p);
        try (ConsoleLog c = console()) {
            new CompareConsole(c).planDecided(p, plan, CpuPinning.decide(p, false, 2), dir);
        }
        assertThat(log.toString().lines().toList().subList(1, 4)).containsExactly(
                "groups: h1/gatling/plain, h1/jetty/plain, h2c/jetty/plain (protocol/driver/variant; arms are "
                        + "compared within a group)",
                "skipped gatling x h2c: the Gatling driver cannot carry h2c",
                "order: sse-h1-gatling-r1, ws-h1-gatling-r1, sse-h1-jetty-r1, ws-h1-jetty-r1, sse-h2c-jetty-r1, "
                        + "ws-h2c-jetty-r1");
    }

    @Test
    void failuresReplacementsAndTheEndStateAreOneLineEach() throws IOException {
        CompareProfile p = ciOverGatling();
        Results fixture = ResultsIO.read(Path.of("../reports/src/test/resources/fixtures/comparison-5x/results.json"));
        List<RunResult> runs = new ArrayList<>(fixture.runs());
        runs.set(1, runs.get(1).withValidity(List.of("load generator CPU saturated (0.97)")));
        Results invalid = new Results(Results.SCHEMA, Results.KIND_COMPARISON, true, false, List.of(), Map.of(),
                fixture.environment(), Map.of(), runs, Map.of());
        Results incomplete = Results.of(Results.KIND_COMPARISON, false, Map.of(), fixture.environment(), List.of(),
                Map.of());
        PlannedRun crashed = new PlannedRun(2, "ws-h1-gatling-r2", Transport.WS, Variant.PLAIN, Protocol.H1,
                Driver.GATLING, 2);
        PlannedRun extra = new PlannedRun(10, "ws-h1-gatling-r6", Transport.WS, Variant.PLAIN, Protocol.H1,
                Driver.GATLING, 6);
        try (ConsoleLog c = console()) {
            CompareConsole console = new CompareConsole(c);
            console.planDecided(p, RunPlanner.plan(p), CpuPinning.decide(p, false, 2), dir);
            log.getBuffer().setLength(0);
            console.calibrationFailed("loopback probe refused");
            console.runFailed(crashed, 10, "server JVM exited with code 137 before the run ended");
            console.runReplaced(extra, 2);
            console.runMessage(extra, "[server] listening");
            console.summarised(invalid, null, List.of());
            console.summarised(incomplete, null, List.of("interrupted during run ws-h1-gatling-r2",
                    "incomplete: 2 of 10 runs finished"));
            console.reportsFailed("no template");
        }
        assertThat(log.toString().lines()).containsExactly(
                "calibration: FAILED: loopback probe refused (the comparison goes on without it)",
                "[3/10] ws-h1-gatling-r2: FAILED: server JVM exited with code 137 before the run ended",
                "[11/11] an invalid run is replaced by one more run of its arm (at most 2 per comparison): "
                        + "ws-h1-gatling-r6",
                "",
                "INVALID: 1 of 10 runs are invalid (reasons above and in results.json invalidReasons); the figures "
                        + "are shown but must not be reported as results",
                "",
                "INCOMPLETE: interrupted during run ws-h1-gatling-r2; incomplete: 2 of 10 runs finished",
                "report: not written: no template");
        assertThat(screen.toString()).contains("    [server] listening");   // screen only: console.log has it
        assertThat(dir.resolve("summary.txt")).doesNotExist();   // no finished run, no summary
    }
}
