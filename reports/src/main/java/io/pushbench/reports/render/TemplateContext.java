package io.pushbench.reports.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.jmh.JmhScore;
import io.pushbench.reports.jmh.JmhTable;
import io.pushbench.reports.model.Comparison;
import io.pushbench.reports.model.Fmt;
import io.pushbench.reports.model.GroupView;
import io.pushbench.reports.model.Metric;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.RunView;
import io.pushbench.reports.model.Spread;
import io.pushbench.reports.model.Views.Figure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values both templates (report.html, report.md) render, formatted once here so that the two reports say
 * the same thing in the same words. Plain maps and lists: Mustache needs nothing else.
 */
final class TemplateContext {
    private TemplateContext() {
    }

    static Map<String, Object> of(ReportModel m, List<ChartSpec> charts) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", m.id());
        boolean pair = !m.comparisons().isEmpty();
        c.put("title", (pair ? "SSE vs WebSocket — " : "pushbench " + m.kind() + " — ") + m.id()
                + (pair ? "" : " (" + String.join(", ", m.groups().stream().map(GroupView::label).toList()) + ")"));
        c.put("kind", m.kind());
        c.put("startedAt", m.startedAt() == null ? "unknown" : m.startedAt());
        c.put("finishedAt", m.finishedAt() == null ? "unfinished" : m.finishedAt());
        c.put("valid", m.valid());
        c.put("complete", m.complete());
        c.put("provisional", m.provisional());
        c.put("status", (m.valid() ? "valid" : "NOT VALID") + (m.complete() ? "" : ", incomplete")
                + (m.provisional() ? ", provisional (single repeat)" : ""));
        c.put("verdict", m.verdict());
        c.put("invalidReasons", m.invalidReasons());
        c.put("groupHeaders", m.groups().stream().map(GroupView::label).toList());
        c.put("summaryRows", summaryRows(m));
        List<String> noValid = m.groups().stream().filter(g -> g.validRuns() == 0).map(GroupView::label).toList();
        c.put("summaryWarning", noValid.isEmpty() ? null : "No valid repeat for " + String.join(", ", noValid)
                + ": those figures come from invalid repeats and are not a result.");
        c.put("validity", m.runs().stream().map(r -> Map.of("id", r.id(), "valid", r.valid() ? "yes" : "NO",
                "reasons", r.invalidReasons().isEmpty() ? "—" : String.join("; ", r.invalidReasons()))).toList());
        c.put("comparisons", m.comparisons().stream().map(TemplateContext::comparison).toList());
        c.put("hasComparisons", !m.comparisons().isEmpty());
        c.put("runs", m.runs().stream().map(TemplateContext::run).toList());
        c.put("config", entries(m.config()));
        c.put("environment", entries(m.environment()));
        c.put("calibration", entries(m.calibration()));
        c.put("hasCalibration", !m.calibration().isEmpty());
        c.put("links", entries(new LinkedHashMap<>(m.links())));
        c.put("charts", charts.stream().map(s -> Map.of("id", s.id(), "title", s.title(), "note", s.note(),
                "file", "charts/" + s.id() + ".svg")).toList());
        c.put("jmh", m.jmh() == null ? null : jmh(m.jmh()));
        return c;
    }

    private static List<Map<String, Object>> summaryRows(ReportModel m) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            List<String> cells = new ArrayList<>();
            boolean any = false;
            for (GroupView g : m.groups()) {
                Figure f = g.figure(metric);
                any |= f != null;
                cells.add(f == null ? "—" : spread(f.spread(), metric.unit()));
            }
            if (any) {
                rows.add(Map.of("label", metric.label() + (metric.lowerIsBetter() ? " (lower is better)"
                        : " (higher is better)"), "cells", cells));
            }
        }
        List<String> repeats = m.groups().stream().map(g -> g.runIds().size() + " (" + g.validRuns() + " valid)")
                .toList();
        rows.add(Map.of("label", "repeats", "cells", repeats));
        return rows;
    }

    /** "855 µs [854 µs – 862 µs]" with the range only when there is one. */
    static String spread(Spread s, String unit) {
        if (s.n() == 1) {
            return Fmt.value(s.median(), unit) + " (1 repeat)";
        }
        return Fmt.value(s.median(), unit) + " [" + Fmt.value(s.ciLow(), unit) + " – " + Fmt.value(s.ciHigh(), unit)
                + "]";
    }

    private static Map<String, Object> comparison(Comparison c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", c.label());
        out.put("pairing", c.sseGroup() + " vs " + c.wsGroup());
        out.put("sse", spread(c.sse(), c.unit()) + (c.sse().n() > 1 ? " range " + Fmt.value(c.sse().min(), c.unit())
                + " – " + Fmt.value(c.sse().max(), c.unit()) : ""));
        out.put("ws", spread(c.ws(), c.unit()) + (c.ws().n() > 1 ? " range " + Fmt.value(c.ws().min(), c.unit())
                + " – " + Fmt.value(c.ws().max(), c.unit()) : ""));
        out.put("ratio", Double.isNaN(c.ratio()) ? "n/a" : Fmt.fixed(c.ratio(), 3));
        out.put("outcome", switch (c.outcome()) {
            case "sse-better" -> "SSE better";
            case "ws-better" -> "WebSocket better";
            default -> "no difference beyond noise";
        } + (c.provisional() ? " (provisional)" : ""));
        out.put("called", !c.outcome().equals("no-difference"));
        return out;
    }

    private static Map<String, Object> run(RunView r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("config", r.transport() + " " + r.protocol() + " " + r.driver() + " " + r.variant());
        out.put("repeat", r.repeat());
        out.put("connections", r.connections() + " (peak " + r.connectionsPeak() + ")");
        out.put("valid", r.valid() ? "yes" : "NO (see validity)");
        out.put("p50", fig(r, Metric.LATENCY_P50));
        out.put("p99", fig(r, Metric.LATENCY_P99));
        out.put("p999", fig(r, Metric.LATENCY_P999));
        out.put("max", r.latencyUs() == null || r.latencyUs().count() == 0 ? "—" : Fmt.micros(r.latencyUs().max()));
        out.put("msgs", fig(r, Metric.THROUGHPUT));
        out.put("lost", r.messages() == null ? "—" : r.messages().lost() + " of " + r.messages().expected());
        out.put("reconnects", r.reconnects() == null ? "0" : String.valueOf(r.reconnects().count()));
        out.put("cpu", fig(r, Metric.SERVER_CPU_PER_MESSAGE));
        out.put("heap", fig(r, Metric.HEAP_PER_CONNECTION));
        List<Map<String, String>> links = new ArrayList<>();
        r.links().forEach((k, v) -> links.add(Map.of("name", k, "href", v)));
        out.put("links", links);
        return out;
    }

    private static String fig(RunView r, Metric m) {
        Double v = r.figures().get(m.key());
        return v == null ? "—" : Fmt.value(v, m.unit());
    }

    private static Map<String, Object> jmh(JmhTable t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pairs", t.pairs().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", r.group());
            row.put("params", params(r.params()));
            row.put("sse", score(r.sse()));
            row.put("ws", score(r.ws()));
            return row;
        }).toList());
        out.put("other", t.other().stream().map(s -> {
            Map<String, Object> row = new LinkedHashMap<>(score(s));
            row.put("group", s.benchmark().substring(s.benchmark().lastIndexOf('.', s.benchmark().lastIndexOf('.')
                    - 1) + 1, s.benchmark().lastIndexOf('.')));
            row.put("params", params(s.params()));
            return row;
        }).toList());
        out.put("hasOther", !t.other().isEmpty());
        return out;
    }

    private static Map<String, Object> score(JmhScore s) {
        if (s == null) {
            return Map.of("method", "—", "score", "", "error", "", "alloc", "");
        }
        return Map.of("method", s.benchmark().substring(s.benchmark().lastIndexOf('.') + 1),
                "score", Fmt.score(s.score()) + " " + s.unit(),
                "error", Double.isNaN(s.error()) ? "n/a" : "± " + Fmt.score(s.error()),
                "alloc", s.allocBytesPerOp() == null ? "n/a" : Fmt.score(s.allocBytesPerOp()) + " B/op");
    }

    private static String params(Map<String, String> p) {
        return p.isEmpty() ? "" : p.toString().replaceAll("[{}]", "");
    }

    private static List<Map<String, String>> entries(Map<String, ?> map) {
        List<Map<String, String>> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(Map.of("key", k, "value", text(v))));
        return out;
    }

    private static String text(Object v) {
        if (v == null) {
            return "unknown";
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return ResultsIO.mapper().writer().withoutFeatures(
                        com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }
}
