package io.pushbench.cli.compare;

import io.pushbench.analysis.results.MessageCounts;

import java.util.List;
import java.util.Map;

/**
 * The runs of one configuration (transport, protocol, driver, variant) summarised across its repeats.
 *
 * @param transport   "sse" or "ws"
 * @param protocol    "h1", "h2c"
 * @param driver      "gatling", "jetty"
 * @param variant     variant name
 * @param runIds      the runs, in execution order
 * @param validRuns   how many of them are valid
 * @param messages    message accounting summed over the runs (expected, delivered, lost, duplicated, reordered)
 * @param metrics     each headline figure's median and spread (absent when no run had the figure)
 * @param spreadBasis per metric: "repeats" (across runs), "batches" (one run's steady window cut in batches) or
 *                    "single" (one value, no spread)
 */
public record GroupSummary(String transport, String protocol, String driver, String variant, List<String> runIds,
                           int validRuns, MessageCounts messages, Map<Metric, Spread> metrics,
                           Map<Metric, String> spreadBasis) {
    public GroupSummary {
        runIds = List.copyOf(runIds);
        metrics = Map.copyOf(metrics);
        spreadBasis = Map.copyOf(spreadBasis);
    }

    public String key() {
        return PlannedRun.groupKey(transport, protocol, driver, variant);
    }
}
