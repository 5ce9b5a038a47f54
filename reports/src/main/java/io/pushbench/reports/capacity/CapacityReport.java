package io.pushbench.reports.capacity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.ReadableFiles;
import io.pushbench.reports.render.SvgCharts;
import io.pushbench.reports.render.Templates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final Map<String, Object> view;

    public CapacityReport(CapacityFile file) {
        this.file = file;
        this.charts = CapacityCharts.of(file);
        this.view = CapacityReportView.of(file, charts);
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
        return Templates.markdown("capacity/capacity-section.md.mustache", view);
    }

    /** The HTML section, from {@code <h2 id="capacity">} on, with its chart data and drawing script. */
    public String sectionHtml() throws IOException {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ObjectMapper json = ResultsIO.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);
        try {
            // "</" inside a <script> element would end it early; JSON allows the escaped form.
            ctx.put("capacityDataJson", json.writeValueAsString(Map.of("charts", charts)).replace("</", "<\\/"));
        } catch (JsonProcessingException e) {
            throw new IOException("cannot serialise the capacity charts: " + e.getOriginalMessage(), e);
        }
        ctx.put("capacityChartsJs", Templates.resource(Templates.ROOT + "capacity/capacity-charts.js"));
        return Templates.html("capacity/capacity-section.html.mustache", ctx);
    }

    /** The whole Markdown report of a capacity-only directory. */
    public String markdown() {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ctx.put("section", sectionMarkdown().stripTrailing());   // the template spaces it
        return Templates.markdown("capacity/capacity-report.md.mustache", ctx);
    }

    /** The whole HTML report of a capacity-only directory (self-contained). */
    public String html() throws IOException {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ctx.put("section", sectionHtml().stripTrailing());
        ctx.put("style", Templates.style());
        ctx.put("echartsJs", Templates.resource(Templates.ECHARTS));
        ctx.put("chartsJs", Templates.resource(Templates.ROOT + "charts.js"));   // the section's script draws with it
        return Templates.html("capacity/capacity-report.html.mustache", ctx);
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
