package io.pushbench.analysis.verdict;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.stats.ShiftInterval;
import io.pushbench.analysis.stats.Summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Comparison} as plain maps and lists for JSON: what {@code results.json} stores under {@code summary}
 * (keys {@code method}, {@code arms}, {@code comparisons}, {@code verdict}) and what the report model embeds. One
 * shape, so every JSON output states the same figures and the same verdict.
 *
 * <pre>{@code
 * Map<String, Object> m = ComparisonJson.toMap(Comparisons.of(results));
 * ResultsIO.mapper().writeValueAsString(m);
 * }</pre>
 */
public final class ComparisonJson {
    private ComparisonJson() {
    }

    public static Map<String, Object> toMap(Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("design", c.design());
        method.put("figure", "median over the arm's valid runs; each run's figure over its steady window");
        method.put("interval", "Hodges-Lehmann shift of B against A with the exact Mann-Whitney interval (ratios "
                + "for every figure but loss); confidence is the interval's exact coverage at the runs available");
        method.put("requiredConfidence", ShiftInterval.REQUIRED_CONFIDENCE);
        method.put("minRunsPerArmToCall", ShiftInterval.MIN_RUNS_TO_CALL);
        m.put("method", method);
        m.put("valid", c.valid());
        m.put("invalidReasons", c.invalidReasons());
        m.put("runsPerArm", c.runsPerArm());
        m.put("canCall", c.canCall());
        List<Map<String, Object>> arms = new ArrayList<>();
        for (ArmSummary a : c.arms()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("key", a.arm().key());
            am.put("label", a.arm().label());
            am.put("transport", a.arm().transport().key());
            am.put("protocol", a.arm().protocol().key());
            am.put("driver", a.arm().driver().key());
            am.put("variant", a.arm().variant().name());
            am.put("name", a.arm().name());
            am.put("runs", a.runIds());
            am.put("validRuns", a.validRunIds());
            am.put("messagesWindow", a.countsSteady() ? "steady" : "wholeRun");
            am.put("messages", a.messages());
            am.put("wholeRunMessages", a.wholeRun());
            Map<String, Object> figures = new LinkedHashMap<>();
            for (Figure f : Figure.HEADLINE) {
                Summary s = a.figure(f);
                if (s != null) {
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("unit", f.unit().symbol());
                    fm.put("median", s.median());
                    fm.put("min", s.min());
                    fm.put("max", s.max());
                    fm.put("values", s.values());
                    figures.put(f.key(), fm);
                }
            }
            am.put("figures", figures);
            arms.add(am);
        }
        m.put("arms", arms);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (FigureComparison fc : c.figures()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("figure", fc.figure().key());
            fm.put("a", fc.a().key());
            fm.put("b", fc.b().key());
            fm.put("aMedian", fc.aFigure().median());
            fm.put("bMedian", fc.bFigure().median());
            ShiftInterval s = fc.shift();
            fm.put("shift", s.ratio() ? "ratio b/a" : "difference b-a");
            fm.put("estimate", s.estimate());
            fm.put("low", s.hasInterval() ? s.low() : null);
            fm.put("high", s.hasInterval() ? s.high() : null);
            fm.put("confidence", s.confidence());
            fm.put("outcome", fc.outcome().key());
            fm.put("better", fc.better() == null ? null : fc.better().key());
            fm.put("sentence", fc.sentence());
            cs.add(fm);
        }
        m.put("comparisons", cs);
        m.put("verdict", c.verdict());
        return m;
    }
}
