package io.pushbench.reports.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.ReadableFiles;
import io.pushbench.reports.render.SvgCharts;
import io.pushbench.reports.render.Templates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final Map<String, Object> view;

    public LlmReport(LlmResults results) {
        this.results = results;
        this.charts = LlmCharts.of(results);
        this.view = LlmReportView.of(results, charts);
    }

    /** The section's charts (ids start with "llm-"). */
    public List<ChartSpec> charts() {
        return charts;
    }

    /** The Markdown section, from "## LLM token streaming" on; charts link {@code charts/ID.svg}. */
    public String sectionMarkdown() {
        return Templates.markdown("llm/llm-section.md.mustache", view);
    }

    /** The HTML section, from {@code <h2 id="llm">} on, with its chart data and drawing script. */
    public String sectionHtml() throws IOException {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ObjectMapper json = ResultsIO.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);
        try {
            // "</" inside a <script> element would end it early; JSON allows the escaped form.
            ctx.put("llmDataJson", json.writeValueAsString(Map.of("charts", charts)).replace("</", "<\\/"));
        } catch (JsonProcessingException e) {
            throw new IOException("cannot serialise the LLM charts: " + e.getOriginalMessage(), e);
        }
        ctx.put("llmChartsJs", Templates.resource(Templates.ROOT + "llm/llm-charts.js"));
        return Templates.html("llm/llm-section.html.mustache", ctx);
    }

    /** The whole Markdown report of an LLM-only directory. */
    public String markdown() {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ctx.put("section", sectionMarkdown().stripTrailing());   // the template spaces it
        return Templates.markdown("llm/llm-report.md.mustache", ctx);
    }

    /** The whole HTML report of an LLM-only directory (self-contained). */
    public String html() throws IOException {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ctx.put("section", sectionHtml().stripTrailing());
        ctx.put("style", Templates.style());
        ctx.put("echartsJs", Templates.resource(Templates.ECHARTS));
        ctx.put("chartsJs", Templates.resource(Templates.ROOT + "charts.js"));   // the section's script draws with it
        return Templates.html("llm/llm-report.html.mustache", ctx);
    }

    /**
     * Writes report.html, report.md and the charts' SVGs into {@code dir}, each atomically.
     *
     * @return report.html, report.md, then the chart images (the order {@code pushbench report} prints)
     */
    public List<Path> write(Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        Path html = dir.resolve("report.html");
        ReadableFiles.write(html, html().getBytes(StandardCharsets.UTF_8));
        written.add(html);
        Path md = dir.resolve("report.md");
        ReadableFiles.write(md, markdown().getBytes(StandardCharsets.UTF_8));
        written.add(md);
        written.addAll(writeCharts(dir));
        return List.copyOf(written);
    }

    /** Writes the section's charts as {@code dir/charts/ID.svg} (what {@link #sectionMarkdown()} links). */
    public List<Path> writeCharts(Path dir) throws IOException {
        return SvgCharts.write(charts, dir);
    }
}
