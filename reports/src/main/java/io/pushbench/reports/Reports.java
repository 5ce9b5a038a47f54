package io.pushbench.reports;

import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmResultsIO;
import io.pushbench.reports.llm.LlmReport;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.render.ReportWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the reports module (contract 7): (re)generates report.html, report.md and charts/*.svg from a
 * results directory.
 *
 * <pre>{@code
 * List<Path> written = Reports.generate(Path.of("results/20261124-quick"));
 * }</pre>
 */
public final class Reports {
    private Reports() {
    }

    /**
     * Reads {@code resultsDir} (results.json, the runs' .hlog files, optional jmh/jmh-results.json, optional
     * llm-results.json) and writes the reports into it. A directory with an LLM results file gets an LLM section;
     * one with only that file (written by {@code pushbench llm}) gets a report of the LLM section alone.
     *
     * @return the written files: report.html, report.md, then the chart images
     * @throws IOException with a one-line message when the directory or its files are missing or malformed
     */
    public static List<Path> generate(Path resultsDir) throws IOException {
        LlmReport llm = LlmResultsIO.present(resultsDir)
                ? new LlmReport(LlmResultsIO.read(resultsDir.resolve(LlmResults.FILE_NAME))) : null;
        if (llm != null && !Files.exists(resultsDir.resolve(ReportModelLoader.RESULTS_FILE))) {
            return llm.write(resultsDir);
        }
        ReportModel model = ReportModelLoader.load(resultsDir);
        if (llm == null) {
            return ReportWriter.write(model, resultsDir);
        }
        List<Path> written = new ArrayList<>(ReportWriter.write(model, resultsDir,
                new ReportWriter.Section(llm.sectionMarkdown(), llm.sectionHtml())));
        written.addAll(llm.writeCharts(resultsDir));
        return List.copyOf(written);
    }
}
