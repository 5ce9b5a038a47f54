package io.pushbench.reports.model;

import io.pushbench.analysis.results.Percentiles;
import io.pushbench.reports.model.Views.Figure;
import io.pushbench.reports.model.Views.SpectrumPoint;

import java.util.List;

/**
 * The repeats of one configuration (transport, protocol, driver, variant) and their figures across repeats.
 *
 * @param key               "transport/protocol/driver/variant", stable across runs (the baseline keys on it)
 * @param label             human label, e.g. "SSE h1 (plain)"
 * @param transport         "sse" or "ws"
 * @param protocol          "h1" or "h2c"
 * @param driver            load generator
 * @param variant           named asymmetry
 * @param runIds            the repeats, in repeat order
 * @param validRuns         how many repeats are valid (the figures use those only, or all when none is)
 * @param representativeRun the repeat whose p99 is the median: time-series charts show this one
 * @param figures           headline figures with their spread
 * @param mergedLatencyUs   latency summary of all repeats' steady windows merged (from the .hlog files)
 * @param spectrum          percentile spectrum of the merged steady windows
 */
public record GroupView(String key, String label, String transport, String protocol, String driver, String variant,
                        List<String> runIds, int validRuns, String representativeRun, List<Figure> figures,
                        Percentiles mergedLatencyUs, List<SpectrumPoint> spectrum) {

    /** The figure for {@code metric}, or null when no repeat has it. */
    public Figure figure(Metric metric) {
        return figures.stream().filter(f -> f.metric().equals(metric.key())).findFirst().orElse(null);
    }
}
