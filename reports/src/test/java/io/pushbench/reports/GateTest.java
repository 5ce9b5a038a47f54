package io.pushbench.reports;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.reports.gate.Baseline;
import io.pushbench.reports.gate.Baselines;
import io.pushbench.reports.gate.Gate;
import io.pushbench.reports.gate.GateCheck;
import io.pushbench.reports.gate.GateCheck.Status;
import io.pushbench.reports.gate.GateInputException;
import io.pushbench.reports.gate.GateOptions;
import io.pushbench.reports.gate.JUnitXml;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class GateTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    private static final String WS = "ws/h1/gatling/plain";

    private static Baseline baseline() throws IOException {
        return Baselines.of(ReportModelLoader.load(Golden.fixture("comparison-5x")), T);
    }

    private static String lines(List<GateCheck> checks) {
        return checks.stream().map(GateCheck::line).collect(Collectors.joining("\n", "", "\n"));
    }

    private static GateCheck check(List<GateCheck> checks, String subject, String name) {
        return checks.stream().filter(c -> c.subject().equals(subject) && c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + subject + " " + name + " in\n" + lines(checks)));
    }

    @Test
    void baselineKeepsPerRunValuesMatchesGoldenAndRoundTrips(@TempDir Path tmp) throws IOException {
        Baseline b = baseline();
        Golden.assertMatches("comparison-5x.baseline.json", ResultsIO.mapper().writeValueAsString(b) + "\n");
        assertThat(b.schema()).isEqualTo("pushbench/baseline/v2");
        ReportModel m = ReportModelLoader.load(Golden.fixture("comparison-5x"));
        for (Figure f : Figure.STEADY) {
            assertThat(b.arm(WS).figures().get(f.key()).values()).as(f.label())
                    .isEqualTo(m.arm(WS).figure(f).values());
        }
        Path file = tmp.resolve("baseline.json");
        Baselines.write(file, b);
        assertThat(Baselines.read(file)).isEqualTo(b);
        assertThat(b.jmh()).hasSize(27);
        assertThat(b.fingerprint().config()).doesNotContainKeys("out", "repeats").containsKey("connections");
    }

    @Test
    void sameResultsPassEveryHeadlineFigure() throws IOException {
        List<GateCheck> checks = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("comparison-5x")),
                GateOptions.builder().build());
        assertThat(checks).extracting(GateCheck::status).containsOnly(Status.PASS);
        for (String arm : List.of("sse/h1/gatling/plain", WS)) {
            for (Figure f : Figure.STEADY) {
                check(checks, arm, f.label());
            }
            check(checks, arm, "delivered");
        }
        Golden.assertMatches("gate-same.txt", lines(checks));
    }

    @Test
    void regressionFailsLatencyThroughputLossAndJmh() throws IOException {
        List<GateCheck> checks = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("regressed")),
                GateOptions.builder().build());
        Golden.assertMatches("gate-regressed.txt", lines(checks));
        assertThat(checks.stream().filter(c -> c.status() == Status.FAIL).map(c -> c.subject() + " " + c.name()))
                .contains(WS + " p50", WS + " p99", WS + " p99.9", WS + " msg/s", WS + " loss")
                .anyMatch(s -> s.startsWith("jmh io.pushbench.jmh.bench.FramingBenchmark.wsServerFrame"))
                .noneMatch(s -> s.startsWith("sse/"))
                .noneMatch(s -> s.contains("sseEvent"));
        // Generous tolerances let the same figures pass.
        List<GateCheck> lenient = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("regressed")),
                GateOptions.builder().tolerances("p50=100%,p99=100%,p99.9=100%,max=200%,msg/s=50%,loss=0.2%")
                        .maxJmhRegression(0.5).build());
        assertThat(lenient).extracting(GateCheck::status).containsOnly(Status.PASS);
    }

    @Test
    void tooFewRunsToCallAreSkippedWithTheReasonNotPassed() throws IOException {
        List<GateCheck> checks = Gate.evaluate(baseline(), ReportModelLoader.load(Golden.fixture("single-repeat")),
                GateOptions.builder().build());
        for (Figure f : Figure.STEADY) {
            if (f != Figure.LOSS) {
                GateCheck c = check(checks, WS, f.label());
                assertThat(c.status()).as(f.label()).isEqualTo(Status.SKIP);
                assertThat(c.detail()).contains("5 and 1 valid runs cannot reach 99% one-sided confidence");
            }
        }
        assertThat(check(checks, "jmh", "per-message cost").status()).isEqualTo(Status.SKIP);
        assertThat(checks).noneMatch(c -> c.status() == Status.FAIL);
    }

    @Test
    void invalidResultsFailUnlessAllowedAndFiguresAreStillGated(@TempDir Path tmp) throws IOException {
        Path dir = rewrite(Golden.fixture("regressed"), tmp, r -> r.id().equals("ws-h1-gatling-r2")
                ? r.withValidity(List.of("server publisher lag")) : r);
        ReportModel m = ReportModelLoader.load(dir);
        GateCheck strict = check(Gate.evaluate(baseline(), m, GateOptions.builder().build()), "results", "valid");
        assertThat(strict.status()).isEqualTo(Status.FAIL);
        assertThat(strict.detail()).contains("publisher lag");
        List<GateCheck> lenient = Gate.evaluate(baseline(), m, GateOptions.builder().allowInvalid(true).build());
        assertThat(check(lenient, "results", "valid").status()).isEqualTo(Status.SKIP);
        // 4 valid current runs against 5: still callable, and the regression still fails.
        assertThat(check(lenient, WS, "p99").status()).isEqualTo(Status.FAIL);
        assertThat(check(lenient, WS, "p99").detail()).contains("(4 runs) vs baseline");
    }

    @Test
    void aRunThatDeliveredNothingNeverPasses(@TempDir Path tmp) throws IOException {
        UnaryOperator<RunResult> empty = r -> r.id().equals("ws-h1-gatling-r3") ? nothingDelivered(r) : r;
        // Even when the results (wrongly) call the run valid ...
        ReportModel claimedValid = ReportModelLoader.load(rewrite(Golden.fixture("comparison-5x"),
                tmp.resolve("a"), empty));
        GateCheck d = check(Gate.evaluate(baseline(), claimedValid, GateOptions.builder().build()), WS,
                "delivered");
        assertThat(d.status()).isEqualTo(Status.FAIL);
        assertThat(d.detail()).startsWith("ws-h1-gatling-r3 delivered nothing (0 of ");
        // ... and when it is invalid and invalid runs are allowed.
        ReportModel invalid = ReportModelLoader.load(rewrite(Golden.fixture("comparison-5x"), tmp.resolve("b"),
                r -> r.id().equals("ws-h1-gatling-r3") ? nothingDelivered(r).withValidity(List.of("no message"))
                        : r));
        List<GateCheck> allowed = Gate.evaluate(baseline(), invalid, GateOptions.builder().allowInvalid(true).build());
        assertThat(check(allowed, "results", "valid").status()).isEqualTo(Status.SKIP);
        assertThat(check(allowed, WS, "delivered").status()).isEqualTo(Status.FAIL);
        assertThat(check(allowed, "sse/h1/gatling/plain", "delivered").status()).isEqualTo(Status.PASS);
    }

    @Test
    void moreAllocationPerOperationFailsEvenWhenTheTimeIsUnchanged() throws IOException {
        Baseline b = baseline();
        List<Baseline.JmhEntry> jmh = b.jmh().stream().map(e -> e.key().endsWith("sseEvent[payloadBytes=256]")
                ? new Baseline.JmhEntry(e.key(), e.mode(), e.score(), e.error(), e.unit(), e.allocBytesPerOp() / 2)
                : e).toList();
        Baseline leaner = new Baseline(b.schema(), b.createdAt(), b.source(), b.fingerprint(), b.arms(), jmh, b.verdict());
        List<GateCheck> checks = Gate.evaluate(leaner, ReportModelLoader.load(Golden.fixture("comparison-5x")),
                GateOptions.builder().build());
        assertThat(checks.stream().filter(c -> c.status() == Status.FAIL).map(GateCheck::name))
                .containsExactly("io.pushbench.jmh.bench.FramingBenchmark.sseEvent[payloadBytes=256] alloc");
    }

    @Test
    void jmhWithoutAnErrorEstimateIsRefusedUnlessAllowedThenSkipped() throws IOException {
        Baseline b = baseline();
        String key = "io.pushbench.jmh.bench.FramingBenchmark.wsServerFrame[payloadBytes=256]";
        List<Baseline.JmhEntry> jmh = b.jmh().stream().map(e -> e.key().equals(key)
                ? new Baseline.JmhEntry(e.key(), e.mode(), e.score(), null, e.unit(), e.allocBytesPerOp()) : e)
                .toList();
        Baseline quick = new Baseline(b.schema(), b.createdAt(), b.source(), b.fingerprint(), b.arms(), jmh, b.verdict());
        ReportModel regressed = ReportModelLoader.load(Golden.fixture("regressed"));
        assertThatThrownBy(() -> Gate.evaluate(quick, regressed, GateOptions.builder().build()))
                .isInstanceOf(GateInputException.class)
                .hasMessage("JMH results without an error estimate (one iteration, e.g. --quick) cannot be gated: "
                        + key + " (baseline); run JMH with several iterations or pass --allow-jmh-without-error "
                        + "to skip them");
        List<GateCheck> checks = Gate.evaluate(quick, regressed,
                GateOptions.builder().allowJmhWithoutError(true).build());
        // 30% slower, but without an error estimate it is not judged on the score alone.
        GateCheck c = check(checks, "jmh", key);
        assertThat(c.status()).isEqualTo(Status.SKIP);
        assertThat(c.detail()).contains("not gated on the score alone");
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
    void junitXmlParsesBackWithEveryCheckAndItsText(@TempDir Path tmp) throws Exception {
        List<GateCheck> checks = new ArrayList<>(Gate.evaluate(baseline(),
                ReportModelLoader.load(Golden.fixture("regressed")), GateOptions.builder().build()));
        checks.add(new GateCheck(Status.FAIL, "x<&\"'>", "n]]>ame", "a < b && c > \"d\" ]]> 'e' \u0001µs –"));
        Path xml = tmp.resolve("gate.xml");
        JUnitXml.write(xml, checks);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        long failures = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        long skipped = checks.stream().filter(c -> c.status() == Status.SKIP).count();
        assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(failures));
        assertThat(suite.getAttribute("skipped")).isEqualTo(String.valueOf(skipped));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            GateCheck c = checks.get(i);
            Element e = (Element) cases.item(i);
            assertThat(e.getAttribute("classname")).isEqualTo("pushbench.gate." + c.subject());
            assertThat(e.getAttribute("name")).isEqualTo(c.name());
            String expectedDetail = c.detail().replace("\u0001", "");
            switch (c.status()) {
                case FAIL -> assertThat(((Element) e.getElementsByTagName("failure").item(0)).getAttribute("message"))
                        .isEqualTo(expectedDetail);
                case SKIP -> assertThat(((Element) e.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                        .isEqualTo(expectedDetail);
                case PASS -> assertThat(e.getElementsByTagName("system-out").item(0).getTextContent())
                        .isEqualTo(expectedDetail);
            }
        }
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo((int) failures);
    }

    @Test
    void badBaselineFiles(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> Baselines.read(tmp.resolve("none.json"))).hasMessageStartingWith("no baseline file");
        Files.writeString(tmp.resolve("b.json"), "{\"schema\":\"pushbench/results/v1\"}");
        assertThatThrownBy(() -> Baselines.read(tmp.resolve("b.json")))
                .hasMessageContaining("expected \"pushbench/baseline/v2\"");
        Files.writeString(tmp.resolve("v1.json"), "{\"schema\":\"pushbench/baseline/v1\",\"groups\":[]}");
        assertThatThrownBy(() -> Baselines.read(tmp.resolve("v1.json")))
                .hasMessage(tmp.resolve("v1.json") + " is a pushbench/baseline/v1 baseline without per-run values; "
                        + "re-create it with `pushbench baseline` from the baseline's results directory");
        Files.writeString(tmp.resolve("c.json"), "{not json");
        assertThatThrownBy(() -> Baselines.read(tmp.resolve("c.json"))).hasMessageContaining("is not valid JSON")
                .message().doesNotContain("\n");
    }

    /** A copy of fixture {@code from} in {@code to} with each run passed through {@code change}. */
    static Path rewrite(Path from, Path to, UnaryOperator<RunResult> change) throws IOException {
        Path dir = ReportsTest.copy(from, to);
        Results r = ResultsIO.read(dir.resolve("results.json"));
        List<RunResult> runs = r.runs().stream().map(change).toList();
        ResultsIO.write(dir.resolve("results.json"), Results.of(r.kind(), r.complete(), r.config(), r.environment(),
                runs, r.summary()));
        return dir;
    }

    /** {@code r} as if every expected message of its steady window had been lost. */
    static RunResult nothingDelivered(RunResult r) {
        MessageCounts s = r.steadyMessages();
        MessageCounts none = new MessageCounts(s.expected(), 0, s.expected(), 0, 0, 0, 0);
        return new RunResult(r.id(), r.transport(), r.protocol(), r.driver(), r.variant(), r.repeat(),
                r.connections(), r.connectionsPeak(), r.valid(), r.invalidReasons(), r.window(), r.messages(), none,
                r.latencyUs(), r.throughput(), r.connectUs(), r.firstMessageUs(), r.fanoutUs(), r.reconnects(),
                r.loadgen(), r.server(), r.timeline(), r.serverTimeline(), r.files(), r.extensions());
    }
}
