package io.pushbench.reports.model;

import io.pushbench.reports.jmh.JmhTable;

import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, derived from one results directory (our results JSON and .hlog files, plus JMH's
 * JSON when present) and nothing else. Renderers only format it; the baseline and the gate read it too.
 *
 * <pre>{@code
 * ReportModel m = ReportModelLoader.load(Path.of("results/20261124-quick"));
 * m.comparisons().forEach(c -> System.out.println(c.sentence()));
 * }</pre>
 *
 * @param id             results id (the directory name)
 * @param kind           "run" or "comparison"
 * @param startedAt      ISO-8601 instant
 * @param finishedAt     ISO-8601 instant, null when unfinished
 * @param complete       false when interrupted
 * @param valid          false when any run is invalid or the results are incomplete
 * @param invalidReasons why not valid
 * @param minRepeats     fewest repeats of any group
 * @param provisional    true when a verdict rests on a single repeat
 * @param config         effective configuration
 * @param environment    machine and software fingerprint
 * @param calibration    instrument floor
 * @param groups         configurations with their repeats' spread
 * @param runs           every run
 * @param comparisons    SSE against WebSocket, per figure and pairing
 * @param verdict        the verdict lines, most important first
 * @param jmh            JMH results arranged side by side, null when the directory has none
 * @param links          relative paths of directory-level files ("results", "console", "jmh")
 */
public record ReportModel(String id, String kind, String startedAt, String finishedAt, boolean complete,
                          boolean valid, List<String> invalidReasons, int minRepeats, boolean provisional,
                          Map<String, Object> config, Map<String, Object> environment,
                          Map<String, Object> calibration, List<GroupView> groups, List<RunView> runs,
                          List<Comparison> comparisons, List<String> verdict, JmhTable jmh,
                          Map<String, String> links) {

    /** The group with {@code key}, or null. */
    public GroupView group(String key) {
        return groups.stream().filter(g -> g.key().equals(key)).findFirst().orElse(null);
    }

    /** The run with {@code id}, or null. */
    public RunView run(String runId) {
        return runs.stream().filter(r -> r.id().equals(runId)).findFirst().orElse(null);
    }
}
