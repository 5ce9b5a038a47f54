package io.pushbench.reports;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.stats.ShiftInterval;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.Comparisons;
import io.pushbench.analysis.verdict.FigureComparison;
import io.pushbench.analysis.verdict.Outcome;
import io.pushbench.reports.model.ArmView;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.model.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
    void theModelCarriesTheOneComparisonUnchanged() throws IOException {
        Path dir = Golden.fixture("comparison-5x");
        ReportModel m = ReportModelLoader.load(dir);
        Comparison direct = Comparisons.of(ResultsIO.read(dir.resolve("results.json")));
        assertThat(m.comparison()).isEqualTo(direct);
        assertThat(m.verdict()).isEqualTo(direct.verdict());
        assertThat(m.arms()).extracting(ArmView::key).containsExactly("sse/h1/gatling/plain", "ws/h1/gatling/plain");
        for (ArmView a : m.arms()) {
            assertThat(a.summary()).isEqualTo(direct.arm(a.key()));
            assertThat(a.figure(Figure.LATENCY_P99)).isEqualTo(direct.arm(a.key()).figure(Figure.LATENCY_P99));
        }
    }

    @Test
    void armsRunsSpectrumAndSteadyWindow() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("comparison-3x"));
        ArmView sse = m.arm("sse/h1/gatling/plain");
        assertThat(sse.runIds()).containsExactly("sse-h1-gatling-r1", "sse-h1-gatling-r2", "sse-h1-gatling-r3");
        assertThat(sse.figure(Figure.LATENCY_P99).values()).hasSize(3);
        // The steady window (5 s..15 s) is 10 of 16 intervals; the .hlog window agrees with the loadgen summary.
        RunView r1 = m.run("sse-h1-gatling-r1");
        assertThat(r1.intervals()).hasSize(16);
        assertThat(r1.hlogLatencyUs().count()).isEqualTo(r1.latencyUs().count());
        assertThat(r1.hlogLatencyUs().p99()).isEqualTo(r1.latencyUs().p99());
        // Headline counts are the steady window's; the whole run (ramp to drain) is larger and kept apart.
        assertThat(r1.messagesSteady()).isTrue();
        assertThat(r1.wholeRunMessages().delivered()).isGreaterThan(r1.messages().delivered());
        assertThat(sse.summary().countsSteady()).isTrue();
        assertThat(sse.spectrum().get(sse.spectrum().size() - 1).percentile()).isEqualTo(100.0);
        assertThat(sse.spectrum()).isSortedAccordingTo((a, b) -> Double.compare(a.percentile(), b.percentile()));
        assertThat(m.run("sse-h1-gatling-r2").reconnects().count()).isEqualTo(40);
        assertThat(m.jmh().pairs()).isNotEmpty();
        assertThat(m.jmh().other()).hasSize(6);
    }

    @Test
    void threeRunsPerArmCannotCall() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("comparison-3x"));
        assertThat(m.comparison().canCall()).isFalse();
        assertThat(m.comparison().figures()).extracting(FigureComparison::outcome).containsOnly(Outcome.CANNOT_CALL);
        assertThat(m.verdict()).contains(Comparisons.cannotCallLine(3, 3));
        // 3 and 3 runs reach 90% at most: the interval says so rather than claiming 99%.
        assertThat(m.comparison().of(Figure.LATENCY_P50).get(0).shift().confidenceLabel()).isEqualTo("90%");
    }

    @Test
    void fiveRunsPerArmCallTheMedian() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("comparison-5x"));
        assertThat(m.comparison().canCall()).isTrue();
        FigureComparison p50 = m.comparison().of(Figure.LATENCY_P50).get(0);
        assertThat(p50.outcome()).isEqualTo(Outcome.B_BETTER);
        assertThat(p50.b().key()).isEqualTo("ws/h1/gatling/plain");
        assertThat(p50.shift().confidence()).isGreaterThanOrEqualTo(ShiftInterval.REQUIRED_CONFIDENCE);
        assertThat(m.verdict()).contains("Called:").anySatisfy(l -> assertThat(l).startsWith("  + p50: WS h1"));
    }

    @Test
    void singleRunPerArmCannotCall() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("single-repeat"));
        assertThat(m.comparison().canCall()).isFalse();
        assertThat(m.verdict()).contains(Comparisons.cannotCallLine(1, 1));
        assertThat(m.comparison().figures()).allSatisfy(c -> assertThat(c.shift().hasInterval()).isFalse());
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
        assertThat(m.arm("ws/h1/gatling/plain").figure(Figure.LATENCY_P99)).isNotNull();
        assertThat(Reports.generate(dir)).isNotEmpty();
    }
}
