package io.pushbench.reports;

import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.model.Comparison;
import io.pushbench.reports.model.GroupView;
import io.pushbench.reports.model.Metric;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.model.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ReportModelTest {

    @Test
    void modelOfTheComparisonFixtureMatchesGolden() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("comparison-3x"));
        Golden.assertMatches("comparison-3x.model.json", ResultsIO.mapper().writeValueAsString(m) + "\n");
    }

    @Test
    void groupsRepeatsSpreadAndSteadyWindow() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("comparison-3x"));
        assertThat(m.groups()).extracting(GroupView::key)
                .containsExactly("sse/h1/gatling/plain", "ws/h1/gatling/plain");
        GroupView sse = m.group("sse/h1/gatling/plain");
        assertThat(sse.runIds()).containsExactly("sse-h1-gatling-r1", "sse-h1-gatling-r2", "sse-h1-gatling-r3");
        var p99 = sse.figure(Metric.LATENCY_P99).spread();
        assertThat(p99.n()).isEqualTo(3);
        assertThat(p99.min()).isLessThanOrEqualTo(p99.ciLow());
        assertThat(p99.ciHigh()).isLessThanOrEqualTo(p99.max());
        assertThat(p99.median()).isBetween(p99.min(), p99.max());
        // The steady window (5 s..15 s) is 10 intervals; the .hlog recomputation agrees with the loadgen summary.
        RunView r1 = m.run("sse-h1-gatling-r1");
        assertThat(r1.intervals()).hasSize(16);
        assertThat(r1.hlogLatencyUs().count()).isEqualTo(r1.latencyUs().count());
        assertThat(r1.hlogLatencyUs().p99()).isEqualTo(r1.latencyUs().p99());
        // The spectrum ends with p99.99 and the max; percentiles increase.
        assertThat(sse.spectrum().get(sse.spectrum().size() - 1).percentile()).isEqualTo(100.0);
        assertThat(sse.spectrum()).isSortedAccordingTo((a, b) -> Double.compare(a.percentile(), b.percentile()));
        assertThat(m.run("sse-h1-gatling-r2").reconnects().count()).isEqualTo(40);
        assertThat(m.jmh()).isNotNull();
        assertThat(m.jmh().pairs()).isNotEmpty();
        assertThat(m.jmh().other()).hasSize(6);
    }

    @Test
    void verdictCallsTheMedianButNotThePercentileWithinNoise() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("comparison-3x"));
        Comparison p50 = comparison(m, Metric.LATENCY_P50);
        assertThat(p50.outcome()).isEqualTo("ws-better");
        assertThat(p50.provisional()).isFalse();
        Comparison loss = comparison(m, Metric.LOSS);
        assertThat(loss.outcome()).isEqualTo("no-difference");
        assertThat(m.provisional()).isFalse();
        assertThat(m.verdict()).anySatisfy(v -> assertThat(v).startsWith("No difference beyond noise"));
    }

    @Test
    void singleRepeatIsProvisional() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("single-repeat"));
        assertThat(m.provisional()).isTrue();
        assertThat(m.comparisons()).allSatisfy(c -> assertThat(c.provisional()).isTrue());
        assertThat(m.verdict()).anySatisfy(v -> assertThat(v).startsWith("PROVISIONAL"));
    }

    @Test
    void badInputGivesOneLineMessages(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> ReportModelLoader.load(tmp.resolve("nope")))
                .isInstanceOf(IOException.class).hasMessageStartingWith("no results directory at");
        assertThatThrownBy(() -> ReportModelLoader.load(tmp))
                .isInstanceOf(IOException.class).hasMessageStartingWith("no results file at");
        Files.writeString(tmp.resolve("results.json"), "{\"schema\":\"other/v9\"}");
        assertThatThrownBy(() -> ReportModelLoader.load(tmp))
                .isInstanceOf(IOException.class).hasMessageContaining("other/v9").message().doesNotContain("\n");
    }

    @Test
    void aMissingHlogNamedByTheRunIsBadInputButAnUnnamedOneIsOptional(@TempDir Path tmp) throws IOException {
        Path dir = ReportsTest.copy(Golden.fixture("single-repeat"), tmp.resolve("r"));
        Files.delete(dir.resolve("ws-h1-gatling-r1.hlog"));
        assertThatThrownBy(() -> ReportModelLoader.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("run ws-h1-gatling-r1 names ws-h1-gatling-r1.hlog but")
                .hasMessageContaining("is missing");

        var results = ResultsIO.read(dir.resolve("results.json"));
        var runs = results.runs().stream().map(r -> r.id().startsWith("ws") ? r.withServer(r.server(),
                r.serverTimeline(), java.util.Map.of("json", r.id() + ".json")) : r).toList();
        ResultsIO.write(dir.resolve("results.json"), new io.pushbench.analysis.results.Results(results.schema(),
                results.kind(), results.complete(), results.valid(), results.invalidReasons(), results.config(),
                results.environment(), results.calibration(), runs, results.summary()));
        ReportModel m = ReportModelLoader.load(dir);
        assertThat(m.run("ws-h1-gatling-r1").spectrum()).isEmpty();
        assertThat(m.run("ws-h1-gatling-r1").intervals()).isEmpty();
        assertThat(m.group("ws/h1/gatling/plain").figure(Metric.LATENCY_P99)).isNotNull();
        assertThat(Reports.generate(dir)).isNotEmpty();
    }

    private static Comparison comparison(ReportModel m, Metric metric) {
        return m.comparisons().stream().filter(c -> c.metric().equals(metric.key())).findFirst().orElseThrow();
    }
}
