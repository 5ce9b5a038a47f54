package io.pushbench.reports.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.model.ReconnectionView;
import io.pushbench.reports.model.ReportModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes report.html, report.md and charts/*.svg for a {@link ReportModel} into a directory, each file atomically.
 *
 * <pre>{@code
 * List<Path> written = ReportWriter.write(model, dir);
 * }</pre>
 *
 * <p>report.html is self-contained: ECharts (from the webjar) and the chart data are inlined, so it opens from disk
 * with no network. report.md links the SVG files rendered by {@link SvgCharts}.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * A section rendered by another part of the reports module (the LLM section, {@code reports.llm}), placed before
     * "Validity" in both reports; its charts are drawn by its own HTML and written by its owner.
     *
     * @param markdown the section in Markdown, from its "## " heading on
     * @param html     the section in HTML, from its {@code <h2>} on
     */
    public record Section(String markdown, String html) {
    }

    public static List<Path> write(ReportModel model, Path dir) throws IOException {
        return write(model, dir, null);
    }

    /** As {@link #write(ReportModel, Path)}, with {@code extra} (null for none) in both reports. */
    public static List<Path> write(ReportModel model, Path dir, Section extra) throws IOException {
        List<ChartSpec> charts = Charts.of(model);
        List<Path> written = new ArrayList<>();
        Path chartDir = dir.resolve("charts");
        Files.createDirectories(chartDir);
        for (ChartSpec c : charts) {
            Path svg = chartDir.resolve(c.id() + ".svg");
            ReadableFiles.write(svg, SvgCharts.render(c, 900, 420).getBytes(StandardCharsets.UTF_8));
            written.add(svg);
        }
        Path html = dir.resolve("report.html");
        ReadableFiles.write(html, html(model, charts, extra).getBytes(StandardCharsets.UTF_8));
        written.add(0, html);
        Path md = dir.resolve("report.md");
        ReadableFiles.write(md, markdown(model, charts, extra).getBytes(StandardCharsets.UTF_8));
        written.add(1, md);
        return List.copyOf(written);
    }

    /** The HTML page. */
    public static String html(ReportModel model, List<ChartSpec> charts) throws IOException {
        return html(model, charts, null);
    }

    /** The HTML page with {@code extra} (null for none). */
    public static String html(ReportModel model, List<ChartSpec> charts, Section extra) throws IOException {
        Map<String, Object> ctx = new LinkedHashMap<>(TemplateContext.of(model, charts));
        if (extra != null) {
            ctx.put("extraSection", Map.of("html", extra.html().stripTrailing()));   // the template spaces it
        }
        ctx.put("echartsJs", Templates.resource(Templates.ECHARTS));
        ctx.put("chartsJs", Templates.resource(Templates.ROOT + "charts.js"));
        ObjectMapper json = ResultsIO.mapper().copy()
                .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        // The Reconnection section's charts are drawn by their own script, present only in reports that have the
        // section, so that a steady-load report stays exactly as it was.
        ReconnectionView reconnection = ReconnectionView.of(model);
        Set<String> sectionCharts = reconnection == null ? Set.of() : reconnection.chartIds();
        List<ChartSpec> general = charts.stream().filter(c -> !sectionCharts.contains(c.id())).toList();
        List<ChartSpec> section = charts.stream().filter(c -> sectionCharts.contains(c.id())).toList();
        // "</" inside a <script> element would end it early; JSON allows the escaped form.
        ctx.put("dataJson", json.writeValueAsString(Map.of("charts", general)).replace("</", "<\\/"));
        if (!section.isEmpty()) {
            ctx.put("hasSectionCharts", true);
            ctx.put("reconnectionDataJson", json.writeValueAsString(Map.of("charts", section))
                    .replace("</", "<\\/"));
            ctx.put("reconnectionChartsJs", Templates.resource(Templates.ROOT + "reconnection-charts.js"));
        }
        return Templates.html("report.html.mustache", ctx);
    }

    /** The Markdown report (no HTML escaping; table pipes escaped). */
    public static String markdown(ReportModel model, List<ChartSpec> charts) {
        return markdown(model, charts, null);
    }

    /** The Markdown report with {@code extra} (null for none). */
    public static String markdown(ReportModel model, List<ChartSpec> charts, Section extra) {
        Map<String, Object> ctx = new LinkedHashMap<>(TemplateContext.of(model, charts));
        if (extra != null) {
            ctx.put("extraSection", Map.of("markdown", extra.markdown().stripTrailing()));   // the template spaces it
        }
        return Templates.markdown("report.md.mustache", ctx);
    }
}
