package io.pushbench.cli.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.Environment;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.cli.Main;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CompareRunner;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.OrchestratorExecutor;
import io.pushbench.loadgen.compare.ProfileLoader;
import io.pushbench.loadgen.compare.ReportStep;
import io.pushbench.loadgen.compare.RunExecutor;
import io.pushbench.loadgen.run.RunListener;
import io.pushbench.reports.Reports;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole comparison on real sockets: a tiny profile (both transports, seconds each) through the real run
 * orchestrator (server JVM + Gatling JVM), then checks of the results directory and that the summary's figures
 * match the raw files. Also: an interrupted comparison leaves no child process and an incomplete results.json.
 */
@Timeout(180)
class CompareEndToEndTest {
    @TempDir
    Path dir;

    private final StringWriter screen = new StringWriter();

    /** Gatling over h1: the driver this branch's run orchestrator launches. */
    private static CompareProfile tiny() {
        return ProfileLoader.builtIn("ci").name("e2e").repeats(1).drivers(List.of("gatling")).protocols(List.of("h1"))
                .calibrate(false).connections(20).rate(20).payload(128)
                .ramp(Duration.ofSeconds(2)).warmup(Duration.ofSeconds(2)).duration(Duration.ofSeconds(6))
                .serverJvmArgs(List.of("-Xmx256m")).loadgenJvmArgs(List.of("-Xmx512m")).build();
    }

    private CompareRunner runner(CompareProfile p, RunExecutor ex, ConsoleLog console, ReportStep reports) {
        CpuPinning pinning = CpuPinning.decide(p, CpuPinning.tasksetAvailable(),
                Runtime.getRuntime().availableProcessors());
        return CompareRunner.builder(p, dir).pinning(pinning).executor(ex).environment(Environment.detect(null))
                .listener(new CompareConsole(console)).reports(reports).build();
    }

    private static RunExecutor orchestrator() {
        return new OrchestratorExecutor(List.of(Main.class.getName(), "server"));
    }

    @AfterEach
    void noChildProcessSurvives() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.current().descendants().map(ph -> ph.info().commandLine().orElse("?")))
                .as("child processes left behind").isEmpty();
    }

    @Test
    void tinyComparisonWritesAConsistentResultsDirectory() throws IOException {
        CompareProfile p = tiny();
        CompareRunner.Outcome o;
        try (ConsoleLog console = ConsoleLog.open(new PrintWriter(screen), dir.resolve("console.log"), false)) {
            o = runner(p, orchestrator(), console, Reports::generate).run();
        }
        Results r = ResultsIO.read(dir.resolve("results.json"));
        assertThat(r.kind()).isEqualTo(Results.KIND_COMPARISON);
        assertThat(r.complete()).as(screen.toString()).isTrue();
        // a run made invalid by a busy machine (CPU rules) is replaced by one more run of its arm: at most one here
        assertThat(r.runs()).extracting(RunResult::id).startsWith("sse-h1-gatling-r1", "ws-h1-gatling-r1")
                .hasSizeLessThanOrEqualTo(3);
        assertThat(r.environment().extra()).isEmpty(); // the runner stores what it is given
        assertThat(Files.readString(dir.resolve("console.log"))).contains("Verdict:").contains("results: ")
                .contains("[server] pushbench server listening on"); // the orchestrator's child output, same file
        assertThat(dir.resolve("summary.txt")).isRegularFile();
        assertThat(o.reports()).contains(dir.resolve("report.html"), dir.resolve("report.md"));
        assertThat(dir.resolve("report.html")).isRegularFile();

        JsonNode summary = ResultsIO.mapper().readTree(dir.resolve("results.json").toFile()).path("summary");
        long deliveredSum = 0;
        for (RunResult run : r.runs()) {
            // the run's raw files, written by the orchestrator into the comparison directory
            assertThat(dir.resolve(run.id() + ".json")).isRegularFile();
            assertThat(dir.resolve(run.id() + ".hlog")).isRegularFile();
            assertThat(run.files()).containsKeys("json", "hlog");
            assertThat(run.messages().delivered()).isPositive();
            assertThat(run.messages().lost()).as(run.id() + " lost").isZero();
            assertThat(run.messages().delivered()).isEqualTo(run.messages().expected());
            assertThat(run.steadyMessages().lost()).as(run.id() + " lost in the steady window").isZero();
            assertThat(run.steadyMessages().expected()).isPositive();
            if (!run.valid()) {
                continue;   // an invalid run gives no figure (and was replaced)
            }
            deliveredSum += run.steadyMessages().delivered();

            // p99 in results.json == p99 recomputed from the run's .hlog over its steady window. The driver
            // assigns each message to the window by its receive time; the .hlog has 1 s intervals aligned on the
            // load start, so only messages within the sampler's tick jitter (ms) at the two edges can differ.
            Percentiles fromHlog = Percentiles.fromNanos(steady(dir.resolve(run.files().get("hlog")),
                    run.window().steadyFromSec(), run.window().steadyToSec()));
            long edge = Math.round(p.rate() * p.connections() * 0.05) + 1; // 50 ms of deliveries per edge
            assertThat(fromHlog.count()).isCloseTo(run.latencyUs().count(), org.assertj.core.data.Offset.offset(2 * edge));
            assertThat(fromHlog.p99()).isCloseTo(run.latencyUs().p99(), org.assertj.core.data.Percentage.withPercentage(5));
            assertThat(fromHlog.p50()).isCloseTo(run.latencyUs().p50(), org.assertj.core.data.Percentage.withPercentage(5));

            // the summary's arm figures are the run's figures (one repeat), its counts the steady window's
            JsonNode arm = arm(summary, run.transport().key());
            assertThat(arm.path("messagesWindow").asText()).isEqualTo("steady");
            assertThat(arm.path("messages").path("delivered").asLong()).isEqualTo(run.steadyMessages().delivered());
            assertThat(arm.path("wholeRunMessages").path("delivered").asLong()).isEqualTo(run.messages().delivered());
            assertThat(arm.path("figures").path("latencyP99Us").path("median").asDouble())
                    .isEqualTo(run.latencyUs().p99());
            assertThat(arm.path("figures").path("messagesPerSec").path("median").asDouble())
                    .isEqualTo(run.throughput().messagesPerSec());
        }
        long summed = 0;
        for (JsonNode g : summary.path("arms")) {
            summed += g.path("messages").path("delivered").asLong();
        }
        assertThat(summed).isEqualTo(deliveredSum);
        if (o.summary().arms().stream().allMatch(a -> a.validRuns() > 0)) {
            // one comparison per headline figure that both arms have (a figure a busy machine left unmeasured in
            // every run of an arm, e.g. heap/conn when the loaded-heap read missed the short warm-up, has none)
            long inBoth = io.pushbench.analysis.figure.Figure.HEADLINE.stream()
                    .filter(f -> o.summary().arms().stream().allMatch(a -> a.figures().containsKey(f))).count();
            assertThat(summary.path("comparisons").size()).isEqualTo(inBoth);
            assertThat(inBoth).as("latency, throughput and loss are measured in every valid run").isGreaterThanOrEqualTo(6);
        }
        // one run per arm: nothing is called, and console, results.json and the summary say so in the same words
        assertThat(o.summary().called()).isEmpty();
        String noCall = "NO CALL: with ";   // 1 valid run per arm (0 when a busy machine voided an arm's runs)
        assertThat(o.summary().verdict()).anyMatch(l -> l.startsWith(noCall));
        assertThat(summary.path("verdict").toString()).contains(noCall);
        assertThat(Files.readString(dir.resolve("console.log"))).contains(noCall);
    }

    @Test
    void interruptedComparisonStopsChildrenAndIsMarkedIncomplete() throws Exception {
        CompareProfile p = tiny().toBuilder().duration(Duration.ofSeconds(60)).build();
        CountDownLatch measuring = new CountDownLatch(1);
        RunExecutor real = orchestrator();
        RunExecutor watched = (run, prof, pin, out, progress) -> real.execute(run, prof, pin, out, new RunListener() {
            @Override
            public void onInterval(io.pushbench.analysis.results.IntervalSample s) {
                progress.onInterval(s);
                if (s.connections() > 0) {
                    measuring.countDown();
                }
            }

            @Override
            public void onMessage(String line) {
                progress.onMessage(line);
            }
        });
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (ConsoleLog console = ConsoleLog.open(new PrintWriter(screen), dir.resolve("console.log"), false)) {
                outcome.set(runner(p, watched, console, ReportStep.NONE).run());
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "compare-under-test");
        t.start();
        assertThat(measuring.await(90, TimeUnit.SECONDS)).as(screen.toString()).isTrue();
        t.interrupt();
        t.join(60_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(outcome.get()).as(String.valueOf(outcome.get())).isInstanceOf(CompareRunner.Outcome.class);
        Results r = ResultsIO.read(dir.resolve("results.json"));
        assertThat(r.complete()).isFalse();
        assertThat(r.valid()).isFalse();
        assertThat(r.invalidReasons()).anyMatch(s -> s.startsWith("interrupted"));
        // @AfterEach: no server or Gatling JVM survives
    }

    private static JsonNode arm(JsonNode summary, String transport) {
        for (JsonNode g : summary.path("arms")) {
            if (g.path("transport").asText().equals(transport)) {
                return g;
            }
        }
        throw new AssertionError("no arm for " + transport + " in " + summary);
    }

    /** Independent of HlogWindow: plain HistogramLogReader, intervals whose midpoint is in the window. */
    private static Histogram steady(Path hlog, double from, double to) throws IOException {
        Histogram sum = new Histogram(3);
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                double s = e.getStartTimeStamp() / 1000.0 - reader.getStartTimeSec();
                double end = e.getEndTimeStamp() / 1000.0 - reader.getStartTimeSec();
                double mid = (s + end) / 2;
                if (mid >= from && mid < to && e.getTag() == null) {   // the untagged first-delivery series
                    sum.add((Histogram) e);
                }
            }
        }
        return sum;
    }
}
