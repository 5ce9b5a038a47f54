package io.pushbench.loadgen.compare;

import java.util.List;

/**
 * What {@link RunPlanner} decided for a profile: the runs in execution order, and one line per thing it left out.
 *
 * <pre>{@code
 * ComparePlan plan = RunPlanner.plan(profile);   // drivers gatling,jetty x protocols h1,h2
 * plan.runs().size();                            // 30 with 5 repeats: h1/gatling, h1/jetty, h2c/jetty
 * plan.notes();                                  // ["skipped gatling x h2c: the Gatling driver cannot carry h2c"]
 * plan.order();                                  // the run ids, as results.json config.order lists them
 * }</pre>
 *
 * @param runs  the planned runs, never empty
 * @param notes one line each, for the console and the dry run
 */
public record ComparePlan(List<PlannedRun> runs, List<String> notes) {
    public ComparePlan {
        runs = List.copyOf(runs);
        notes = List.copyOf(notes);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one run");
        }
    }

    /** The run ids in execution order. */
    public List<String> order() {
        return runs.stream().map(PlannedRun::runId).toList();
    }
}
