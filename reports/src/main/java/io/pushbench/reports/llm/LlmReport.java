package io.pushbench.reports.llm;

import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.ChartedSection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The LLM section of the reports, and the whole report of a directory that holds only an LLM results file
 * ({@value LlmResults#FILE_NAME}, written by {@code pushbench llm}).
 *
 * <pre>{@code
 * LlmReport report = new LlmReport(LlmResultsIO.read(dir.resolve(LlmResults.FILE_NAME)));
 * List<Path> written = report.write(dir);         // report.html, report.md, charts/llm-*.svg
 * String md = report.sectionMarkdown();           // "## LLM token streaming" ..., for a report with feed runs too
 * }</pre>
 *
 * <p>Both formats come from one {@link LlmReportView} and one list of {@link LlmCharts}: report.html draws the charts
 * with ECharts (inlined, so the page opens from disk with no network), report.md links their SVG renderings.
 * The section's HTML carries its chart data and its drawing script, which waits for the page to load and draws with
 * the report's own charts.js (ECharts and charts.js are inlined at the end of every report page, this one's too), so
 * it can be placed in any report.
 */
public final class LlmReport {

    private final LlmResults results;
    private final List<ChartSpec> charts;
    private final ChartedSection section;

    public LlmReport(LlmResults results) {
        this.results = results;
        this.charts = LlmCharts.of(results);
        this.section = new ChartedSection("llm", "LLM", LlmReportView.of(results, charts), charts);
    }

    /** The section's charts (ids start with "llm-"). */
    public List<ChartSpec> charts() {
        return charts;
    }

    /** The Markdown section, from "## LLM token streaming" on; charts link {@code charts/ID.svg}. */
    public String sectionMarkdown() {
        return section.sectionMarkdown();
    }

    /** The HTML section, from {@code <h2 id="llm">} on, with its chart data and drawing script. */
    public String sectionHtml() throws IOException {
        return section.sectionHtml();
    }

    /** The whole Markdown report of an LLM-only directory. */
    public String markdown() {
        return section.markdown();
    }

    /** The whole HTML report of an LLM-only directory (self-contained). */
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
