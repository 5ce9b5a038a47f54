package io.pushbench.reports.capacity;

import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.ChartedSection;

import java.io.IOException;
import java.nio.file.Path;
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
public final class CapacityReport {
    private final CapacityFile file;
    private final List<ChartSpec> charts;
    private final ChartedSection section;

    public CapacityReport(CapacityFile file) {
        this.file = file;
        this.charts = CapacityCharts.of(file);
        this.section = new ChartedSection("capacity", "capacity", CapacityReportView.of(file, charts), charts);
    }

    /** The section's charts (ids start with "capacity-"), one per transport, protocol and variant. */
    public List<ChartSpec> charts() {
        return charts;
    }

    /** The verdict's lines: one capacity sentence per search, exactly as the file holds them. */
    public List<String> verdict() {
        return file.answers();
    }

    /** The Markdown section, from "## Capacity" on; charts link {@code charts/ID.svg}. */
    public String sectionMarkdown() {
        return section.sectionMarkdown();
    }

    /** The HTML section, from {@code <h2 id="capacity">} on, with its chart data and drawing script. */
    public String sectionHtml() throws IOException {
        return section.sectionHtml();
    }

    /** The whole Markdown report of a capacity-only directory. */
    public String markdown() {
        return section.markdown();
    }

    /** The whole HTML report of a capacity-only directory (self-contained). */
    public String html() throws IOException {
        return section.html();
    }

    /**
     * Writes report.html, report.md and the charts' SVGs into {@code dir}, each atomically.
     *
     * @return report.html, report.md, then the chart images (the order {@code pushbench report} prints)
     */
    public List<Path> write(Path dir) throws IOException {
        return section.write(dir);
    }

    /** Writes the section's charts as {@code dir/charts/ID.svg} (what {@link #sectionMarkdown()} links). */
    public List<Path> writeCharts(Path dir) throws IOException {
        return section.writeCharts(dir);
    }
}
