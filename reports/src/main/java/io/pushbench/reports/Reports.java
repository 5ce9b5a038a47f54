package io.pushbench.reports;

import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.render.ReportWriter;

import java.io.IOException;
import java.nio.file.Path;
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
     * Reads {@code resultsDir} (results.json, the runs' .hlog files, optional jmh/jmh-results.json) and writes the
     * reports into it.
     *
     * @return the written files: report.html, report.md, then the chart images
     * @throws IOException with a one-line message when the directory or its files are missing or malformed
     */
    public static List<Path> generate(Path resultsDir) throws IOException {
        ReportModel model = ReportModelLoader.load(resultsDir);
        return ReportWriter.write(model, resultsDir);
    }
}
