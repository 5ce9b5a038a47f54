package io.pushbench.cli.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders a comparison's runs so that slow drift of the machine (thermal state, page cache, other tenants) cannot
 * favour one transport: within every (repeat, variant) pair the transports run back to back, and the order flips
 * from one pair to the next (A B, B A, A B, ...: the classic A B B A counterbalancing). With more than two transports
 * the list is reversed on alternate pairs, which keeps each transport's mean position equal.
 *
 * <pre>{@code
 * List<PlannedRun> plan = RunPlanner.plan(profile);
 * // repeats 2, transports [sse, ws]: sse-h1-gatling-r1, ws-h1-gatling-r1, ws-h1-gatling-r2, sse-h1-gatling-r2
 * }</pre>
 */
public final class RunPlanner {
    private RunPlanner() {
    }

    public static List<PlannedRun> plan(CompareProfile p) {
        List<PlannedRun> plan = new ArrayList<>(p.runCount());
        int pair = 0;
        for (int repeat = 1; repeat <= p.repeats(); repeat++) {
            for (String variantName : p.variants()) {
                Variants.Variant v = Variants.require(variantName);
                List<String> order = new ArrayList<>(p.transports());
                if (pair % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String t : order) {
                    plan.add(new PlannedRun(plan.size(), runId(t, v, repeat), t, v.name(), v.protocol(), v.driver(),
                            repeat));
                }
                pair++;
            }
        }
        return List.copyOf(plan);
    }

    static String runId(String transport, Variants.Variant v, int repeat) {
        String variantPart = Variants.PLAIN.equals(v.name()) ? "" : "-" + v.name();
        return transport + "-" + v.protocol() + "-" + v.driver() + variantPart + "-r" + repeat;
    }
}
