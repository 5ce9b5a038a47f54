package io.pushbench.reports.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.pushbench.analysis.results.ResultsIO;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reports' Mustache templates and inlined resources (under {@value #ROOT}), rendered the same way for the main
 * report ({@link ReportWriter}) and the LLM report ({@code reports.llm.LlmReport}), and the free-form tables
 * (configuration, environment) both print.
 *
 * <pre>{@code
 * String page = Templates.html("report.html.mustache", ctx);
 * String md = Templates.markdown("report.md.mustache", ctx);        // no HTML escaping; table pipes escaped
 * String js = Templates.resource(Templates.ROOT + "charts.js");
 * ctx.put("config", Templates.entries(config));                      // [{key, value}], values as text(v)
 * }</pre>
 */
public final class Templates {
    /** Where the templates and scripts are on the class path. */
    public static final String ROOT = "io/pushbench/reports/";
    /** ECharts from its webjar, inlined in every report.html. */
    public static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private Templates() {
    }

    /** Renders the HTML template {@code name} (relative to {@link #ROOT}), values HTML-escaped. */
    public static String html(String name, Map<String, Object> ctx) {
        return render(new DefaultMustacheFactory(ROOT), name, ctx);
    }

    /** Renders the Markdown template {@code name}: no HTML escaping; table pipes escaped. */
    public static String markdown(String name, Map<String, Object> ctx) {
        DefaultMustacheFactory md = new DefaultMustacheFactory(ROOT) {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value.replace("|", "\\|"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return render(md, name, ctx);
    }

    /** A class-path resource as UTF-8 text (a script to inline, a template to read). */
    public static String resource(String name) throws IOException {
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name + " (is the echarts webjar on the class path?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The main report's style element, so that every report (the main one, the LLM and capacity ones) looks alike
     * from one definition.
     */
    public static String style() throws IOException {
        String page = resource(ROOT + "report.html.mustache");
        int from = page.indexOf("<style>");
        int to = page.indexOf("</style>");
        if (from < 0 || to < from) {
            throw new IOException("report.html.mustache has no <style> element to share");
        }
        return page.substring(from, to + "</style>".length());
    }

    /**
     * A free-form map (config, environment, calibration, model) as a template's key/value rows, each value as
     * {@link #text(Object)} prints it; none for null.
     */
    public static List<Map<String, String>> entries(Map<?, ?> map) {
        List<Map<String, String>> out = new ArrayList<>();
        if (map != null) {
            map.forEach((k, v) -> out.add(Map.of("key", String.valueOf(k), "value", text(v))));
        }
        return out;
    }

    /** A free-form value as the reports print one: "unknown" for null, maps and lists as compact JSON. */
    public static String text(Object v) {
        if (v == null) {
            return "unknown";
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return ResultsIO.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }

    private static String render(DefaultMustacheFactory factory, String template, Map<String, Object> ctx) {
        Mustache m = factory.compile(template);
        StringWriter out = new StringWriter();
        m.execute(out, ctx);
        return out.toString();
    }
}
