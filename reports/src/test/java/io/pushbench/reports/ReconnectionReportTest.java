package io.pushbench.reports;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.Recovery;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.reports.model.ArmView;
import io.pushbench.reports.model.ReconnectionView;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.model.RunView;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.Charts;
import io.pushbench.reports.render.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Reconnection section (fixture {@code reconnect-3x}: drop-abort, restart and slow, 3 runs per arm) in both
 * report formats, and steady-load reports left exactly as they were.
 */
@Timeout(120)
class ReconnectionReportTest {
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String ECHARTS_PLACEHOLDER =
            "/* echarts.min.js (webjar org.webjars.npm:echarts 5.3.1) inlined here */";

    @Test
    void markdownShowsEachScenarioCaseSideBySide() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("reconnect-3x"));
        String md = ReportWriter.markdown(m, Charts.of(m));
        Golden.assertMatches("reconnect-3x.report.md", md);
        assertThat(md).contains("## Reconnection", "### drop-abort", "### restart", "### slow",
                "| | SSE h1 jetty | WS h1 jetty |",
                "![drop-abort: open connections and delivered msg/s](charts/reconnect-drop-abort.svg)",
                "![restart: recovery time (fault to first message)](charts/recovery-restart.svg)",
                "![slow: latency of the slow group and of the others](charts/slow-group-slow.svg)",
                "2 never came back (ws-h1-jetty-restart-r3: 2, invalid run)",
                "Not in the figures: ws-h1-jetty-restart-r3 (invalid:",
                "not followed by design (jitter policy, shared with WebSocket): 0 of 300 attempts",
                "— (WebSocket has no retry:)", "SSE deliberately does not follow the server's retry: here");
        // The section comes before the general charts, whose grid no longer holds the section's charts.
        assertThat(md.indexOf("## Reconnection")).isLessThan(md.indexOf("## Charts"));
        assertThat(md.substring(md.indexOf("## Charts"))).doesNotContain("charts/reconnect-")
                .doesNotContain("charts/recovery-").contains("charts/spectrum.svg");
    }

    @Test
    void htmlSectionAndItsChartDataMatchGolden() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("reconnect-3x"));
        List<ChartSpec> charts = Charts.of(m);
        String html = ReportWriter.html(m, charts);
        int from = html.indexOf("<h2 id=\"reconnection\">");
        int to = html.indexOf("<h2 id=\"charts\">");
        assertThat(from).isPositive().isLessThan(to);
        Golden.assertMatches("reconnect-3x.reconnection.html", html.substring(from, to));

        Set<String> ids = ReconnectionView.of(m).chartIds();
        assertThat(ids).containsExactly("reconnect-drop-abort", "recovery-drop-abort", "reconnect-restart",
                "recovery-restart", "reconnect-slow", "slow-group-slow");
        List<ChartSpec> section = charts.stream().filter(c -> ids.contains(c.id())).toList();
        Golden.assertMatches("reconnect-3x.reconnection-charts.json",
                ResultsIO.mapper().writeValueAsString(Map.of("charts", section)) + "\n");

        // Drawn by their own inlined script from their own data block; every chart has its element.
        assertThat(html).contains("<script type=\"application/json\" id=\"pushbench-reconnection-data\">")
                .contains("pushbench-reconnection-data').textContent")
                .doesNotContainPattern("<script[^>]+src=").doesNotContain("<link ");
        for (ChartSpec c : charts) {
            assertThat(html).contains("id=\"chart-" + c.id() + "\"");
        }
        String general = html.substring(html.indexOf("<script type=\"application/json\" id=\"pushbench-data\">"));
        general = general.substring(0, general.indexOf("</script>"));
        assertThat(general).doesNotContain("reconnect-drop-abort").contains("\"spectrum\"");
    }

    @Test
    void timelineMarksTheFaultsAndPutsMsgPerSecondOnTheSecondAxis() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("reconnect-3x"));
        ChartSpec timeline = Charts.of(m).stream().filter(c -> c.id().equals("reconnect-restart")).findFirst()
                .orElseThrow();
        assertThat(timeline.y2Label()).isEqualTo("msg/s");
        assertThat(timeline.series()).extracting(ChartSpec.Series::name).containsExactly(
                "SSE h1 jetty connections", "SSE h1 jetty msg/s", "WS h1 jetty connections", "WS h1 jetty msg/s");
        assertThat(timeline.series()).extracting(ChartSpec.Series::y2).containsExactly(false, true, false, true);
        // both arms' restarts, a few ms apart, are one line
        assertThat(timeline.markers()).hasSize(1);
        assertThat(timeline.markers().get(0).label()).isEqualTo("restart 8.3 s");
        assertThat(timeline.steadyFrom()).isEqualTo(5.0);
        // no fault in the slow case: no line
        ChartSpec slow = Charts.of(m).stream().filter(c -> c.id().equals("reconnect-slow")).findFirst()
                .orElseThrow();
        assertThat(slow.markers()).isNull();
    }

    @Test
    void figuresAreTheComparisonsAndTheTimelineRunIsTheMedianByRecoveryP50() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("reconnect-3x"));
        ReconnectionView v = ReconnectionView.of(m);
        assertThat(v.cases()).extracting(ReconnectionView.CaseView::scenario)
                .containsExactly("drop-abort", "restart", "slow");
        ReconnectionView.CaseView drop = v.cases().get(0);
        assertThat(drop.armHeaders()).containsExactly("SSE h1 jetty", "WS h1 jetty");
        for (int i = 0; i < 2; i++) {
            ArmView arm = m.arm(drop.arms().get(i).key());
            // the recovery p50 cell starts with the very median the summary and the comparison use
            String cell = row(drop, "recovery p50 (fault → first message)").cells().get(i);
            assertThat(cell).startsWith(Figure.RECOVERY_P50.format(arm.figure(Figure.RECOVERY_P50).median()) + " (");
            // the timeline run: the valid run whose recovery p50 is the median of the arm's
            RunView timeline = m.run(drop.arms().get(i).timelineRun());
            assertThat(timeline.figures().get(Figure.RECOVERY_P50.key()))
                    .isEqualTo(arm.figure(Figure.RECOVERY_P50).median());
            assertThat(drop.arms().get(i).faults()).extracting(Recovery.Fault::kind).containsExactly("drop");
        }
        // WS restart: 2 valid runs (lower middle), the invalid one is named, never-came-back counts it
        ReconnectionView.CaseView restart = v.cases().get(1);
        assertThat(row(restart, "runs").cells()).containsExactly("3 (3 valid)", "3 (2 valid)");
        assertThat(restart.arms().get(1).timelineRun()).isEqualTo("ws-h1-jetty-restart-r1");
        assertThat(row(restart, "all back (fault → the last one's first message)").cells().get(1))
                .startsWith("2 never came back (ws-h1-jetty-restart-r3: 2, invalid run); in the runs where all came "
                        + "back: ");
        assertThat(restart.notes()).singleElement().asString().startsWith("Not in the figures: ws-h1-jetty-restart-r3");
        // slow: no recovery figures, the slow group beside the others' headline latency
        ReconnectionView.CaseView slow = v.cases().get(2);
        assertThat(slow.policy()).isNull();
        assertThat(slow.rows()).extracting(ReconnectionView.Row::label)
                .containsExactly("runs", "timeline run (median p99)");
        assertThat(slow.slowHeaders()).containsExactly("SSE h1 jetty: the others (headline)",
                "SSE h1 jetty: slow group", "WS h1 jetty: the others (headline)", "WS h1 jetty: slow group");
        assertThat(row(slow, "subscribers").cells()).containsExactly("180 (180, 180, 180)", "20 (20, 20, 20)",
                "180 (180, 180, 180)", "20 (20, 20, 20)");
        ArmView sseSlow = m.arm(slow.arms().get(0).key());
        assertThat(row(slow, "latency p99").cells().get(0))
                .startsWith(Figure.LATENCY_P99.format(sseSlow.figure(Figure.LATENCY_P99).median()));
        assertThat(m.run("sse-h1-jetty-slow-r1").scenario().slowSubscribers()).isEqualTo(20);
    }

    @Test
    void nativePolicySaysWhetherSseHonouredRetry(@TempDir Path tmp) throws IOException {
        Path dir = ReportsTest.copy(Golden.fixture("reconnect-3x"), tmp.resolve("r"));
        Results results = ResultsIO.read(dir.resolve("results.json"));
        List<RunResult> runs = results.runs().stream().map(r -> {
            Recovery rec = r.reconnects().recovery();
            if (rec == null) {
                return r;
            }
            long honoured = r.transport() == io.pushbench.wire.Transport.SSE ? rec.retryChecked() - 1 : 0;
            Recovery nat = new Recovery(rec.faults(), rec.affected(), rec.notBack(), rec.reconnectUs(),
                    rec.recoveryUs(), rec.allBackUs(), rec.replayed(), rec.resumes(), rec.resumeMismatches(),
                    rec.retryMs(), rec.retryChecked(), honoured, "native");
            return new RunResult(r.id(), r.transport(), r.protocol(), r.driver(), r.variant(), r.repeat(),
                    r.connections(), r.connectionsPeak(), r.valid(), r.invalidReasons(), r.window(), r.messages(),
                    r.steadyMessages(), r.latencyUs(), r.throughput(), r.connectUs(), r.firstMessageUs(),
                    r.fanoutUs(), r.reconnects().withRecovery(nat), r.loadgen(), r.server(), r.timeline(),
                    r.serverTimeline(), r.files(), r.extensions());
        }).toList();
        ResultsIO.write(dir.resolve("results.json"), new Results(results.schema(), results.kind(),
                results.complete(), results.valid(), results.invalidReasons(), results.config(),
                results.environment(), results.calibration(), runs, results.summary()));
        ReconnectionView.CaseView drop = ReconnectionView.of(ReportModelLoader.load(dir)).cases().get(0);
        assertThat(drop.policy()).startsWith("native — each transport's own default: SSE waits the server's retry:");
        assertThat(row(drop, "SSE retry: honoured").cells()).containsExactly(
                "honoured: 297 of 300 attempts (3 valid runs) waited retry: 2000 ms", "— (WebSocket has no retry:)");
    }

    @Test
    void steadyReportsAreUnchanged() throws IOException {
        // comparison-3x.report.html was written by the report code before the section existed (echarts elided)
        ReportModel m = ReportModelLoader.load(Golden.fixture("comparison-3x"));
        Golden.assertMatches("comparison-3x.report.html",
                ReportWriter.html(m, Charts.of(m)).replace(echarts(), ECHARTS_PLACEHOLDER));
        for (String fixture : List.of("comparison-3x", "comparison-5x", "regressed", "single-repeat",
                "mismatched")) {
            ReportModel steady = ReportModelLoader.load(Golden.fixture(fixture));
            assertThat(ReconnectionView.of(steady)).as(fixture).isNull();
            assertThat(steady.runs()).allSatisfy(r -> assertThat(r.scenario()).isNull());
            List<ChartSpec> charts = Charts.of(steady);
            assertThat(charts).allSatisfy(c -> assertThat(c.markers()).isNull());
            String html = ReportWriter.html(steady, charts);
            assertThat(html).doesNotContain("id=\"reconnection\"").doesNotContain("pushbench-reconnection-data");
            assertThat(ReportWriter.markdown(steady, charts)).doesNotContain("## Reconnection");
        }
        // the model JSON of a steady comparison has no scenario field (comparison-3x.model.json pins the rest)
        assertThat(ResultsIO.mapper().writeValueAsString(m)).doesNotContain("\"scenario\"");
    }

    @Test
    void generateWritesTheSectionsSvgCharts(@TempDir Path tmp) throws IOException {
        Path dir = ReportsTest.copy(Golden.fixture("reconnect-3x"), tmp.resolve("r"));
        List<Path> written = Reports.generate(dir);
        assertThat(written).contains(dir.resolve("charts/reconnect-drop-abort.svg"),
                dir.resolve("charts/recovery-restart.svg"), dir.resolve("charts/slow-group-slow.svg"));
        String svg = Files.readString(dir.resolve("charts/reconnect-restart.svg"), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<?xml").contains("restart 8.3 s").contains("msg/s");
        String md = Files.readString(dir.resolve("report.md"));
        md.lines().filter(l -> l.startsWith("![")).forEach(l -> {
            String file = l.substring(l.indexOf("](") + 2, l.length() - 1);
            assertThat(dir.resolve(file)).isRegularFile();
        });
    }

    private static ReconnectionView.Row row(ReconnectionView.CaseView c, String label) {
        return c.rows().stream().filter(r -> r.label().equals(label)).findFirst()
                .or(() -> c.slowRows().stream().filter(r -> r.label().equals(label)).findFirst())
                .orElseThrow(() -> new AssertionError("no row " + label));
    }

    private static String echarts() throws IOException {
        try (InputStream in = ReconnectionReportTest.class.getClassLoader().getResourceAsStream(ECHARTS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
