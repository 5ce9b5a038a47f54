package io.pushbench.reports.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pushbench.analysis.results.ResultsIO;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report section with its own charts (LLM, capacity): the section in both formats, and the whole report of a
 * directory that holds only that section's results. One definition of how such a section is rendered, from
 * templates and a script named after its key: {@code KEY/KEY-section.md.mustache} and {@code .html.mustache},
 * {@code KEY/KEY-report.md.mustache} and {@code .html.mustache}, {@code KEY/KEY-charts.js}; the HTML section's
 * context gets {@code KEYDataJson} (its chart data) and {@code KEYChartsJs} (its drawing script).
 *
 * <pre>{@code
 * ChartedSection s = new ChartedSection("llm", "LLM", view, charts);
 * String md = s.sectionMarkdown();      // for a report with other sections
 * List<Path> written = s.write(dir);    // report.html, report.md, charts/*.svg
 * }</pre>
 *
 * <p>report.html draws the charts with ECharts (inlined, so the page opens from disk with no network); report.md
 * links their SVG renderings. The section's script waits for the page to load and draws with the report's own
 * charts.js, so the section can be placed in any report. A section's report ({@code CapacityReport},
 * {@code LlmReport}) is one of these, built from its results.
 */
public class ChartedSection {
    private final String key;
    private final String what;
    private final Map<String, Object> view;
    private final List<ChartSpec> charts;

    /**
     * @param key    the section's template folder and name prefix ("llm", "capacity")
     * @param what   the section's name in an error message ("LLM", "capacity")
     * @param view   the templates' context
     * @param charts the section's charts
     */
    public ChartedSection(String key, String what, Map<String, Object> view, List<ChartSpec> charts) {
        this.key = key;
        this.what = what;
        this.view = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(view));   // may hold nulls
        this.charts = List.copyOf(charts);
    }

    /** The section's charts. */
    public final List<ChartSpec> charts() {
        return charts;
    }

    /** The Markdown section; charts link {@code charts/ID.svg}. */
    public final String sectionMarkdown() {
        return Templates.markdown(key + "/" + key + "-section.md.mustache", view);
    }

    /** The HTML section, with its chart data and drawing script. */
    public final String sectionHtml() throws IOException {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ObjectMapper json = ResultsIO.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);
        try {
            // "</" inside a <script> element would end it early; JSON allows the escaped form.
            ctx.put(key + "DataJson", json.writeValueAsString(Map.of("charts", charts)).replace("</", "<\\/"));
        } catch (JsonProcessingException e) {
            throw new IOException("cannot serialise the " + what + " charts: " + e.getOriginalMessage(), e);
        }
        ctx.put(key + "ChartsJs", Templates.resource(Templates.ROOT + key + "/" + key + "-charts.js"));
        return Templates.html(key + "/" + key + "-section.html.mustache", ctx);
    }

    /** The whole Markdown report of a directory with only this section. */
    public final String markdown() {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ctx.put("section", sectionMarkdown().stripTrailing());   // the template spaces it
        return Templates.markdown(key + "/" + key + "-report.md.mustache", ctx);
    }

    /** The whole HTML report of a directory with only this section (self-contained). */
    public final String html() throws IOException {
        Map<String, Object> ctx = new LinkedHashMap<>(view);
        ctx.put("section", sectionHtml().stripTrailing());
        ctx.put("style", Templates.style());
        ctx.put("echartsJs", Templates.resource(Templates.ECHARTS));
        ctx.put("chartsJs", Templates.resource(Templates.ROOT + "charts.js"));   // the section's script draws with it
        return Templates.html(key + "/" + key + "-report.html.mustache", ctx);
    }

    /**
     * Writes report.html, report.md and the charts' SVGs into {@code dir}, each atomically.
     *
     * @return report.html, report.md, then the chart images (the order {@code pushbench report} prints)
     */
    public final List<Path> write(Path dir) throws IOException {
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
    public final List<Path> writeCharts(Path dir) throws IOException {
        return SvgCharts.write(charts, dir);
    }
}
