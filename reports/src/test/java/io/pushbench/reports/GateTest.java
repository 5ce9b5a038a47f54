package io.pushbench.reports;

import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.gate.Baseline;
import io.pushbench.reports.gate.Baselines;
import io.pushbench.reports.gate.Gate;
import io.pushbench.reports.gate.GateCheck;
import io.pushbench.reports.gate.GateCheck.Status;
import io.pushbench.reports.gate.GateInputException;
import io.pushbench.reports.gate.GateOptions;
import io.pushbench.reports.gate.JUnitXml;
import io.pushbench.reports.model.Metric;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.model.Spread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class GateTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

    private static Baseline baseline() throws IOException {
        return Baselines.of(ReportModelLoader.load(Golden.fixture("comparison-3x")), T);
    }

    private static String lines(List<GateCheck> checks) {
        return checks.stream().map(GateCheck::line).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void baselineMatchesGoldenAndRoundTrips(@TempDir Path tmp) throws IOException {
        Baseline b = baseline();
        Golden.assertMatches("comparison-3x.baseline.json", ResultsIO.mapper().writeValueAsString(b) + "\n");
        Path file = tmp.resolve("baseline.json");
        Baselines.write(file, b);
        assertThat(Baselines.read(file)).isEqualTo(b);
        assertThat(b.jmh()).hasSize(27);
        assertThat(b.fingerprint().config()).doesNotContainKeys("out", "repeats").containsKey("connections");
    }

    @Test
    void sameResultsPass() throws IOException {
        List<GateCheck> checks = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("comparison-3x")),
                GateOptions.builder().build());
        assertThat(checks).extracting(GateCheck::status).containsOnly(Status.PASS);
        Golden.assertMatches("gate-same.txt", lines(checks));
    }

    @Test
    void regressionFailsP99ThroughputLossAndJmh() throws IOException {
        List<GateCheck> checks = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("regressed")),
                GateOptions.builder().build());
        Golden.assertMatches("gate-regressed.txt", lines(checks));
        assertThat(checks.stream().filter(c -> c.status() == Status.FAIL).map(c -> c.subject() + " " + c.name()))
                .contains("ws/h1/gatling/plain latency p99", "ws/h1/gatling/plain delivered msg/s",
                        "ws/h1/gatling/plain loss")
                .anyMatch(s -> s.startsWith("jmh io.pushbench.jmh.bench.FramingBenchmark.wsServerFrame"))
                .noneMatch(s -> s.startsWith("sse/"))
                .noneMatch(s -> s.contains("sseEvent"));
        // Generous tolerances let the same figures pass, except loss, which is never noise.
        List<GateCheck> lenient = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("regressed")),
                GateOptions.builder().maxP99Regression(1.0).maxThroughputDrop(0.5).maxJmhRegression(0.5)
                        .maxLoss("0.2%").build());
        assertThat(lenient).extracting(GateCheck::status).containsOnly(Status.PASS);
    }

    @Test
    void aRiseWithinTheBaselineSpreadIsNoise() throws IOException {
        Baseline b = baseline();
        ReportModel current = ReportModelLoader.load(Golden.fixture("comparison-3x"));
        Spread cur = current.group("ws/h1/gatling/plain").figure(Metric.LATENCY_P99).spread();
        // A baseline whose median is 20% lower but whose spread reaches above the current interval.
        Spread noisy = new Spread(3, cur.median() / 1.2, cur.median() / 1.3, cur.max() * 2, cur.median() / 1.25,
                cur.ciLow() * 1.01);
        List<Baseline.Group> groups = b.groups().stream().map(g -> {
            if (!g.key().startsWith("ws/")) {
                return g;
            }
            var figures = new HashMap<>(g.figures());
            figures.put(Metric.LATENCY_P99.key(), noisy);
            return new Baseline.Group(g.key(), g.label(), g.repeats(), figures);
        }).toList();
        Baseline shifted = new Baseline(b.schema(), b.createdAt(), b.source(), b.fingerprint(), groups, b.jmh());
        GateCheck p99 = Gate.evaluate(shifted, current, GateOptions.builder().build()).stream()
                .filter(c -> c.subject().startsWith("ws/") && c.name().equals("latency p99")).findFirst().orElseThrow();
        assertThat(p99.status()).isEqualTo(Status.PASS);
        assertThat(p99.detail()).contains("within the baseline's spread (noise)");
    }

    @Test
    void invalidResultsFailUnlessAllowed(@TempDir Path tmp) throws IOException {
        Path dir = ReportsTest.copy(Golden.fixture("comparison-3x"), tmp.resolve("r"));
        Path results = dir.resolve("results.json");
        var r = io.pushbench.analysis.results.ResultsIO.read(results);
        var invalid = new io.pushbench.analysis.results.Results(r.schema(), r.kind(), r.complete(), false,
                List.of("ws-h1-gatling-r2: server publisher lag"), r.config(), r.environment(), r.calibration(),
                r.runs(), r.summary());
        io.pushbench.analysis.results.ResultsIO.write(results, invalid);
        ReportModel m = ReportModelLoader.load(dir);
        GateCheck strict = Gate.evaluate(baseline(), m, GateOptions.builder().build()).get(0);
        assertThat(strict.status()).isEqualTo(Status.FAIL);
        assertThat(strict.detail()).contains("publisher lag");
        GateCheck lenient = Gate.evaluate(baseline(), m, GateOptions.builder().allowInvalid(true).build()).get(0);
        assertThat(lenient.status()).isEqualTo(Status.SKIP);
    }

    @Test
    void moreAllocationPerOperationFailsEvenWhenTheTimeIsUnchanged() throws IOException {
        Baseline b = baseline();
        List<Baseline.JmhEntry> jmh = b.jmh().stream().map(e -> e.key().endsWith("sseEvent[payloadBytes=256]")
                ? new Baseline.JmhEntry(e.key(), e.mode(), e.score(), e.error(), e.unit(), e.allocBytesPerOp() / 2)
                : e).toList();
        Baseline leaner = new Baseline(b.schema(), b.createdAt(), b.source(), b.fingerprint(), b.groups(), jmh);
        List<GateCheck> checks = Gate.evaluate(leaner, ReportModelLoader.load(Golden.fixture("comparison-3x")),
                GateOptions.builder().build());
        assertThat(checks.stream().filter(c -> c.status() == Status.FAIL).map(GateCheck::name))
                .containsExactly("io.pushbench.jmh.bench.FramingBenchmark.sseEvent[payloadBytes=256] alloc");
    }

    @Test
    void fewerRepeatsWithoutJmhStillCompareAndSkipJmh() throws IOException {
        List<GateCheck> checks = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("single-repeat")),
                GateOptions.builder().build());
        assertThat(checks).anySatisfy(c -> {
            assertThat(c.status()).isEqualTo(Status.SKIP);
            assertThat(c.subject()).isEqualTo("jmh");
        });
        assertThat(checks).noneMatch(c -> c.status() == Status.FAIL);
    }

    @Test
    void mismatchedConfigurationIsBadInput() {
        assertThatThrownBy(() -> Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("mismatched")),
                GateOptions.builder().build()))
                .isInstanceOf(GateInputException.class)
                .hasMessage("configuration differs from the baseline: connections 200 -> 500, "
                        + "sse/h1/gatling/plain connections 200 -> 500, ws/h1/gatling/plain connections 200 -> 500");
    }

    @Test
    void junitXmlIsWellFormedAndCountsFailures(@TempDir Path tmp) throws Exception {
        List<GateCheck> checks = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("regressed")),
                GateOptions.builder().build());
        Path xml = tmp.resolve("gate.xml");
        JUnitXml.write(xml, checks);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        var suite = (org.w3c.dom.Element) doc.getElementsByTagName("testsuite").item(0);
        long failures = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(failures));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(checks.size());
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo((int) failures);
        assertThat(Files.readString(xml)).contains("vs baseline").contains("–");
    }

    @Test
    void badBaselineFiles(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> Baselines.read(tmp.resolve("none.json"))).hasMessageStartingWith("no baseline file");
        Files.writeString(tmp.resolve("b.json"), "{\"schema\":\"pushbench/results/v1\"}");
        assertThatThrownBy(() -> Baselines.read(tmp.resolve("b.json")))
                .hasMessageContaining("expected \"pushbench/baseline/v1\"");
        Files.writeString(tmp.resolve("c.json"), "{not json");
        assertThatThrownBy(() -> Baselines.read(tmp.resolve("c.json"))).hasMessageContaining("is not valid JSON")
                .message().doesNotContain("\n");
    }

    @Test
    void toleranceFlagsParse() {
        assertThat(GateOptions.percent("max-p99-regression", "10%")).isEqualTo(0.10);
        assertThat(GateOptions.percent("max-p99-regression", "2.5")).isEqualTo(0.025);
        assertThatThrownBy(() -> GateOptions.percent("max-p99-regression", "ten"))
                .hasMessage("max-p99-regression must be a percentage such as 10%, was \"ten\"");
        assertThatThrownBy(() -> GateOptions.percent("max-throughput-drop", "-3%"))
                .hasMessage("max-throughput-drop must be >= 0%, was -3.0%");
        assertThatThrownBy(() -> GateOptions.builder().maxLoss("lots"))
                .hasMessageStartingWith("--max-loss must be a message count");
    }
}
