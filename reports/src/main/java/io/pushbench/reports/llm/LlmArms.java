package io.pushbench.reports.llm;

import io.pushbench.analysis.llm.LatencyFigures;
import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmStepResult;
import io.pushbench.analysis.llm.LoadMode;
import io.pushbench.analysis.stats.Summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The steps of an LLM results file arranged for the report: per load mode, the arms (transport, protocol, API) and
 * the loads they ran, and per arm and load the steps (repeats). Figures against load are the median over the valid
 * repeats, as {@link io.pushbench.analysis.llm.LlmSummary} takes them; spectra pool the valid repeats' histograms.
 * Nothing here defines a figure: every value is a step's, from {@link LlmStepResult}.
 *
 * <pre>{@code
 * for (LlmArms.Mode mode : LlmArms.of(results)) {
 *     mode.arms();                       // "SSE h1 chat", "WS h1 responses", ...
 *     mode.median("WS h1 responses", 4, s -> s.latency().ttftUs().p99());   // null without a valid repeat
 * }
 * }</pre>
 */
final class LlmArms {
    private LlmArms() {
    }

    /** The steps of one load mode. */
    record Mode(LoadMode mode, List<String> arms, List<Double> loads,
                Map<String, Map<Double, List<LlmStepResult>>> steps) {
        /** The steps of {@code arm} at {@code load} (every repeat, valid or not), in execution order. */
        List<LlmStepResult> at(String arm, double load) {
            return steps.getOrDefault(arm, Map.of()).getOrDefault(load, List.of());
        }

        /** The valid repeats of {@code arm} at {@code load}. */
        List<LlmStepResult> valid(String arm, double load) {
            return at(arm, load).stream().filter(LlmStepResult::valid).toList();
        }

        /** Median of {@code figure} over the valid repeats that have it (non-null); null when none has it. */
        Double median(String arm, double load, Function<LlmStepResult, Double> figure) {
            double[] v = valid(arm, load).stream().map(figure).filter(x -> x != null && Double.isFinite(x))
                    .mapToDouble(Double::doubleValue).toArray();
            return v.length == 0 ? null : Summary.median(v);
        }

        /** The valid repeats' values of one latency figure pooled into one distribution. */
        LatencyFigures pooled(String arm, double load, Function<LlmStepResult, LatencyFigures> figure) {
            return LatencyFigures.merge(valid(arm, load).stream().map(figure).toList());
        }

        /** "4 req/s", "16 concurrent". */
        String loadLabel(double load) {
            return LlmReportView.num(load) + " " + mode.unit();
        }
    }

    /** One {@link Mode} per load mode present, rate first; arms in order of first appearance, loads ascending. */
    static List<Mode> of(LlmResults r) {
        Map<LoadMode, List<LlmStepResult>> byMode = new LinkedHashMap<>();
        for (LoadMode m : LoadMode.values()) {
            List<LlmStepResult> s = r.steps().stream().filter(x -> x.step().loadMode() == m).toList();
            if (!s.isEmpty()) {
                byMode.put(m, s);
            }
        }
        List<Mode> out = new ArrayList<>();
        for (Map.Entry<LoadMode, List<LlmStepResult>> e : byMode.entrySet()) {
            Map<String, Map<Double, List<LlmStepResult>>> steps = new LinkedHashMap<>();
            TreeSet<Double> loads = new TreeSet<>();
            for (LlmStepResult s : e.getValue()) {
                steps.computeIfAbsent(s.step().armLabel(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(s.step().load(), k -> new ArrayList<>()).add(s);
                loads.add(s.step().load());
            }
            List<String> arms = new ArrayList<>(steps.keySet());
            // SSE before WS, then protocol, then API: the same order in every table and legend
            arms.sort(Comparator.comparing((String a) -> first(steps.get(a)).step().transport())
                    .thenComparing(a -> first(steps.get(a)).step().protocol())
                    .thenComparing(a -> first(steps.get(a)).step().api()));
            out.add(new Mode(e.getKey(), List.copyOf(arms), List.copyOf(loads), steps));
        }
        return out;
    }

    private static LlmStepResult first(Map<Double, List<LlmStepResult>> byLoad) {
        return byLoad.values().iterator().next().get(0);
    }
}
