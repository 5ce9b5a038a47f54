package io.pushbench.reports.llm;

import io.pushbench.analysis.llm.LatencyFigures;
import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmStepResult;
import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.model.Views.SpectrumPoint;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.ChartSpec.Series;
import io.pushbench.reports.render.Charts;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The LLM section's charts, as {@link ChartSpec}s (drawn by ECharts in report.html and by
 * {@link io.pushbench.reports.render.SvgCharts} for report.md). Per load mode: at each load a TTFT and an ITL
 * (per chunk) percentile spectrum per arm, from the valid repeats' histograms pooled; then against the offered load
 * the completed and goodput rates, output tokens/s, end-to-end p50 and p99 and the transport's share of TTFT and
 * end-to-end (medians over valid repeats); last, failures by kind over every step. Latencies in ms.
 *
 * <pre>{@code
 * List<ChartSpec> charts = LlmCharts.of(results);   // ids start with "llm-"
 * }</pre>
 */
public final class LlmCharts {
    private LlmCharts() {
    }

    public static List<ChartSpec> of(LlmResults r) {
        List<ChartSpec> out = new ArrayList<>();
        for (LlmArms.Mode m : LlmArms.of(r)) {
            String mode = m.mode().key();
            for (double load : m.loads()) {
                String at = mode + LlmReportView.num(load);
                out.add(spectrum(m, load, "llm-ttft-" + at, "TTFT percentile spectrum at " + m.loadLabel(load),
                        "time to first token (ms)", s -> s.latency().ttftUs(),
                        "Scheduled arrival to the first non-empty content event, every completed request of the valid "
                                + "repeats pooled; x is 1/(1-p) on a log scale, the last point is the maximum."));
                out.add(spectrum(m, load, "llm-itl-" + at, "ITL (per chunk) percentile spectrum at "
                                + m.loadLabel(load), "inter-token latency per chunk (ms)",
                        s -> s.latency().itlPerChunkUs(),
                        "Gaps between successive content events (the first excluded), valid repeats pooled; per-token"
                                + " figures are in the tables."));
            }
            out.add(vsLoad(m, "llm-throughput-" + mode, "Completed and goodput requests/s against offered load",
                    "requests/s", false, List.of(
                            new Figure("completed", s -> s.rates().completedPerSec()),
                            new Figure("goodput", s -> s.rates().goodputPerSec())),
                    "Median over valid repeats; goodput counts completed requests that met every SLO given (absent "
                            + "without SLOs)."));
            ChartSpec tokens = vsLoad(m, "llm-tokens-" + mode, "Output tokens/s against offered load", "tokens/s",
                    false, List.of(new Figure("tokens/s", s -> s.rates().outputTokensPerSec())),
                    "Median over valid repeats; absent where a completed request's token count was unknown.");
            if (!tokens.series().isEmpty()) {
                out.add(tokens);
            }
            out.add(vsLoad(m, "llm-e2e-" + mode, "End-to-end latency against offered load", "end-to-end (ms)", true,
                    List.of(new Figure("p50", s -> ms(s.latency().e2eUs(), s.latency().e2eUs().p50())),
                            new Figure("p99", s -> ms(s.latency().e2eUs(), s.latency().e2eUs().p99()))),
                    "Scheduled arrival to the end marker, median over valid repeats of each repeat's percentile."));
            ChartSpec share = transportShare(m, "llm-transport-share-" + mode);
            if (!share.series().isEmpty()) {
                out.add(share);
            }
        }
        ChartSpec failures = failures(r);
        if (!failures.series().isEmpty()) {
            out.add(failures);
        }
        return List.copyOf(out);
    }

    private record Figure(String name, Function<LlmStepResult, Double> value) {
    }

    private static ChartSpec spectrum(LlmArms.Mode m, double load, String id, String title, String yLabel,
                                      Function<LlmStepResult, LatencyFigures> figure, String note) {
        List<Series> series = new ArrayList<>();
        for (String arm : m.arms()) {
            LatencyFigures d = m.pooled(arm, load, figure);
            if (!d.isEmpty()) {
                series.add(new Series(arm, spectrumPoints(d.histogram())));
            }
        }
        return new ChartSpec(id, title, "line", "percentile", yLabel, "percentile", true, List.of(), series, note);
    }

    /**
     * The feed spectrum's points ({@link ReportModelLoader#percentileLevels}: HdrHistogram's percentile iteration up
     * to p99.99), then the maximum at {@link Charts#MAX_X}; values (µs in the histogram) in ms.
     */
    static List<double[]> spectrumPoints(Histogram h) {
        List<double[]> out = new ArrayList<>();
        for (SpectrumPoint p : ReportModelLoader.percentileLevels(h)) {
            out.add(new double[]{Charts.percentileX(p.percentile()), p.valueUs()});   // "valueUs": here ms
        }
        out.add(new double[]{Charts.MAX_X, h.getMaxValue() / 1000.0});
        return out;
    }

    private static ChartSpec vsLoad(LlmArms.Mode m, String id, String title, String yLabel, boolean yLog,
                                    List<Figure> figures, String note) {
        List<Series> series = new ArrayList<>();
        for (String arm : m.arms()) {
            for (Figure f : figures) {
                List<double[]> pts = new ArrayList<>();
                for (double load : m.loads()) {
                    Double v = m.median(arm, load, f.value());
                    if (v != null) {
                        pts.add(new double[]{load, v});
                    }
                }
                if (!pts.isEmpty()) {
                    series.add(new Series(figures.size() == 1 ? arm : arm + " " + f.name(), pts));
                }
            }
        }
        return new ChartSpec(id, title, "line", "offered load (" + m.mode().unit() + ")", yLabel, "linear", yLog,
                List.of(), series, note);
    }

    private static ChartSpec transportShare(LlmArms.Mode m, String id) {
        List<String> categories = m.loads().stream().map(m::loadLabel).toList();
        List<Series> series = new ArrayList<>();
        for (String arm : m.arms()) {
            for (Figure f : List.of(new Figure("TTFT", s -> pct(s.transportShare().ttft())),
                    new Figure("E2E", s -> pct(s.transportShare().e2e())))) {
                List<double[]> pts = new ArrayList<>();
                for (int i = 0; i < m.loads().size(); i++) {
                    Double v = m.median(arm, m.loads().get(i), f.value());
                    if (v != null) {
                        pts.add(new double[]{i, v});
                    }
                }
                if (!pts.isEmpty()) {
                    series.add(new Series(arm + " " + f.name(), pts));
                }
            }
        }
        return new ChartSpec(id, "Transport share of TTFT and end-to-end", "bar", "offered load",
                "transport share (%)", "linear", false, categories, series,
                "Σ (receipt − scheduled emit) / Σ latency over completed requests, median over valid repeats; absent"
                        + " for a server without pushbench's emit times.");
    }

    private static ChartSpec failures(LlmResults r) {
        Set<RequestTimeline.Failure> kinds = new LinkedHashSet<>();
        for (RequestTimeline.Failure k : RequestTimeline.Failure.values()) {
            if (r.steps().stream().anyMatch(s -> s.counts().failures().getOrDefault(k, 0L) > 0)) {
                kinds.add(k);
            }
        }
        List<Series> series = new ArrayList<>();
        Map<String, List<LlmStepResult>> byArm = new java.util.LinkedHashMap<>();
        for (LlmArms.Mode m : LlmArms.of(r)) {
            for (String arm : m.arms()) {
                for (double load : m.loads()) {
                    byArm.computeIfAbsent(arm, a -> new ArrayList<>()).addAll(m.at(arm, load));
                }
            }
        }
        List<RequestTimeline.Failure> cats = List.copyOf(kinds);
        if (!cats.isEmpty()) {
            for (Map.Entry<String, List<LlmStepResult>> e : byArm.entrySet()) {
                List<double[]> pts = new ArrayList<>();
                for (int i = 0; i < cats.size(); i++) {
                    RequestTimeline.Failure k = cats.get(i);
                    pts.add(new double[]{i, e.getValue().stream()
                            .mapToLong(s -> s.counts().failures().getOrDefault(k, 0L)).sum()});
                }
                series.add(new Series(e.getKey(), pts));
            }
        }
        return new ChartSpec("llm-failures", "Failed requests by kind", "bar", "failure",
                "failed requests (every step)", "linear", false, cats.stream().map(LlmReportView::failureName)
                .toList(), series, "Requests scheduled in a measured window that did not complete, every step "
                + "(valid or not), every load.");
    }

    private static Double ms(LatencyFigures d, double us) {
        return d.isEmpty() ? null : us / 1000.0;
    }

    private static Double pct(Double share) {
        return share == null ? null : share * 100.0;
    }
}
