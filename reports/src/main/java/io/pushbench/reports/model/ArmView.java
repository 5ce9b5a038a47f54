package io.pushbench.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.analysis.verdict.ArmSummary;
import io.pushbench.reports.model.Views.SpectrumPoint;

import java.util.List;

/**
 * One arm of the {@link io.pushbench.analysis.verdict.Comparison} as the report shows it: the arm's
 * {@link ArmSummary} (figures, counts, runs: nothing recomputed) plus what only the report draws, the merged latency
 * spectrum of its valid runs and the run its time-series charts show.
 *
 * <pre>{@code
 * ArmView a = model.arm("sse/h1/gatling/plain");
 * a.figure(Figure.LATENCY_P99).median();   // the same Summary as Comparisons.of(results)
 * }</pre>
 *
 * @param key               {@link io.pushbench.analysis.verdict.Arm#key()}, e.g. "sse/h1/gatling/plain"
 * @param label             {@link io.pushbench.analysis.verdict.Arm#label()}, e.g. "SSE h1"
 * @param runIds            every run of the arm, in execution order
 * @param validRunIds       the valid runs: figures and the spectrum come from these only
 * @param representativeRun the run with the median p99 among the valid runs (all runs when none is valid):
 *                          time-series charts show this one
 * @param mergedLatencyUs   latency summary of the valid runs' steady windows merged (.hlog), null without logs
 * @param spectrum          percentile spectrum of those merged steady windows
 * @param summary           the arm's summary from the comparison (not serialised: the model JSON carries the
 *                          comparison once, under {@code summary})
 */
public record ArmView(String key, String label, List<String> runIds, List<String> validRunIds,
                      String representativeRun, Percentiles mergedLatencyUs, List<SpectrumPoint> spectrum,
                      @JsonIgnore ArmSummary summary) {

    public ArmView {
        runIds = List.copyOf(runIds);
        validRunIds = List.copyOf(validRunIds);
        spectrum = List.copyOf(spectrum);
    }

    /** The arm's {@link Summary} of {@code f} over its valid runs, or null when no valid run has it. */
    public Summary figure(Figure f) {
        return summary.figure(f);
    }
}
