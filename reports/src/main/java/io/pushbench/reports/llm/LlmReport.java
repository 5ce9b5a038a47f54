package io.pushbench.reports.llm;

import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.ChartedSection;

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
public final class LlmReport extends ChartedSection {
    public LlmReport(LlmResults results) {
        this(results, LlmCharts.of(results));
    }

    /** Chart ids start with "llm-". */
    private LlmReport(LlmResults results, List<ChartSpec> charts) {
        super("llm", "LLM", LlmReportView.of(results, charts), charts);
    }
}
