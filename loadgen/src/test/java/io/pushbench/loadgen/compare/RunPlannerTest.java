package io.pushbench.cli.compare;

import io.pushbench.wire.Protocol;
import io.pushbench.analysis.results.Variant;
import io.pushbench.analysis.results.Driver;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunPlannerTest {
    @Test
    void transportsAlternateABBA() {
        CompareProfile p = ProfileLoader.builtIn("standard").repeats(4).build();
        List<PlannedRun> plan = RunPlanner.plan(p);
        assertThat(plan).extracting(PlannedRun::runId).containsExactly(
                "sse-h1-gatling-r1", "ws-h1-gatling-r1",
                "ws-h1-gatling-r2", "sse-h1-gatling-r2",
                "sse-h1-gatling-r3", "ws-h1-gatling-r3",
                "ws-h1-gatling-r4", "sse-h1-gatling-r4");
        assertThat(plan).extracting(PlannedRun::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(plan).allSatisfy(r -> {
            assertThat(r.protocol()).isEqualTo(Protocol.H1);
            assertThat(r.driver()).isEqualTo(Driver.GATLING);
            assertThat(r.variant()).isEqualTo(Variant.PLAIN);
        });
    }

    @Test
    void singleRepeatRunsTransportsInProfileOrder() {
        CompareProfile p = ProfileLoader.builtIn("quick").repeats(1).transports(List.of("ws", "sse")).build();
        assertThat(RunPlanner.plan(p)).extracting(PlannedRun::runId)
                .containsExactly("ws-h1-gatling-r1", "sse-h1-gatling-r1");
        assertThat(p.runCount()).isEqualTo(2);
    }

    @Test
    void anAaComparisonRunsTwoNamedArmsOfOneTransportAlternated() {
        CompareProfile p = ProfileLoader.builtIn("ci").repeats(2).transports(List.of("sse", "sse")).build();
        List<PlannedRun> plan = RunPlanner.plan(p);
        assertThat(plan).extracting(PlannedRun::runId).containsExactly("sse-a-h1-gatling-r1", "sse-b-h1-gatling-r1",
                "sse-b-h1-gatling-r2", "sse-a-h1-gatling-r2");
        assertThat(plan).extracting(PlannedRun::arm).containsExactly("A", "B", "B", "A");
        assertThat(plan.get(0).armLabel()).isEqualTo("SSE (A)");
    }
}
