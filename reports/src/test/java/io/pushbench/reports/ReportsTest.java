package io.pushbench.reports;

import io.pushbench.analysis.verdict.Comparisons;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.render.Charts;
import io.pushbench.reports.render.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120)
class ReportsTest {

    @Test
    void markdownOfThreeRunsPerArmSaysNoCall() throws IOException {
        var model = ReportModelLoader.load(Golden.fixture("comparison-3x"));
        String md = ReportWriter.markdown(model, Charts.of(model));
        Golden.assertMatches("comparison-3x.report.md", md);
        assertThat(md).contains(Comparisons.cannotCallLine(3, 3))
                .contains(Comparisons.DESIGN).contains("90% interval").contains("not called: too few valid runs")
                .contains("steady window, valid runs (headline)").contains("whole run (ramp to drain), every run");
    }

    @Test
    void markdownOfFiveRunsPerArmShowsTheCalls() throws IOException {
        var model = ReportModelLoader.load(Golden.fixture("comparison-5x"));
        String md = ReportWriter.markdown(model, Charts.of(model));
        Golden.assertMatches("comparison-5x.report.md", md);
        // Every verdict line, verbatim, and each figure's sentence.
        model.verdict().forEach(line -> assertThat(md).contains(line));
        model.comparison().figures().forEach(fc -> assertThat(md).contains(fc.sentence()));
        assertThat(md).contains("**WS h1 gatling better**").contains("99.2% interval");
    }

    @Test
    void markdownOfASingleRepeatSaysNoCall() throws IOException {
        var model = ReportModelLoader.load(Golden.fixture("single-repeat"));
        String md = ReportWriter.markdown(model, Charts.of(model));
        Golden.assertMatches("single-repeat.report.md", md);
        assertThat(md).contains(Comparisons.cannotCallLine(1, 1))
                .contains("no interval (fewer than 2 runs)").doesNotContain("## Per-message cost (JMH)");
    }

    @Test
    void generateWritesHtmlMarkdownAndSvgCharts(@TempDir Path tmp) throws IOException {
        Path dir = copy(Golden.fixture("comparison-3x"), tmp.resolve("r"));
        List<Path> written = Reports.generate(dir);
        assertThat(written.get(0)).isEqualTo(dir.resolve("report.html"));
        assertThat(written.get(1)).isEqualTo(dir.resolve("report.md"));
        assertThat(written).contains(dir.resolve("charts/spectrum.svg"), dir.resolve("charts/reconnectTimeline.svg"),
                dir.resolve("charts/outages.svg"));
        for (Path p : written) {
            assertThat(p).isRegularFile();
            if (p.toString().endsWith(".svg")) {
                assertThat(Files.readString(p)).startsWith("<?xml").contains("<svg").contains("</svg>");
            }
        }
        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        // Self-contained: no external script, stylesheet or font.
        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContain("<link ")
                .contains("echarts").contains("id=\"pushbench-data\"");
        // Every markdown image exists.
        String md = Files.readString(dir.resolve("report.md"));
        md.lines().filter(l -> l.startsWith("![")).forEach(l -> {
            String file = l.substring(l.indexOf("](") + 2, l.length() - 1);
            assertThat(dir.resolve(file)).isRegularFile();
        });
    }

    @Test
    void badDirectoryIsOneLineIOException(@TempDir Path tmp) {
        assertThatThrownBy(() -> Reports.generate(tmp)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("no results file at");
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
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
