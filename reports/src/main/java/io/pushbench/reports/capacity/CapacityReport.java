package io.pushbench.reports.capacity;

import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.ChartedSection;

import java.util.List;

/**
 * The capacity section of the reports, and the whole report of a directory that holds only a
 * {@value CapacityFile#FILE_NAME} (written by {@code pushbench capacity}), as {@code reports.llm.LlmReport} is for
 * the LLM results.
 *
 * <pre>{@code
 * CapacityReport report = new CapacityReport(CapacityFile.read(dir));
 * List<Path> written = report.write(dir);   // report.html, report.md, charts/capacity-*.svg
 * String md = report.sectionMarkdown();     // "## Capacity" ..., for a report with other sections
 * }</pre>
 *
 * <p>Both formats come from one {@link CapacityReportView} and one list of {@link CapacityCharts}. The verdict is the
 * file's {@code answers}, printed as they are: the sentences the console printed, from the one definition
 * ({@code CapacityRecord.sentence}). The section's HTML carries its chart data and its drawing script, which draws
 * with the report's own charts.js once the page has loaded, so it can be placed in any report.
 */
public final class CapacityReport extends ChartedSection {
    private final CapacityFile file;

    public CapacityReport(CapacityFile file) {
        this(file, CapacityCharts.of(file));
    }

    /** Charts ids start with "capacity-": one chart per transport, protocol and variant. */
    private CapacityReport(CapacityFile file, List<ChartSpec> charts) {
        super("capacity", "capacity", CapacityReportView.of(file, charts), charts);
        this.file = file;
    }

    /** The verdict's lines: one capacity sentence per search, exactly as the file holds them. */
    public List<String> verdict() {
        return file.answers();
    }
}
