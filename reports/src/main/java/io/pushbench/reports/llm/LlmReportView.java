package io.pushbench.reports.llm;

import io.pushbench.analysis.figure.Unit;
import io.pushbench.analysis.llm.LatencyFigures;
import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmStepResult;
import io.pushbench.analysis.llm.LlmSummary;
import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.analysis.llm.Slo;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.Templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The values the LLM templates render (Markdown and HTML alike), formatted once here so that both say the same thing
 * in the same words: plain maps and lists for Mustache. Every figure is a step's or the results' summary's
 * ({@link LlmResults}); latencies are printed with {@link Unit#MICROS}, shares with {@link Unit#RATIO}.
 *
 * <pre>{@code
 * Map<String, Object> ctx = LlmReportView.of(results, LlmCharts.of(results));
 * }</pre>
 */
final class LlmReportView {
    static final String NONE = "—";

    private LlmReportView() {
    }

    static Map<String, Object> of(LlmResults r, List<ChartSpec> charts) {
        Map<String, Object> c = new LinkedHashMap<>();
        List<String> arms = LlmArms.of(r).stream().flatMap(m -> m.arms().stream()).distinct().toList();
        c.put("title", "pushbench llm — " + (arms.isEmpty() ? "no steps" : String.join(" vs ", arms)));
        c.put("valid", r.valid());
        c.put("status", (r.valid() ? "valid" : "NOT VALID") + (r.complete() ? "" : ", incomplete"));
        c.put("startedAt", r.steps().isEmpty() || r.steps().get(0).window() == null ? "unknown"
                : r.steps().get(0).window().startedAt());
        c.put("stepCount", r.steps().size());
        c.put("slo", slo(r));
        c.put("summaryRows", summaryRows(r.summary()));
        c.put("charts", charts.stream().map(LlmReportView::chart).toList());
        c.put("rateRows", r.steps().stream().map(LlmReportView::rateRow).toList());
        c.put("latencyRows", r.steps().stream().map(LlmReportView::latencyRow).toList());
        c.put("costRows", r.steps().stream().map(LlmReportView::costRow).toList());
        List<Map<String, Object>> failures = failureRows(r);
        c.put("failureRows", failures);
        c.put("hasFailures", !failures.isEmpty());
        c.put("invalidReasons", r.invalidReasons());
        c.put("invalidSteps", r.steps().stream().filter(s -> !s.valid()).map(s -> Map.of("step", s.name(),
                "reasons", String.join("; ", s.invalidReasons()))).toList());
        List<Map<String, String>> waived = new ArrayList<>();
        for (LlmStepResult s : r.steps()) {
            s.waivedRules().forEach((rule, why) -> waived.add(Map.of("step", s.name(), "rule", rule, "reason", why)));
        }
        c.put("waived", waived);
        c.put("hasWaived", !waived.isEmpty());
        c.put("model", Templates.entries(r.model()));
        c.put("hasModel", !r.model().isEmpty());
        c.put("config", Templates.entries(r.config()));
        c.put("environment", Templates.entries(ResultsIO.mapper().convertValue(r.environment(), Map.class)));
        c.put("calibration", Templates.entries(r.calibration()));
        c.put("hasCalibration", !r.calibration().isEmpty());
        return c;
    }

    private static String slo(LlmResults r) {
        List<Slo> slos = r.steps().stream().map(LlmStepResult::slo).distinct().toList();
        if (slos.isEmpty() || slos.stream().allMatch(Slo::isEmpty)) {
            return "No SLO was given, so goodput is not computed (it would equal the completed rate).";
        }
        List<String> each = slos.stream().map(LlmReportView::sloText).toList();
        return "Goodput counts the completed requests that met every objective: " + String.join("; ", each)
                + " (measured from the scheduled arrival; a failed request never meets them).";
    }

    private static String sloText(Slo s) {
        List<String> parts = new ArrayList<>();
        if (s.ttftMs() != null) parts.add("TTFT ≤ " + num(s.ttftMs()) + " ms");
        if (s.tpotMs() != null) parts.add("TPOT ≤ " + num(s.tpotMs()) + " ms");
        if (s.itlMs() != null) parts.add("every inter-chunk gap ≤ " + num(s.itlMs()) + " ms");
        if (s.e2eMs() != null) parts.add("end-to-end ≤ " + num(s.e2eMs()) + " ms");
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static List<Map<String, Object>> summaryRows(LlmSummary s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LlmSummary.LoadRow row : s.loads()) {
            String group = row.api().key() + " " + row.protocol().key();
            String load = num(row.load()) + " " + row.loadMode().unit();
            String repeats = "SSE " + row.sseValid() + "/" + row.sseRepeats() + ", WS " + row.wsValid() + "/"
                    + row.wsRepeats();
            addSummary(rows, group, load, repeats, "TTFT", row, f -> f.ttftP50(), f -> f.ttftP99());
            addSummary(rows, group, load, repeats, "ITL per chunk", row, f -> f.itlPerChunkP50(),
                    f -> f.itlPerChunkP99());
            addSummary(rows, group, load, repeats, "ITL per token", row, f -> f.itlPerTokenP50(),
                    f -> f.itlPerTokenP99());
            addSummary(rows, group, load, repeats, "end-to-end", row, f -> f.e2eP50(), f -> f.e2eP99());
        }
        return rows;
    }

    private static void addSummary(List<Map<String, Object>> rows, String group, String load, String repeats,
                                   String figure, LlmSummary.LoadRow row, Function<LlmSummary.Figures, Double> p50,
                                   Function<LlmSummary.Figures, Double> p99) {
        if (p50.apply(row.sseUs()) == null && p50.apply(row.wsUs()) == null) {
            return;   // neither transport has the figure (per token without token counts)
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group);
        m.put("load", load);
        m.put("figure", figure);
        m.put("sseP50", us(p50.apply(row.sseUs())));
        m.put("wsP50", us(p50.apply(row.wsUs())));
        m.put("ratioP50", ratio(p50.apply(row.wsOverSse())));
        m.put("sseP99", us(p99.apply(row.sseUs())));
        m.put("wsP99", us(p99.apply(row.wsUs())));
        m.put("ratioP99", ratio(p99.apply(row.wsOverSse())));
        m.put("repeats", repeats);
        rows.add(m);
    }

    private static Map<String, Object> chart(ChartSpec s) {
        return Map.of("id", s.id(), "title", s.title(), "note", s.note(), "file", "charts/" + s.id() + ".svg");
    }

    private static Map<String, Object> rateRow(LlmStepResult s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.name());
        m.put("valid", s.valid() ? "yes" : "NO");
        m.put("scheduled", Long.toString(s.counts().scheduled()));
        m.put("completed", Long.toString(s.counts().completed()));
        m.put("failed", Long.toString(s.counts().failed()));
        m.put("unfinished", Long.toString(s.counts().unfinished()));
        m.put("offered", rate(s.rates().offeredPerSec()));
        m.put("completedPerSec", rate(s.rates().completedPerSec()));
        m.put("goodput", rate(s.rates().goodputPerSec()));
        m.put("tokensPerSec", rate(s.rates().outputTokensPerSec()));
        m.put("chunksPerSec", rate(s.rates().contentChunksPerSec()));
        m.put("tokenSource", s.tokenSource());
        m.put("resumes", Long.toString(s.counts().resumes()));
        return m;
    }

    private static Map<String, Object> latencyRow(LlmStepResult s) {
        var l = s.latency();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.name());
        m.put("ttftP50", p(l.ttftUs(), LatencyFigures::p50));
        m.put("ttftP99", p(l.ttftUs(), LatencyFigures::p99));
        m.put("firstEventP50", p(l.firstEventUs(), LatencyFigures::p50));
        m.put("itlChunkP50", p(l.itlPerChunkUs(), LatencyFigures::p50));
        m.put("itlChunkP99", p(l.itlPerChunkUs(), LatencyFigures::p99));
        m.put("itlTokenP50", p(l.itlPerTokenUs(), LatencyFigures::p50));
        m.put("itlTokenP99", p(l.itlPerTokenUs(), LatencyFigures::p99));
        m.put("tpotP50", p(l.tpotUs(), LatencyFigures::p50));
        m.put("e2eP50", p(l.e2eUs(), LatencyFigures::p50));
        m.put("e2eP99", p(l.e2eUs(), LatencyFigures::p99));
        m.put("queueP99", p(l.clientQueueUs(), LatencyFigures::p99));
        return m;
    }

    private static Map<String, Object> costRow(LlmStepResult s) {
        var l = s.latency();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.name());
        m.put("delayP50", p(l.transportDelayUs(), LatencyFigures::p50));
        m.put("delayP99", p(l.transportDelayUs(), LatencyFigures::p99));
        m.put("ttftShare", share(s.transportShare().ttft()));
        m.put("e2eShare", share(s.transportShare().e2e()));
        m.put("clientCpuPerEvent", s.client().cpuUsPerEvent() < 0 ? NONE
                : Unit.MICROS.format(s.client().cpuUsPerEvent()));
        m.put("clientCpu", s.client().cpuUtilization() < 0 ? NONE : Unit.RATIO.format(s.client().cpuUtilization()));
        m.put("sendLagP99", p(s.client().sendLagUs(), LatencyFigures::p99));
        m.put("serverCpu", !s.server().observed() || s.server().cpuCores() < 0 ? NONE
                : Unit.fixed(s.server().cpuCores(), 2) + " cores");
        return m;
    }

    private static List<Map<String, Object>> failureRows(LlmResults r) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LlmStepResult s : r.steps()) {
            for (Map.Entry<RequestTimeline.Failure, Long> e : s.counts().failures().entrySet()) {
                List<String> ex = s.counts().failureExamples().getOrDefault(e.getKey(), List.of());
                rows.add(Map.of("step", s.name(), "kind", failureName(e.getKey()), "count", e.getValue().toString(),
                        "examples", ex.isEmpty() ? NONE : String.join("; ", ex)));
            }
        }
        return rows;
    }

    /** "closed early" for {@code CLOSED_EARLY}. */
    static String failureName(RequestTimeline.Failure f) {
        return f.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** "4", "2.5": a load or limit without a useless ".0". */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.valueOf(v);
    }

    private static String p(LatencyFigures d, Function<LatencyFigures, Double> pick) {
        return d.isEmpty() ? NONE : Unit.MICROS.format(pick.apply(d));
    }

    private static String us(Double v) {
        return v == null ? NONE : Unit.MICROS.format(v);
    }

    private static String ratio(Double v) {
        return v == null ? NONE : Unit.fixed(v, 2) + "×";
    }

    private static String share(Double v) {
        return v == null ? NONE : Unit.RATIO.format(v);
    }

    private static String rate(Double v) {
        return v == null ? NONE : Unit.fixed(v, Math.abs(v) >= 100 ? 0 : 2);
    }
}
