package io.pushbench.reports.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.Golden;
import io.pushbench.reports.Reports;
import io.pushbench.reports.render.ChartSpec;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity section and the capacity-only report from the checked-in fixture {@code capacity-2x} (written by the
 * command's own record over a model server: cli's {@code CapacityAnswersEverywhereTest}): SSE h1 found a capacity in
 * both of its searches, WS h1 stopped on the instrument. The Markdown against golden files, the HTML's structure and
 * chart data, and {@code Reports.generate} on a capacity-only directory and on one with feed runs too.
 */
@Timeout(60)
class CapacityReportTest {
    static Path dir() {
        return Golden.fixture("capacity-2x");
    }

    static CapacityReport report() throws IOException {
        return new CapacityReport(CapacityFile.read(dir()));
    }

    @Test
    void markdownSectionMatchesGolden() throws IOException {
        CapacityReport report = report();
        String md = report.sectionMarkdown();
        Golden.assertMatches("capacity-2x.capacity-section.md", md);
        assertThat(md).startsWith("## Capacity\n")
                .contains("| SSE h1 | 2 of 2 | 174 / 182 / 190 | 17,448 / 18,238 / 19,027 | 100 | 0.11, 0.11 |")
                .contains("| WS h1 | 0 of 1 | — | — | — | — |")
                .contains("| WS h1 | no capacity: the instrument's limit (load generator, publisher or observation),"
                        + " not the server's |")
                .contains("| SSE h1 #1 |", "| 291.0 B (9 steps) |", "≤ 280.0 µs/s (lowest load, 10)")
                .contains("| WS h1 | ramp | 80 | INVALID |", "instrument: load generator saturated |")
                // the idle connections beside the figures under load, and why one was not measured
                .contains("| ≤ 280.0 µs/s (lowest load, 10) | 8.0 ± 45.0 µs/s (100 connections) | 3,150 B |",
                        "| not measured: ramp incomplete: 97 of 100 connections open when the steady window"
                                + " began | — |")
                // the floor is the median of the run's measurements, with their range
                .contains("Kernel fan-out floor: 165,759 writes/s, the median of 3 measurements (153,913..211,992;")
                .contains("![SSE h1: latency against offered load](charts/capacity-sse-h1.svg)");
        // the verdict is the file's answers, verbatim
        assertThat(md).contains("```\n" + String.join("\n", report.verdict()) + "\n```");
        for (ChartSpec c : report.charts()) {
            assertThat(md).contains("](charts/" + c.id() + ".svg)");
        }
    }

    @Test
    void standaloneMarkdownMatchesGolden() throws IOException {
        String md = report().markdown();
        Golden.assertMatches("capacity-2x.report.md", md);
        assertThat(md).startsWith("# pushbench capacity — SSE h1 vs WS h1\n").contains("## Configuration",
                "| sloP99 | `50ms` |", "[capacity-results.json](capacity-results.json)");
    }

    @Test
    void chartsDrawEachTransportsCurveWithTheObjectiveAndTheKnee() throws IOException {
        CapacityFile f = CapacityFile.read(dir());
        List<ChartSpec> charts = CapacityCharts.of(f);
        assertThat(charts).extracting(ChartSpec::id).containsExactly("capacity-sse-h1", "capacity-ws-h1");
        ChartSpec sse = charts.get(0);
        assertThat(sse.series()).extracting(ChartSpec.Series::name).containsExactly("p50 #1", "p99 #1",
                "p99.9 #1", "p50 #2", "p99 #2", "p99.9 #2", "objective: p99 ≤ 50ms");
        // the objective is flat at the limit across the loads drawn
        List<double[]> objective = sse.series().getLast().points();
        assertThat(objective).allSatisfy(p -> assertThat(p[1]).isEqualTo(50.0));
        // p99 #1 is the first search's valid steps, by load, in ms
        JsonNode first = f.arms().get(0).searches().get(0);
        List<double[]> expected = new ArrayList<>();
        first.path("points").forEach(p -> expected.add(new double[]{p.get("load").asDouble(),
                p.get("p99Us").asDouble() / 1000}));
        expected.sort((a, b) -> Double.compare(a[0], b[0]));
        assertThat(sse.series().get(1).points()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(expected);
        assertThat(sse.markers()).extracting(ChartSpec.Marker::label).contains("knee #1: p99 ×2", "capacity #1",
                "p99 at limit #2");
        // WS: the invalid step is left out of the curve and marked as the instrument's
        ChartSpec ws = charts.get(1);
        assertThat(ws.series().get(1).points()).allSatisfy(p -> assertThat(p[0]).isLessThan(80));
        assertThat(ws.markers()).extracting(ChartSpec.Marker::label).contains("instrument limit");
    }

    @Test
    void htmlIsSelfContainedAndEveryChartHasItsElementAndData() throws IOException {
        CapacityReport report = report();
        String html = report.html();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "echarts")
                .doesNotContainPattern("<script[^>]+src=").doesNotContain("<link ")
                .contains("<h2 id=\"capacity\">Capacity</h2>");
        for (String id : List.of("capacity-verdict-lines", "capacity-table", "capacity-stop-table",
                "capacity-cost-table", "capacity-steps-table", "config-table", "environment-table")) {
            assertThat(html).as("element %s", id).contains("id=\"" + id + "\"");
        }
        Matcher data = Pattern.compile(
                "<script type=\"application/json\" id=\"pushbench-capacity-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(data.find()).isTrue();
        JsonNode charts = ResultsIO.mapper().readTree(data.group(1)).get("charts");
        List<String> dataIds = new ArrayList<>();
        charts.forEach(c -> dataIds.add(c.get("id").asText()));
        List<String> elementIds = Pattern.compile("id=\"chart-([^\"]+)\"").matcher(html).results()
                .map(m -> m.group(1)).toList();
        assertThat(dataIds).isEqualTo(elementIds).containsExactly("capacity-sse-h1", "capacity-ws-h1");
        // the curves, the objective and the markers are in the page's data
        JsonNode sse = charts.get(0);
        assertThat(sse.get("series")).hasSize(7);
        assertThat(sse.get("series").get(1).get("points").size()).isGreaterThan(3);
        assertThat(sse.get("markers").toString()).contains("capacity #1");
        assertThat(html.indexOf("pushbench-capacity-data")).isLessThan(html.lastIndexOf("echarts.init"));
        // every step and confirmation is one row of the steps table
        String steps = html.substring(html.indexOf("id=\"capacity-steps-table\""));
        steps = steps.substring(0, steps.indexOf("</table>"));
        long rows = Pattern.compile("<tr><td>").matcher(steps).results().count();
        int expected = 0;
        for (CapacityFile.Arm arm : CapacityFile.read(dir()).arms()) {
            for (JsonNode s : arm.searches()) {
                expected += s.path("points").size() + (s.hasNonNull("confirmation") ? 1 : 0);
            }
        }
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void generateOnACapacityOnlyDirectoryWritesTheCapacityReport(@TempDir Path tmp) throws IOException {
        Files.copy(dir().resolve(CapacityFile.FILE_NAME), tmp.resolve(CapacityFile.FILE_NAME));
        List<Path> written = Reports.generate(tmp);
        assertThat(written).containsExactly(tmp.resolve("report.html"), tmp.resolve("report.md"),
                tmp.resolve("charts/capacity-sse-h1.svg"), tmp.resolve("charts/capacity-ws-h1.svg"));
        for (Path svg : written.subList(2, written.size())) {
            assertThat(Files.readString(svg)).startsWith("<?xml").contains("<svg");
        }
        assertThat(Files.readString(tmp.resolve("report.md"))).isEqualTo(report().markdown());
    }

    @Test
    void generateWithFeedRunsTooPlacesTheSectionBeforeValidity(@TempDir Path tmp) throws IOException {
        Path dir = copy(Golden.fixture("comparison-3x"), tmp.resolve("r"));
        Files.copy(dir().resolve(CapacityFile.FILE_NAME), dir.resolve(CapacityFile.FILE_NAME));
        List<Path> written = Reports.generate(dir);
        CapacityReport capacity = report();
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("## Verdict", "\n" + capacity.sectionMarkdown().stripTrailing() + "\n\n## Validity");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains(capacity.sectionHtml().stripTrailing() + "\n\n<h2 id=\"validity\">")
                .contains("id=\"pushbench-data\"");
        assertThat(written).contains(dir.resolve("charts/capacity-sse-h1.svg"));
    }

    @Test
    void aFileOfAnotherSchemaIsOneLine(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve(CapacityFile.FILE_NAME), "{\"schema\": \"pushbench/results/v1\"}");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CapacityFile.read(tmp)))
                .isInstanceOf(IOException.class).hasMessageContaining("is not a capacity results file")
                .hasMessageNotContaining("\n");
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
