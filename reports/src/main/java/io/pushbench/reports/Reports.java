package io.pushbench.reports;

import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmResultsIO;
import io.pushbench.reports.capacity.CapacityFile;
import io.pushbench.reports.capacity.CapacityReport;
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
     * llm-results.json, optional capacity-results.json) and writes the reports into it. A directory with an LLM or a
     * capacity results file gets that section; one with only that file (written by {@code pushbench llm} or
     * {@code pushbench capacity}) gets a report of that section alone.
     *
     * @return the written files: report.html, report.md, then the chart images
     * @throws IOException with a one-line message when the directory or its files are missing or malformed
     */
    public static List<Path> generate(Path resultsDir) throws IOException {
        LlmReport llm = LlmResultsIO.present(resultsDir)
                ? new LlmReport(LlmResultsIO.read(resultsDir.resolve(LlmResults.FILE_NAME))) : null;
        CapacityReport capacity = CapacityFile.present(resultsDir)
                ? new CapacityReport(CapacityFile.read(resultsDir)) : null;
        if (!Files.exists(resultsDir.resolve(ReportModelLoader.RESULTS_FILE))) {
            if (llm != null && capacity != null) {
                throw new IOException(resultsDir + " holds both " + LlmResults.FILE_NAME + " and "
                        + CapacityFile.FILE_NAME + " without feed results: render each from its own directory");
            }
            if (llm != null) {
                return llm.write(resultsDir);
            }
            if (capacity != null) {
                return capacity.write(resultsDir);
            }
        }
        ReportModel model = ReportModelLoader.load(resultsDir);
        if (llm == null && capacity == null) {
            return ReportWriter.write(model, resultsDir);
        }
        // the sections in a fixed order, LLM then capacity, each from its own heading on
        StringBuilder md = new StringBuilder();
        StringBuilder html = new StringBuilder();
        if (llm != null) {
            md.append(llm.sectionMarkdown().stripTrailing());
            html.append(llm.sectionHtml().stripTrailing());
        }
        if (capacity != null) {
            md.append(md.isEmpty() ? "" : "\n\n").append(capacity.sectionMarkdown().stripTrailing());
            html.append(html.isEmpty() ? "" : "\n\n").append(capacity.sectionHtml().stripTrailing());
        }
        List<Path> written = new ArrayList<>(ReportWriter.write(model, resultsDir,
                new ReportWriter.Section(md.toString(), html.toString())));
        if (llm != null) {
            written.addAll(llm.writeCharts(resultsDir));
        }
        if (capacity != null) {
            written.addAll(capacity.writeCharts(resultsDir));
        }
        return List.copyOf(written);
    }
}
