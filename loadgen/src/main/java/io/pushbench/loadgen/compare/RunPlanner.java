package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.RunResult;
import io.pushbench.wire.Transport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Orders a comparison's runs so that slow drift of the machine (thermal state, page cache, other tenants) cannot
 * favour one transport: within every (repeat, group) pair the transports run back to back, and the order flips from
 * one repeat to the next in every group (A B, B A, A B, ...: the classic A B B A counterbalancing). A group is one
 * protocol, driver and variant ({@link CompareProfile#groups()}); arms are compared only within a group, so the
 * counterbalancing is per group too. With more than two transports the list is reversed on alternate repeats, which
 * keeps each transport's mean position equal.
 *
 * <pre>{@code
 * ComparePlan plan = RunPlanner.plan(profile);
 * // repeats 2, transports [sse, ws]: sse-h1-jetty-r1, ws-h1-jetty-r1, ws-h1-jetty-r2, sse-h1-jetty-r2
 * // transports [sse, sse] (A/A): sse-a-h1-jetty-r1, sse-b-h1-jetty-r1, sse-b-h1-jetty-r2, ...
 * // protocols [h1, h2]: sse-h1-jetty-r1, ws-h1-jetty-r1, sse-h2c-jetty-r1, ws-h2c-jetty-r1, ws-h1-jetty-r2, ...
 * }</pre>
 */
public final class RunPlanner {
    private RunPlanner() {
    }

    /** The plan of {@code p}: repeats, then groups, then transports; driver and protocol pairs it skips in notes. */
    public static ComparePlan plan(CompareProfile p) {
        List<PlannedRun> plan = new ArrayList<>(p.runCount());
        for (int repeat = 1; repeat <= p.repeats(); repeat++) {
            for (RunGroup group : p.groups()) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < p.transports().size(); i++) {
                    order.add(i);
                }
                // The flip follows the repeat, not a slot counter: with an even number of groups a shared counter
                // would give each group the same order in every repeat, and drift would favour one arm.
                if (repeat % 2 == 0) {
                    Collections.reverse(order);
                }
                for (int i : order) {
                    plan.add(run(plan.size(), p.transports().get(i), p.armNames().get(i), group, repeat));
                }
            }
        }
        return new ComparePlan(plan, p.skipped());
    }

    private static PlannedRun run(int index, Transport transport, String arm, RunGroup g, int repeat) {
        return new PlannedRun(index, runId(transport, arm, g, repeat), transport, g.variant(), g.protocol(),
                g.driver(), repeat, arm, g.scenario());
    }

    /**
     * {@code <transport>[-<arm>]-<protocol>-<driver>[-<variant>][-<scenario case>]-r<repeat>}: "sse-a-h1-jetty-r1",
     * "ws-h1-jetty-drop-abort-r2".
     */
    static String runId(Transport transport, String arm, RunGroup g, int repeat) {
        String variantPart = g.variant().isPlain() ? "" : "-" + g.variant().name();
        String scenarioPart = g.scenario().steady() ? "" : "-" + g.scenario().name();
        String armPart = arm == null ? "" : "-" + arm.toLowerCase(Locale.ROOT);
        return transport.key() + armPart + "-" + g.protocol().key() + "-" + g.driver().key() + variantPart
                + scenarioPart + "-r" + repeat;
    }

    /**
     * Invalid runs give no figure, so an arm with one invalid run of five could not be called at all. After the
     * plan, each invalid run is replaced by one more run of its arm in its group (repeat numbers continue), up to
     * {@link #maxReplacements} per comparison; the invalid run stays in the results and the verdict lists it.
     *
     * @param plan    the runs so far, planned and replacements, in execution order
     * @param done    their results, in the same order
     * @param planned how many of {@code plan} the planner planned (the rest are replacements)
     * @return the next replacement run, or null when every arm has its planned number of valid runs or the
     *         replacements are used up
     */
    static PlannedRun replacement(List<PlannedRun> plan, List<RunResult> done, int planned, CompareProfile p) {
        if (plan.size() - planned >= maxReplacements(p) || done.size() != plan.size()) {
            return null;
        }
        for (int i = 0; i < done.size(); i++) {
            if (done.get(i).valid()) {
                continue;
            }
            PlannedRun bad = plan.get(i);
            long valid = 0;
            int lastRepeat = 0;
            for (int j = 0; j < done.size(); j++) {
                PlannedRun r = plan.get(j);
                if (sameArm(r, bad)) {
                    valid += done.get(j).valid() ? 1 : 0;
                    lastRepeat = Math.max(lastRepeat, r.repeat());
                }
            }
            if (valid < p.repeats()) {
                return run(plan.size(), bad.transport(), bad.arm(), bad.group(), lastRepeat + 1);
            }
        }
        return null;
    }

    /** Replacement runs allowed per comparison: one per five planned runs, at least one. */
    static int maxReplacements(CompareProfile p) {
        return Math.max(1, p.runCount() / 5);
    }

    /** Same transport, A/A name and group: runs the verdict pools as repeats of one arm. */
    private static boolean sameArm(PlannedRun a, PlannedRun b) {
        return a.transport() == b.transport() && a.group().equals(b.group()) && Objects.equals(a.arm(), b.arm());
    }
}
