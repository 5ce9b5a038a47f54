package io.pushbench.cli.compare;

import io.pushbench.wire.Transport;
import io.pushbench.loadgen.run.RunListener;
import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.verdict.FigureComparison;
import io.pushbench.analysis.verdict.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class CompareRunnerTest {
    @TempDir
    Path dir;

    private final StringWriter screen = new StringWriter();
    private final List<String> executed = new ArrayList<>();

    private CompareRunner.Outcome run(CompareProfile p, RunExecutor ex, ReportStep reports) throws IOException {
        Environment env = new Environment("cpu", 2, "os", "k", "jvm", "v", List.of(), "12.1.14", "3.15.1", "abc",
                "host", Map.of());
        try (ConsoleLog console = new ConsoleLog(new PrintWriter(screen), Files.newBufferedWriter(
                dir.resolve("console.log")), false, System::nanoTime, 0)) {
            return new CompareRunner(p, CpuPinning.decide(p, false, 2), dir, ex, console, env, reports,
                    Clock.fixed(Instant.parse("2026-11-24T18:00:00Z"), ZoneOffset.UTC)).run();
        }
    }

    private RunResult fake(PlannedRun run, RunListener progress) {
        executed.add(run.runId());
        progress.onInterval(new IntervalSample(12, "steady", 100, 200, 51_200, 800, 1500, 2000, 0, 0, 0, 0, 0.2));
        return FakeRuns.result(run, run.transport() == Transport.SSE ? 1000 + run.repeat() : 2000 + run.repeat(),
                8_000, 0);
    }

    @Test
    void completeComparisonWritesResultsSummaryAndLog() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("ci").build();
        List<Path> reported = new ArrayList<>();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> fake(run, progress), d -> {
            reported.add(d);
            return List.of(d.resolve("report.html"));
        });
        assertThat(executed).containsExactly("sse-h1-gatling-r1", "ws-h1-gatling-r1", "ws-h1-gatling-r2",
                "sse-h1-gatling-r2", "sse-h1-gatling-r3", "ws-h1-gatling-r3", "ws-h1-gatling-r4", "sse-h1-gatling-r4",
                "sse-h1-gatling-r5", "ws-h1-gatling-r5");
        Results r = ResultsIO.read(dir.resolve("results.json"));
        assertThat(r.kind()).isEqualTo("comparison");
        assertThat(r.complete()).isTrue();
        assertThat(r.valid()).isTrue();
        assertThat(r.runs()).hasSize(10);
        assertThat(r.config()).containsEntry("profile", "ci").containsKey("order");
        assertThat(r.summary()).containsKeys("id", "startedAt", "finishedAt", "method", "arms", "comparisons",
                "verdict");
        // every SSE run's p99 (about 1 ms) is below every WS run's (about 2 ms): called at 99.2%
        assertThat(o.summary().of(Figure.LATENCY_P99)).singleElement()
                .extracting(FigureComparison::outcome).isEqualTo(Outcome.A_BETTER);
        assertThat(r.summary().get("verdict")).isEqualTo(o.summary().verdict());
        assertThat(reported).containsExactly(dir);
        String log = Files.readString(dir.resolve("console.log"));
        assertThat(log).contains("order: sse-h1-gatling-r1, ws-h1-gatling-r1, ws-h1-gatling-r2")
                .contains("[1/10] sse-h1-gatling-r1  steady")
                .contains("Verdict:").contains("p99: SSE h1 50% lower than WS h1")
                .contains("report: " + dir.resolve("report.html"))
                .contains("results: ");
        assertThat(screen.toString()).isEqualTo(log);
        assertThat(Files.readString(dir.resolve("summary.txt"))).contains("Summary: profile ci").contains("Verdict:");
    }

    @Test
    void interruptStopsTheComparisonAndMarksItIncomplete() throws Exception {
        CompareProfile p = ProfileLoader.builtIn("ci").build();
        CountDownLatch secondRunStarted = new CountDownLatch(1);
        RunExecutor ex = (run, prof, pin, out, progress) -> {
            if (run.index() == 0) {
                return fake(run, progress);
            }
            executed.add(run.runId());
            secondRunStarted.countDown();
            Thread.sleep(60_000); // a long run: the interrupt ends it, as the orchestrator contract says
            throw new AssertionError("not interrupted");
        };
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                outcome.set(run(p, ex, d -> {
                    throw new AssertionError("no report for an interrupted comparison");
                }));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        assertThat(secondRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(CompareRunner.Outcome.class);
        assertThat(executed).containsExactly("sse-h1-gatling-r1", "ws-h1-gatling-r1");
        Results r = ResultsIO.read(dir.resolve("results.json"));
        assertThat(r.complete()).isFalse();
        assertThat(r.valid()).isFalse();
        assertThat(r.runs()).extracting(RunResult::id).containsExactly("sse-h1-gatling-r1");
        assertThat(r.invalidReasons()).contains("interrupted during run ws-h1-gatling-r1",
                "incomplete: 1 of 10 runs finished");
        assertThat(Files.readString(dir.resolve("console.log"))).contains("INCOMPLETE: ");
    }

    @Test
    void aCrashedRunStopsTheComparisonAndKeepsFinishedRuns() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("ci").build();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> {
            if (run.index() == 2) {
                throw new IOException("server JVM exited with code 137 before the run ended");
            }
            return fake(run, progress);
        }, ReportStep.NONE);
        Results r = o.results();
        assertThat(r.complete()).isFalse();
        assertThat(r.runs()).hasSize(2);
        assertThat(r.invalidReasons()).containsExactly(
                "run ws-h1-gatling-r2 failed: server JVM exited with code 137 before the run ended",
                "incomplete: 2 of 10 runs finished");
        JsonNode onDisk = ResultsIO.mapper().readTree(dir.resolve("results.json").toFile());
        assertThat(onDisk.path("complete").asBoolean(true)).isFalse();
        assertThat(onDisk.path("summary").path("runsFinished").asInt()).isEqualTo(2);
        assertThat(screen.toString()).contains("[3/10] ws-h1-gatling-r2: FAILED: server JVM exited with code 137");
    }

    @Test
    void invalidRunsMakeTheComparisonInvalidButComplete() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("quick").build();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> {
            RunResult r = fake(run, progress);
            return run.transport() == Transport.WS ? r.withValidity(List.of("load generator CPU saturated (0.97)")) : r;
        }, ReportStep.NONE);
        assertThat(o.results().complete()).isTrue();
        assertThat(o.results().valid()).isFalse();
        // each invalid run is replaced by one more run of its arm, at most 10 / 5 = 2 per comparison
        assertThat(executed).hasSize(12).endsWith("ws-h1-gatling-r6", "ws-h1-gatling-r7");
        assertThat(o.results().invalidReasons()).hasSize(7)
                .contains("ws-h1-gatling-r1: load generator CPU saturated (0.97)");
        // invalid runs give no figure: WS has no valid run, so nothing is compared and the verdict says why
        assertThat(o.summary().verdict()).contains("  ! ws-h1-gatling-r1: load generator CPU saturated (0.97)")
                .anyMatch(l -> l.startsWith("NOT VALID: 7 problems"))
                .anyMatch(l -> l.startsWith("NO CALL: with 5 and 0 valid runs"));
        assertThat(o.summary().called()).isEmpty();
        assertThat(screen.toString()).contains("INVALID: 7 of 12 runs are invalid")
                .contains("an invalid run is replaced by one more run of its arm (at most 2 per comparison): "
                        + "ws-h1-gatling-r6");
    }

    @Test
    void oneInvalidRunIsReplacedAndTheVerdictStillCalls() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("quick").build();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> {
            RunResult r = fake(run, progress);
            return run.runId().equals("sse-h1-gatling-r3") ? r.withValidity(List.of("server unobserved: x")) : r;
        }, ReportStep.NONE);
        assertThat(executed).hasSize(11).endsWith("sse-h1-gatling-r6");
        assertThat(o.summary().runsPerArm()).isEqualTo(5);
        assertThat(o.summary().canCall()).isTrue();
        assertThat(o.summary().called()).isNotEmpty();
    }
}
