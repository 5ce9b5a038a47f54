package io.pushbench.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.ComparisonJson;
import io.pushbench.reports.jmh.JmhTable;

import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, from one results directory: the one {@link Comparison} of its runs
 * ({@link io.pushbench.analysis.verdict.Comparisons#of}), arm and run views derived from it and from the runs'
 * files, and JMH's JSON when present. Renderers only format it; the baseline and the gate read it too. Nothing here
 * computes a figure or a call of its own.
 *
 * <pre>{@code
 * ReportModel m = ReportModelLoader.load(Path.of("results/20261124-quick"));
 * m.verdict().forEach(System.out::println);          // exactly Comparison.verdict()
 * m.comparison().of(Figure.LATENCY_P99);              // the FigureComparisons of p99
 * }</pre>
 *
 * @param id             results id (the directory name)
 * @param kind           "run" or "comparison"
 * @param startedAt      ISO-8601 instant
 * @param finishedAt     ISO-8601 instant, null when unfinished
 * @param complete       false when interrupted
 * @param valid          false when any run is invalid, the results say so, or they are incomplete
 * @param invalidReasons why not valid
 * @param config         effective configuration
 * @param environment    machine and software fingerprint
 * @param calibration    instrument floor
 * @param comparison     the one verdict of these runs (serialised as {@link ComparisonJson}, under "summary")
 * @param arms           one view per arm of the comparison, in the comparison's order
 * @param runs           every run
 * @param jmh            JMH results arranged side by side, null when the directory has none
 * @param links          relative paths of directory-level files ("results", "console", "jmh")
 */
public record ReportModel(String id, String kind, String startedAt, String finishedAt, boolean complete,
                          boolean valid, List<String> invalidReasons, Map<String, Object> config,
                          Map<String, Object> environment, Map<String, Object> calibration,
                          @JsonIgnore Comparison comparison, List<ArmView> arms, List<RunView> runs, JmhTable jmh,
                          Map<String, String> links) {

    /** The verdict lines: exactly {@link Comparison#verdict()}. */
    public List<String> verdict() {
        return comparison.verdict();
    }

    /** The comparison in its one JSON shape, as {@code results.json} stores it under {@code summary}. */
    @JsonProperty("summary")
    public Map<String, Object> summaryJson() {
        return ComparisonJson.toMap(comparison);
    }

    /** The arm with {@code key} ({@link io.pushbench.analysis.verdict.Arm#key()}), or null. */
    public ArmView arm(String key) {
        return arms.stream().filter(a -> a.key().equals(key)).findFirst().orElse(null);
    }

    /** The run with {@code id}, or null. */
    public RunView run(String runId) {
        return runs.stream().filter(r -> r.id().equals(runId)).findFirst().orElse(null);
    }
}
