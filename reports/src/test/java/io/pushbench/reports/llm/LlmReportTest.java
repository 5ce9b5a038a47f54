package io.pushbench.reports.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmResultsIO;
import io.pushbench.analysis.llm.LlmStepAggregator;
import io.pushbench.analysis.llm.LlmStepId;
import io.pushbench.analysis.llm.LlmStepResult;
import io.pushbench.analysis.llm.LoadMode;
import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.analysis.llm.StepContext;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.Golden;
import io.pushbench.reports.Reports;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The LLM section and the LLM-only report from the checked-in fixture {@code llm-2x} ({@link LlmFixture}): the
 * Markdown against golden files, the HTML's structure, the charts' data, and {@code Reports.generate} on an
 * LLM-only directory and on one with feed runs too.
 */
@Timeout(120)
class LlmReportTest {
    static LlmResults fixture() throws IOException {
        return LlmResultsIO.read(LlmFixture.dir().resolve(LlmResults.FILE_NAME));
    }

    @Test
    void markdownSectionMatchesGolden() throws IOException {
        LlmReport report = new LlmReport(fixture());
        String md = report.sectionMarkdown();
        Golden.assertMatches("llm-2x.llm-section.md", md);
        assertThat(md).startsWith("## LLM token streaming\n")
                .contains("Goodput counts the completed requests that met every objective: TTFT ≤ 400 ms, TPOT ≤ 40"
                        + " ms")
                .contains("| responses h1 | 8 req/s | TTFT |", "| chat h1 | 2 req/s | TTFT |")
                .contains("| `ws-h1-responses-rate8-r2` | NO |")
                .contains("- ws-h1-responses-rate8-r2: client CPU 0.91 of its cores (limit 0.85)")
                .contains("| `sse-h1-chat-rate2-r1` | client-cpu | --allow-busy-client: a shared CI runner |")
                .contains("| closed early |", "WebSocket closed 1006 after")
                .contains("![TTFT percentile spectrum at 8 req/s](charts/llm-ttft-rate8.svg)");
        // every chart is linked
        for (ChartSpec c : report.charts()) {
            assertThat(md).contains("](charts/" + c.id() + ".svg)");
        }
    }

    @Test
    void standaloneMarkdownMatchesGolden() throws IOException {
        String md = new LlmReport(fixture()).markdown();
        Golden.assertMatches("llm-2x.report.md", md);
        assertThat(md).startsWith("# pushbench llm — SSE h1 chat vs SSE h1 responses vs WS h1 responses\n")
                .contains("Status: **NOT VALID**", "## Environment", "| cpuModel | `AMD EPYC 7B13` |",
                        "| loopbackFloorP50Us | `38.0` |", "[llm-results.json](llm-results.json)");
    }

    @Test
    void htmlIsSelfContainedAndEveryChartHasItsElementAndData() throws IOException {
        LlmReport report = new LlmReport(fixture());
        String html = report.html();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "echarts")
                .doesNotContainPattern("<script[^>]+src=").doesNotContain("<link ")
                .contains("<h2 id=\"llm\">LLM token streaming</h2>");
        for (String id : List.of("llm-summary-table", "llm-rates-table", "llm-latency-table", "llm-cost-table",
                "llm-failures-table", "llm-invalid", "llm-waived-table", "llm-model-table", "llm-config-table",
                "environment-table", "calibration-table")) {
            assertThat(html).as("element %s", id).contains("id=\"" + id + "\"");
        }
        // The data block names exactly the charts whose elements the page has, and ECharts comes after it.
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"pushbench-llm-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(data.find()).isTrue();
        JsonNode charts = ResultsIO.mapper().readTree(data.group(1)).get("charts");
        List<String> dataIds = new ArrayList<>();
        charts.forEach(c -> dataIds.add(c.get("id").asText()));
        List<String> elementIds = Pattern.compile("id=\"chart-([^\"]+)\"").matcher(html).results()
                .map(m -> m.group(1)).toList();
        assertThat(dataIds).isEqualTo(elementIds)
                .isEqualTo(report.charts().stream().map(ChartSpec::id).toList());
        assertThat(html.indexOf("pushbench-llm-data")).isLessThan(html.lastIndexOf("echarts.init"));
        assertThat(html).contains("window.addEventListener('DOMContentLoaded'");
        // Every HTML table row of the steps tables is one step.
        long stepRows = Pattern.compile("<td><code>[a-z0-9.-]+-r\\d+</code>").matcher(html).results().count();
        LlmResults r = fixture();
        int failureRows = r.steps().stream().mapToInt(s -> s.counts().failures().size()).sum();
        assertThat(stepRows).isEqualTo(3 * r.steps().size() + failureRows + 1);   // + the waived rule's row
    }

    @Test
    void chartsUseValidRepeatsOnly() throws IOException {
        LlmResults r = fixture();
        List<ChartSpec> charts = LlmCharts.of(r);
        assertThat(charts).extracting(ChartSpec::id).containsExactly("llm-ttft-rate2", "llm-itl-rate2",
                "llm-ttft-rate8", "llm-itl-rate8", "llm-throughput-rate", "llm-tokens-rate", "llm-e2e-rate",
                "llm-transport-share-rate", "llm-failures");
        ChartSpec ttft8 = charts.get(2);
        assertThat(ttft8.series()).extracting(ChartSpec.Series::name)
                .containsExactly("SSE h1 chat", "SSE h1 responses", "WS h1 responses");
        // WS at 8 req/s: only repeat 1 is valid, so its spectrum's maximum is repeat 1's (ms)
        LlmStepResult wsValid = r.steps().stream().filter(s -> s.name().equals("ws-h1-responses-rate8-r1"))
                .findFirst().orElseThrow();
        List<double[]> ws = ttft8.series().get(2).points();
        assertThat(ws.get(ws.size() - 1)[1]).isEqualTo(wsValid.latency().ttftUs().max() / 1000.0);

        ChartSpec throughput = charts.get(4);
        double[] ws8 = throughput.series().stream().filter(s -> s.name().equals("WS h1 responses completed"))
                .findFirst().orElseThrow().points().get(1);
        assertThat(ws8[0]).isEqualTo(8.0);
        assertThat(ws8[1]).isEqualTo(wsValid.rates().completedPerSec());

        ChartSpec failures = charts.get(8);
        assertThat(failures.categories()).containsExactly("no done", "closed early", "timeout");
        double wsClosed = failures.series().stream().filter(s -> s.name().equals("WS h1 responses")).findFirst()
                .orElseThrow().points().get(1)[1];
        assertThat(wsClosed).isEqualTo(r.steps().stream().filter(s -> s.name().startsWith("ws-"))
                .mapToLong(s -> s.counts().failed()).sum());

        ChartSpec share = charts.get(7);
        assertThat(share.kind()).isEqualTo("bar");
        assertThat(share.series().get(0).points().get(0)[1]).isCloseTo(
                100 * r.steps().get(0).transportShare().ttft() / 2 + 100 * r.steps().get(6).transportShare().ttft() / 2,
                within(1e-9));
    }

    @Test
    void closedLoopStepsGetTheirOwnChartsAndNoTransportOrFailureChartWithoutData() {
        LlmStepAggregator agg = new LlmStepAggregator(new LlmStepId(Transport.WS, Protocol.H1,
                LlmContract.Api.RESPONSES, LoadMode.CONCURRENCY, 16, 1), null);
        RequestTimeline t = new RequestTimeline(1, 0);
        t.sent(0);
        t.chunk(100_000_000, RequestTimeline.TOKENS_UNKNOWN, true, RequestTimeline.NO_EMIT);
        t.chunk(120_000_000, RequestTimeline.TOKENS_UNKNOWN, true, RequestTimeline.NO_EMIT);
        t.completed(121_000_000);
        agg.add(t);
        LlmResults r = LlmResults.of(true, null, null, null, null,
                List.of(agg.result(StepContext.of(LlmFixture.WINDOW))));
        List<ChartSpec> charts = LlmCharts.of(r);
        // no token counts: no tokens chart; no emit times: no share chart; no failure: no failures chart
        assertThat(charts).extracting(ChartSpec::id).containsExactly("llm-ttft-concurrency16",
                "llm-itl-concurrency16", "llm-throughput-concurrency", "llm-e2e-concurrency");
        assertThat(charts.get(2).xLabel()).isEqualTo("offered load (concurrent)");
        String md = new LlmReport(r).sectionMarkdown();
        assertThat(md).contains("No SLO was given, so goodput is not computed",
                "| `ws-h1-responses-concurrency16-r1` | yes | 1 | 1 | 0 | 0 | 0.05 | 0.05 | — | — | 0.10 | unknown | 0 |",
                "No request scheduled in a measured window failed.", "| responses h1 | 16 concurrent | TTFT |")
                .doesNotContain("ITL per token |");
    }

    @Test
    void generateOnAnLlmOnlyDirectoryWritesTheLlmReport(@TempDir Path tmp) throws IOException {
        Files.copy(LlmFixture.dir().resolve(LlmResults.FILE_NAME), tmp.resolve(LlmResults.FILE_NAME));
        List<Path> written = Reports.generate(tmp);
        assertThat(written.get(0)).isEqualTo(tmp.resolve("report.html"));
        assertThat(written.get(1)).isEqualTo(tmp.resolve("report.md"));
        assertThat(written.subList(2, written.size())).allMatch(p -> p.toString().endsWith(".svg"))
                .hasSize(LlmCharts.of(fixture()).size());
        for (Path svg : written.subList(2, written.size())) {
            assertThat(Files.readString(svg)).startsWith("<?xml").contains("<svg");
        }
        assertThat(Files.readString(tmp.resolve("report.md"))).isEqualTo(new LlmReport(fixture()).markdown());
    }

    @Test
    void generateWithFeedRunsToo(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("r");
        try (Stream<Path> files = Files.walk(Golden.fixture("comparison-3x"))) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(Golden.fixture("comparison-3x").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.copy(LlmFixture.dir().resolve(LlmResults.FILE_NAME), dir.resolve(LlmResults.FILE_NAME));
        List<Path> written = Reports.generate(dir);
        String md = Files.readString(dir.resolve("report.md"));
        LlmReport llm = new LlmReport(fixture());
        // the feed report, with the LLM section in full before its Validity
        assertThat(md).contains("## Verdict", "\n" + llm.sectionMarkdown() + "\n## Validity");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains(llm.sectionHtml() + "\n<h2 id=\"validity\">").contains("id=\"pushbench-data\"");
        for (ChartSpec c : llm.charts()) {
            assertThat(written).contains(dir.resolve("charts").resolve(c.id() + ".svg"));
        }
    }
}
