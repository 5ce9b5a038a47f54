package io.pushbench.loadgen.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.ArmSummary;
import io.pushbench.analysis.verdict.FigureComparison;
import io.pushbench.analysis.verdict.Outcome;
import io.pushbench.loadgen.run.RunListener;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class CompareRunnerTest {
    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();
    private final List<String> executed = new ArrayList<>();

    private CompareRunner.Outcome run(CompareProfile p, RunExecutor ex, ReportStep reports) throws IOException {
        return run(p, ex, reports, null);
    }

    private CompareRunner.Outcome run(CompareProfile p, RunExecutor ex, ReportStep reports, CalibrationStep cal)
            throws IOException {
        Environment env = new Environment("cpu", 2, "os", "k", "jvm", "v", List.of(), "12.1.14", "3.15.1", "abc",
                "host", Map.of());
        return CompareRunner.builder(p, dir).pinning(CpuPinning.decide(p, false, 2)).executor(ex).environment(env)
                .listener(listener).reports(reports).calibration(cal)
                .clock(Clock.fixed(Instant.parse("2026-11-24T18:00:00Z"), ZoneOffset.UTC)).build().run();
    }

    private RunResult fake(PlannedRun run, RunListener progress) {
        executed.add(run.runId());
        progress.onInterval(new IntervalSample(12, "steady", 100, 200, 51_200, 800, 1500, 2000, 0, 0, 0, 0, 0.2));
        progress.onMessage("[server] listening");
        return FakeRuns.result(run, run.transport() == Transport.SSE ? 1000 + run.repeat() : 2000 + run.repeat(),
                8_000, 0);
    }

    @Test
    void completeComparisonEmitsItsLifeCycleAndWritesResults() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("ci").build();
        List<Path> reported = new ArrayList<>();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> fake(run, progress), d -> {
            reported.add(d);
            return List.of(d.resolve("report.html"));
        });
        assertThat(executed).containsExactly("sse-h1-jetty-r1", "ws-h1-jetty-r1", "ws-h1-jetty-r2",
                "sse-h1-jetty-r2", "sse-h1-jetty-r3", "ws-h1-jetty-r3", "ws-h1-jetty-r4", "sse-h1-jetty-r4",
                "sse-h1-jetty-r5", "ws-h1-jetty-r5");
        assertThat(listener.events.subList(0, 7)).containsExactly("plan 10 []", "results 0",
                "start sse-h1-jetty-r1 1/10", "interval sse-h1-jetty-r1 steady",
                "message sse-h1-jetty-r1 [server] listening", "done sse-h1-jetty-r1", "results 1");
        assertThat(listener.events.subList(listener.events.size() - 4, listener.events.size()))
                .containsExactly("results 10", "summarised true []", "reports 1", "finished true");
        assertThat(listener.starting("start ")).hasSize(10).last().isEqualTo("start ws-h1-jetty-r5 10/10");

        Results r = ResultsIO.read(dir.resolve("results.json"));
        assertThat(r.kind()).isEqualTo("comparison");
        assertThat(r.complete()).isTrue();
        assertThat(r.valid()).isTrue();
        assertThat(r.runs()).hasSize(10);
        assertThat(r.calibration()).isEmpty();   // no calibration step given
        assertThat(r.config()).containsEntry("profile", "ci").containsEntry("protocols", List.of("h1"))
                .containsEntry("drivers", List.of("jetty")).containsEntry("streams-per-connection", 1)
                .containsEntry("calibrate", true).containsEntry("order", executed);
        assertThat(r.summary()).containsKeys("id", "startedAt", "finishedAt", "method", "arms", "comparisons",
                "verdict");
        // every SSE run's p99 (about 1 ms) is below every WS run's (about 2 ms): called at 99.2%
        assertThat(o.summary().of(Figure.LATENCY_P99)).singleElement()
                .extracting(FigureComparison::outcome).isEqualTo(Outcome.A_BETTER);
        assertThat(r.summary().get("verdict")).isEqualTo(o.summary().verdict());
        assertThat(reported).containsExactly(dir);
        assertThat(o.reports()).containsExactly(dir.resolve("report.html"));
        assertThat(dir.resolve("summary.txt")).doesNotExist();   // the console's file: the CLI writes it
    }

    @Test
    void theRunnerPrintsNothing() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true)) {
            System.setOut(capture);
            System.setErr(capture);
            run(ProfileLoader.builtIn("ci").build(), (run, prof, pin, o, progress) -> fake(run, progress),
                    d -> List.of(d.resolve("report.html")), (prof, d, l) -> Map.of("skipped", "test"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(printed.toString()).isEmpty();
        assertThat(listener.events).contains("calibration finished {skipped=test}", "done ws-h1-jetty-r5",
                "finished true");
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
        assertThat(executed).containsExactly("sse-h1-jetty-r1", "ws-h1-jetty-r1");
        Results r = ResultsIO.read(dir.resolve("results.json"));
        assertThat(r.complete()).isFalse();
        assertThat(r.valid()).isFalse();
        assertThat(r.runs()).extracting(RunResult::id).containsExactly("sse-h1-jetty-r1");
        assertThat(r.invalidReasons()).contains("interrupted during run ws-h1-jetty-r1",
                "incomplete: 1 of 10 runs finished");
        assertThat(listener.events).contains("summarised true [interrupted during run ws-h1-jetty-r1, incomplete: "
                + "1 of 10 runs finished]", "finished false").noneMatch(e -> e.startsWith("reports"));
    }

    @Test
    void aCrashedRunStopsTheComparisonAndKeepsFinishedRuns() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("ci").build();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> {
            if (run.index() == 2) {
                throw new IOException("server JVM exited with code 137 before the run ended\nstack");
            }
            return fake(run, progress);
        }, ReportStep.NONE);
        Results r = o.results();
        assertThat(r.complete()).isFalse();
        assertThat(r.runs()).hasSize(2);
        assertThat(r.invalidReasons()).containsExactly(
                "run ws-h1-jetty-r2 failed: server JVM exited with code 137 before the run ended",
                "incomplete: 2 of 10 runs finished");
        JsonNode onDisk = ResultsIO.mapper().readTree(dir.resolve("results.json").toFile());
        assertThat(onDisk.path("complete").asBoolean(true)).isFalse();
        assertThat(onDisk.path("summary").path("runsFinished").asInt()).isEqualTo(2);
        assertThat(listener.events).contains("failed ws-h1-jetty-r2 server JVM exited with code 137 before the run "
                + "ended").doesNotContain("start sse-h1-jetty-r2 4/10");
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
        assertThat(executed).hasSize(12).endsWith("ws-h1-jetty-r6", "ws-h1-jetty-r7");
        assertThat(listener.starting("replaced")).containsExactly("replaced by ws-h1-jetty-r6 max 2",
                "replaced by ws-h1-jetty-r7 max 2");
        assertThat(listener.events).contains("start ws-h1-jetty-r6 11/11", "done ws-h1-jetty-r7 invalid");
        assertThat(o.results().invalidReasons()).hasSize(7)
                .contains("ws-h1-jetty-r1: load generator CPU saturated (0.97)");
        // invalid runs give no figure: WS has no valid run, so nothing is compared and the verdict says why
        assertThat(o.summary().verdict()).contains("  ! ws-h1-jetty-r1: load generator CPU saturated (0.97)")
                .anyMatch(l -> l.startsWith("NOT VALID: 7 problems"))
                .anyMatch(l -> l.startsWith("NO CALL: with 5 and 0 valid runs"));
        assertThat(o.summary().called()).isEmpty();
        assertThat(o.results().summary().get("replacements")).isEqualTo(List.of("ws-h1-jetty-r6", "ws-h1-jetty-r7"));
    }

    @Test
    void oneInvalidRunIsReplacedAndTheVerdictStillCalls() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("quick").build();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> {
            RunResult r = fake(run, progress);
            return run.runId().equals("sse-h1-jetty-r3") ? r.withValidity(List.of("server unobserved: x")) : r;
        }, ReportStep.NONE);
        assertThat(executed).hasSize(11).endsWith("sse-h1-jetty-r6");
        assertThat(o.summary().runsPerArm()).isEqualTo(5);
        assertThat(o.summary().canCall()).isTrue();
        assertThat(o.summary().called()).isNotEmpty();
    }

    @Test
    void driversAndProtocolsRunAsGroupsComparedWithinEach() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("ci").drivers(List.of("gatling", "jetty"))
                .protocols(List.of("h1", "h2")).streamsPerConnection(4).build();
        List<String> streams = new ArrayList<>();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> {
            streams.add(run.protocol().key() + ":" + prof.streamsPerConnection(run.protocol()));
            RunResult r = fake(run, progress);
            return run.runId().equals("ws-h2c-jetty-r2") ? r.withValidity(List.of("server unobserved: x")) : r;
        }, ReportStep.NONE);
        assertThat(listener.events.get(0)).isEqualTo("plan 30 [skipped gatling x h2c: the Gatling driver cannot "
                + "carry h2c]");
        assertThat(executed).hasSize(31).startsWith("sse-h1-gatling-r1", "ws-h1-gatling-r1", "sse-h1-jetty-r1",
                "ws-h1-jetty-r1", "sse-h2c-jetty-r1", "ws-h2c-jetty-r1", "ws-h1-gatling-r2")
                .endsWith("ws-h2c-jetty-r6");   // the invalid run's replacement stays in its group
        assertThat(streams).contains("h1:1", "h2c:4").doesNotContain("h1:4");
        // three groups of two transports: six arms, one pair compared per group, never across groups
        assertThat(o.summary().arms()).extracting(a -> a.arm().key()).containsExactly(
                "sse/h1/gatling/plain", "ws/h1/gatling/plain", "sse/h1/jetty/plain", "ws/h1/jetty/plain",
                "sse/h2c/jetty/plain", "ws/h2c/jetty/plain");
        assertThat(o.summary().of(Figure.LATENCY_P99)).hasSize(3)
                .allSatisfy(fc -> assertThat(fc.a().protocol()).isEqualTo(fc.b().protocol()))
                .allSatisfy(fc -> assertThat(fc.a().driver()).isEqualTo(fc.b().driver()));
        assertThat(o.summary().arms()).allMatch(ArmSummary::countsSteady);
    }

    @Test
    void calibrationRunsOnceBeforeTheFirstRunAndLandsInResults() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        CompareRunner.Outcome o = run(ProfileLoader.builtIn("ci").build(),
                (run, prof, pin, out, progress) -> fake(run, progress), ReportStep.NONE, (prof, d, l) -> {
                    calls.incrementAndGet();
                    assertThat(executed).as("calibrated before any run").isEmpty();
                    assertThat(d).isEqualTo(dir);
                    return Map.of("loopbackRttUs", 31.5);
                });
        assertThat(calls).hasValue(1);
        assertThat(listener.events.subList(0, 5)).containsExactly("plan 10 []", "results 0", "calibration started",
                "calibration finished {loopbackRttUs=31.5}", "results 0");
        assertThat(o.results().calibration()).isEqualTo(Map.of("loopbackRttUs", 31.5));
        assertThat(ResultsIO.read(dir.resolve("results.json")).calibration()).isEqualTo(Map.of("loopbackRttUs", 31.5));
        assertThat(o.results().valid()).isTrue();
    }

    @Test
    void aFailedCalibrationIsRecordedAndTheComparisonGoesOn() throws IOException {
        CompareRunner.Outcome o = run(ProfileLoader.builtIn("ci").build(),
                (run, prof, pin, out, progress) -> fake(run, progress), ReportStep.NONE, (prof, d, l) -> {
                    throw new IOException("loopback probe refused\nat ...");
                });
        assertThat(listener.events).contains("calibration failed loopback probe refused");
        assertThat(executed).hasSize(10);
        assertThat(ResultsIO.read(dir.resolve("results.json")).calibration())
                .isEqualTo(Map.of("error", "loopback probe refused"));
        assertThat(o.results().complete()).isTrue();
    }

    @Test
    void calibrateFalseSkipsTheStep() throws IOException {
        CompareProfile p = ProfileLoader.builtIn("ci").calibrate(false).build();
        CompareRunner.Outcome o = run(p, (run, prof, pin, out, progress) -> fake(run, progress), ReportStep.NONE,
                (prof, d, l) -> {
                    throw new AssertionError("calibrate: false must skip the step");
                });
        assertThat(listener.events).noneMatch(e -> e.startsWith("calibration"));
        assertThat(o.results().calibration()).isEmpty();
        assertThat(o.results().config()).containsEntry("calibrate", false);
        assertThat(executed).hasSize(10);
    }

    @Test
    void anInterruptedCalibrationStopsBeforeTheFirstRun() throws IOException {
        CompareRunner.Outcome o = run(ProfileLoader.builtIn("ci").build(),
                (run, prof, pin, out, progress) -> fake(run, progress), ReportStep.NONE, (prof, d, l) -> {
                    throw new InterruptedException();
                });
        Thread.interrupted();   // clear the flag the runner restored, for the rest of this test thread
        assertThat(executed).isEmpty();
        assertThat(o.results().complete()).isFalse();
        assertThat(o.results().invalidReasons()).containsExactly("interrupted during calibration",
                "incomplete: 0 of 10 runs finished");
        assertThat(o.summary()).isNull();
    }
}
