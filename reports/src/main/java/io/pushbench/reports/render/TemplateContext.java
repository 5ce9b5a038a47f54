package io.pushbench.reports.render;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.figure.Unit;
import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.stats.ShiftInterval;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.FigureComparison;
import io.pushbench.reports.jmh.JmhScore;
import io.pushbench.reports.jmh.JmhTable;
import io.pushbench.reports.model.ArmView;
import io.pushbench.reports.model.BrowserConnectionsView;
import io.pushbench.reports.model.CalibrationView;
import io.pushbench.reports.model.Fmt;
import io.pushbench.reports.model.ReconnectionView;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.RunView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The values both templates (report.html, report.md) render, formatted once here so that the two reports say
 * the same thing in the same words. Plain maps and lists: Mustache needs nothing else. Every figure, call and
 * verdict line comes from the model's {@link Comparison}; figures are printed with {@link Figure#format}.
 */
final class TemplateContext {
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private TemplateContext() {
    }

    static Map<String, Object> of(ReportModel m, List<ChartSpec> charts) {
        Comparison cmp = m.comparison();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", m.id());
        List<String> armLabels = m.arms().stream().map(ArmView::label).toList();
        boolean compared = !cmp.figures().isEmpty();
        c.put("title", (compared ? String.join(" vs ", armLabels) + " — " : "pushbench " + m.kind() + " — ")
                + m.id() + (compared ? "" : " (" + String.join(", ", armLabels) + ")"));
        c.put("kind", m.kind());
        c.put("startedAt", m.startedAt() == null ? "unknown" : m.startedAt());
        c.put("finishedAt", m.finishedAt() == null ? "unfinished" : m.finishedAt());
        c.put("valid", m.valid());
        c.put("complete", m.complete());
        c.put("status", (m.valid() ? "valid" : "NOT VALID") + (m.complete() ? "" : ", incomplete")
                + (compared && !cmp.canCall() ? ", no call (" + cmp.runsPerArm() + " valid run"
                + (cmp.runsPerArm() == 1 ? "" : "s") + " per arm)" : ""));
        c.put("design", cmp.design());
        c.put("verdict", m.verdict());
        c.put("invalidReasons", m.invalidReasons());
        c.put("armHeaders", armLabels);
        c.put("summaryRows", summaryRows(m));
        c.put("countRows", countRows(m));
        List<String> noValid = m.arms().stream().filter(a -> a.validRunIds().isEmpty()).map(ArmView::label)
                .toList();
        c.put("summaryWarning", noValid.isEmpty() ? null : "No valid run for " + String.join(", ", noValid)
                + ": figures come from valid runs only, so none is shown for " + (noValid.size() == 1 ? "it" : "them")
                + ".");
        c.put("validity", m.runs().stream().map(r -> Map.of("id", r.id(), "valid", r.valid() ? "yes" : "NO",
                "reasons", r.invalidReasons().isEmpty() ? "—" : String.join("; ", r.invalidReasons()))).toList());
        c.put("comparisons", cmp.figures().stream().map(TemplateContext::comparison).toList());
        c.put("hasComparisons", compared);
        c.put("runs", m.runs().stream().map(TemplateContext::run).toList());
        c.put("config", Templates.entries(m.config()));
        c.put("environment", Templates.entries(m.environment()));
        CalibrationView calibration = CalibrationView.of(Calibration.fromMap(m.calibration()), m);
        c.put("calibrationView", calibration == null ? null : ResultsIO.mapper().convertValue(calibration, Map.class));
        // a free-form map (results written before the calibration had a shape) is shown key by key
        c.put("calibration", calibration != null ? List.of() : Templates.entries(m.calibration()));
        c.put("hasCalibration", !m.calibration().isEmpty());
        c.put("links", Templates.entries(new LinkedHashMap<>(m.links())));
        ReconnectionView reconnection = ReconnectionView.of(m);
        Set<String> sectionCharts = reconnection == null ? Set.of() : reconnection.chartIds();
        c.put("charts", charts.stream().filter(s -> !sectionCharts.contains(s.id())).map(TemplateContext::chart)
                .toList());
        c.put("reconnection", reconnection == null ? null : reconnection(reconnection, charts));
        BrowserConnectionsView browser = BrowserConnectionsView.of(m.runs());
        c.put("browserConnections", null);
        if (browser != null) {
            Map<String, Object> b = new LinkedHashMap<>(ResultsIO.mapper().convertValue(browser, MAP));
            b.put("effect", String.join(" ", browser.sentences()));   // the two sentences as one paragraph
            c.put("browserConnections", b);
        }
        c.put("jmh", m.jmh() == null ? null : jmh(m.jmh()));
        return c;
    }

    private static Map<String, Object> chart(ChartSpec s) {
        return Map.of("id", s.id(), "title", s.title(), "note", s.note(), "file", "charts/" + s.id() + ".svg");
    }

    /** The Reconnection section: per scenario case, its table, notes, charts and slow-group table. */
    private static Map<String, Object> reconnection(ReconnectionView v, List<ChartSpec> charts) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (ReconnectionView.CaseView cv : v.cases()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("scenario", cv.scenario());
            out.put("summary", cv.summary());
            out.put("policy", cv.policy());
            out.put("armHeaders", cv.armHeaders());
            out.put("rows", rows(cv.rows()));
            out.put("hasSlow", !cv.slowRows().isEmpty());
            out.put("slowHeaders", cv.slowHeaders());
            out.put("slowRows", rows(cv.slowRows()));
            out.put("notes", cv.notes());
            out.put("hasNotes", !cv.notes().isEmpty());
            out.put("charts", charts.stream().filter(s -> cv.charts().contains(s.id())).map(TemplateContext::chart)
                    .toList());
            cases.add(out);
        }
        return Map.of("cases", cases);
    }

    private static List<Map<String, Object>> rows(List<ReconnectionView.Row> rows) {
        return rows.stream().map(r -> Map.<String, Object>of("label", r.label(), "cells", r.cells())).toList();
    }

    /** Per headline figure: each arm's median over its valid runs, then the per-run values. */
    private static List<Map<String, Object>> summaryRows(ReportModel m) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : Figure.HEADLINE) {
            List<Map<String, String>> cells = new ArrayList<>();
            boolean any = false;
            for (ArmView a : m.arms()) {
                Summary s = a.figure(f);
                any |= s != null;
                cells.add(Map.of("median", s == null ? "—" : f.format(s.median()),
                        "values", s == null ? "—" : values(f, s)));
            }
            if (any) {
                rows.add(Map.of("label", f.label() + (f.lowerIsBetter() ? " (lower is better)"
                        : " (higher is better)"), "cells", cells));
            }
        }
        return rows;
    }

    /** The per-run values of a summary, in run order: "851 µs, 862 µs, 848 µs". */
    static String values(Figure f, Summary s) {
        return String.join(", ", s.values().stream().map(f::format).toList());
    }

    /**
     * Message counts per arm: the headline (steady window, valid runs; the loss figure's counts), labelled with its
     * window, then the whole run of every run, labelled as such.
     */
    private static List<Map<String, Object>> countRows(ReportModel m) {
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean allSteady = m.arms().stream().allMatch(a -> a.summary().countsSteady());
        rows.add(Map.of("label", "messages delivered / expected, lost — "
                + (allSteady ? "steady window, valid runs (headline)" : "headline, valid runs"),
                "cells", m.arms().stream().map(a -> counts(a.summary().messages())
                        + (allSteady ? "" : a.summary().countsSteady() ? " (steady window)"
                        : " (whole run: results without steady-window counts)")).toList()));
        rows.add(Map.of("label", "messages delivered / expected, lost — whole run (ramp to drain), every run",
                "cells", m.arms().stream().map(a -> counts(a.summary().wholeRun())).toList()));
        rows.add(Map.of("label", "runs", "cells", m.arms().stream()
                .map(a -> a.runIds().size() + " (" + a.validRunIds().size() + " valid)").toList()));
        return rows;
    }

    private static String counts(MessageCounts c) {
        return c == null ? "—" : Unit.fixed(c.delivered(), 0) + " / " + Unit.fixed(c.expected(), 0) + ", lost "
                + Unit.fixed(c.lost(), 0);
    }

    /** One figure of one pair, as every output states it: medians, shift with its real confidence, outcome. */
    private static Map<String, Object> comparison(FigureComparison fc) {
        Figure f = fc.figure();
        ShiftInterval s = fc.shift();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", f.label());
        out.put("pair", fc.a().label() + " vs " + fc.b().label());
        out.put("a", f.format(fc.aFigure().median()) + " (" + values(f, fc.aFigure()) + ")");
        out.put("b", f.format(fc.bFigure().median()) + " (" + values(f, fc.bFigure()) + ")");
        out.put("shiftName", s.ratio() ? fc.b().label() + " / " + fc.a().label()
                : fc.b().label() + " − " + fc.a().label());
        out.put("shift", shift(f, s));
        out.put("interval", s.hasInterval() ? "[" + shiftValue(f, s, s.low()) + " – " + shiftValue(f, s, s.high())
                + "], " + s.confidenceLabel() + " interval" : "no interval (fewer than 2 runs)");
        out.put("outcome", switch (fc.outcome()) {
            case A_BETTER -> fc.a().label() + " better";
            case B_BETTER -> fc.b().label() + " better";
            case NO_DIFFERENCE -> "no difference called";
            case CANNOT_CALL -> "not called: too few valid runs";
        });
        out.put("called", fc.outcome().called());
        out.put("sentence", fc.sentence());
        return out;
    }

    private static String shift(Figure f, ShiftInterval s) {
        return shiftValue(f, s, s.estimate());
    }

    /** A ratio as "0.880", a difference in the figure's unit with its sign (as the verdict's sentence prints it). */
    private static String shiftValue(Figure f, ShiftInterval s, double v) {
        return s.ratio() ? String.format(Locale.ROOT, "%.3f", v) : (v >= 0 ? "+" : "") + f.format(v);
    }

    private static Map<String, Object> run(RunView r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("config", r.transport().key() + " " + r.protocol().key() + " " + r.driver().key() + " "
                + r.variant().name());
        out.put("repeat", r.repeat());
        out.put("connections", r.connections() + " (peak " + r.connectionsPeak() + ")");
        out.put("valid", r.valid() ? "yes" : "NO (see validity)");
        out.put("p50", fig(r, Figure.LATENCY_P50));
        out.put("p99", fig(r, Figure.LATENCY_P99));
        out.put("p999", fig(r, Figure.LATENCY_P999));
        out.put("max", fig(r, Figure.LATENCY_MAX));
        out.put("msgs", fig(r, Figure.THROUGHPUT));
        out.put("lost", r.messages() == null ? "—" : Unit.fixed(r.messages().lost(), 0) + " of "
                + Unit.fixed(r.messages().expected(), 0) + (r.messagesSteady() ? "" : " (whole run)"));
        out.put("lostWholeRun", r.wholeRunMessages() == null ? "—" : Unit.fixed(r.wholeRunMessages().lost(), 0)
                + " of " + Unit.fixed(r.wholeRunMessages().expected(), 0));
        out.put("reconnects", r.reconnects() == null ? "0" : String.valueOf(r.reconnects().count()));
        out.put("cpu", fig(r, Figure.SERVER_CPU_PER_MESSAGE));
        out.put("heap", fig(r, Figure.HEAP_PER_CONNECTION));
        out.put("clientCpu", fig(r, Figure.LOADGEN_CPU_PER_MESSAGE));
        List<Map<String, String>> links = new ArrayList<>();
        r.links().forEach((k, v) -> links.add(Map.of("name", k, "href", v)));
        out.put("links", links);
        return out;
    }

    private static String fig(RunView r, Figure f) {
        Double v = r.figures().get(f.key());
        return v == null ? "—" : f.format(v);
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
}
