package io.pushbench.cli.compare;

import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders a comparison's runs so that slow drift of the machine (thermal state, page cache, other tenants) cannot
 * favour one transport: within every (repeat, variant) pair the transports run back to back, and the order flips
 * from one repeat to the next for every variant (A B, B A, A B, ...: the classic A B B A counterbalancing). With more
 * than two transports the list is reversed on alternate repeats, which keeps each transport's mean position equal.
 *
 * <pre>{@code
 * List<PlannedRun> plan = RunPlanner.plan(profile);
 * // repeats 2, transports [sse, ws]: sse-h1-gatling-r1, ws-h1-gatling-r1, ws-h1-gatling-r2, sse-h1-gatling-r2
 * // transports [sse, sse] (A/A): sse-a-h1-gatling-r1, sse-b-h1-gatling-r1, sse-b-h1-gatling-r2, ...
 * }</pre>
 */
public final class RunPlanner {
    private RunPlanner() {
    }

    public static List<PlannedRun> plan(CompareProfile p) {
        List<PlannedRun> plan = new ArrayList<>(p.runCount());
        for (int repeat = 1; repeat <= p.repeats(); repeat++) {
            for (Variant variant : p.variants()) {
                Variants.Definition v = Variants.require(variant);
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < p.transports().size(); i++) {
                    order.add(i);
                }
                // The flip follows the repeat, not a slot counter: with an even number of variants a shared counter
                // would give each variant the same order in every repeat, and drift would favour one arm.
                if (repeat % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (int i : order) {
                    Transport t = p.transports().get(i);
                    String arm = p.armNames().get(i);
                    plan.add(new PlannedRun(plan.size(), runId(t, arm, v, repeat), t, v.variant(), v.protocol(),
                            v.driver(), repeat, arm));
                }
            }
        }
        return List.copyOf(plan);
    }

    static String runId(Transport transport, String arm, Variants.Definition v, int repeat) {
        String variantPart = v.variant().isPlain() ? "" : "-" + v.variant().name();
        String armPart = arm == null ? "" : "-" + arm.toLowerCase(java.util.Locale.ROOT);
        return transport.key() + armPart + "-" + v.protocol().key() + "-" + v.driver().key() + variantPart + "-r"
                + repeat;
    }

    /**
     * Invalid runs give no figure, so an arm with one invalid run of five could not be called at all. After the
     * plan, each invalid run is replaced by one more run of its arm (repeat numbers continue), up to
     * {@link #maxReplacements} per comparison; the invalid run stays in the results and the verdict lists it.
     *
     * @return the next replacement run, or null when every arm has its planned number of valid runs or the
     *         replacements are used up
     */
    static PlannedRun replacement(List<PlannedRun> plan, List<io.pushbench.analysis.results.RunResult> done,
                                  int planned, CompareProfile p) {
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
                Variants.Definition v = Variants.require(bad.variant());
                int repeat = lastRepeat + 1;
                return new PlannedRun(plan.size(), runId(bad.transport(), bad.arm(), v, repeat), bad.transport(),
                        v.variant(), v.protocol(), v.driver(), repeat, bad.arm());
            }
        }
        return null;
    }

    /** Replacement runs allowed per comparison: one per five planned runs, at least one. */
    static int maxReplacements(CompareProfile p) {
        return Math.max(1, p.runCount() / 5);
    }

    private static boolean sameArm(PlannedRun a, PlannedRun b) {
        return a.transport() == b.transport() && a.variant().equals(b.variant())
                && java.util.Objects.equals(a.arm(), b.arm());
    }
}
