package io.pushbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.ComparisonJson;
import io.pushbench.analysis.verdict.Comparisons;
import io.pushbench.cli.compare.ConsoleSummary;
import io.pushbench.reports.Reports;
import io.pushbench.reports.gate.Baseline;
import io.pushbench.reports.gate.Baselines;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One results directory, every output: the console summary, {@code results.json}'s summary, the report model,
 * {@code report.md}, {@code report.html}, the baseline and the gate state the same verdict, line for line, because
 * they all render the one {@link Comparison}.
 */
class OneVerdictEverywhereTest {
    @TempDir
    Path tmp;

    private Path copy(String name) throws IOException {
        return ReportsCliTest.fixture(tmp, name);
    }

    @Test
    void fiveRunsPerArmWithCallsSayTheSameEverywhere() throws Exception {
        assertSameVerdictEverywhere(copy("comparison-5x"), true);
    }

    @Test
    void threeRunsPerArmSayNoCallTheSameEverywhere() throws Exception {
        assertSameVerdictEverywhere(copy("comparison-3x"), false);
    }

    private void assertSameVerdictEverywhere(Path dir, boolean expectCalls) throws Exception {
        Comparison c = Comparisons.of(ResultsIO.read(dir.resolve("results.json")));
        List<String> verdict = c.verdict();
        assertThat(verdict).isNotEmpty();
        assertThat(!c.called().isEmpty()).isEqualTo(expectCalls);
        if (!expectCalls) {
            assertThat(verdict).anyMatch(l -> l.startsWith("NO CALL: with 3 valid runs per arm"));
        }

        // console
        List<String> console = ConsoleSummary.render(c);
        int at = console.indexOf("Verdict:");
        assertThat(console.subList(at + 1, console.size())).isEqualTo(verdict.stream().map(l -> "  " + l).toList());

        // results.json's summary shape
        JsonNode json = ResultsIO.mapper().valueToTree(ComparisonJson.toMap(c));
        assertThat(ResultsIO.mapper().convertValue(json.path("verdict"), List.class)).isEqualTo(verdict);

        // report model, report.md and report.html
        ReportModel model = ReportModelLoader.load(dir);
        assertThat(model.verdict()).isEqualTo(verdict);
        Reports.generate(dir);
        String md = Files.readString(dir.resolve("report.md"));
        String html = Files.readString(dir.resolve("report.html"));
        for (FigureLine f : figureLines(c)) {
            assertThat(md).as("report.md").contains(f.sentence());
            assertThat(html).as("report.html").contains(escape(f.sentence()));
        }
        for (String line : verdict) {
            assertThat(md).as("report.md").contains(line.strip());
            assertThat(html).as("report.html").contains(escape(line.strip()));
        }

        // baseline and gate
        Baseline b = Baselines.of(model, Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(b.verdict()).isEqualTo(verdict);
        Path baseline = tmp.resolve(dir.getFileName() + ".baseline.json");
        Baselines.write(baseline, b);
        ReportsCliTest.Outcome gate = ReportsCliTest.run("gate", "--baseline", baseline.toString(), "--current",
                dir.toString());
        for (String line : verdict) {
            assertThat(gate.out()).as("gate output").contains("  " + line + System.lineSeparator());
        }
    }

    private record FigureLine(String sentence) {
    }

    private static List<FigureLine> figureLines(Comparison c) {
        return c.figures().stream().map(f -> new FigureLine(f.sentence())).toList();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
