package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunPlannerTest {
    @Test
    void transportsAlternateABBA() {
        CompareProfile p = ProfileLoader.builtIn("quick").repeats(4).build();
        List<PlannedRun> plan = RunPlanner.plan(p).runs();
        assertThat(plan).extracting(PlannedRun::runId).containsExactly(
                "sse-h1-jetty-r1", "ws-h1-jetty-r1",
                "ws-h1-jetty-r2", "sse-h1-jetty-r2",
                "sse-h1-jetty-r3", "ws-h1-jetty-r3",
                "ws-h1-jetty-r4", "sse-h1-jetty-r4");
        assertThat(plan).extracting(PlannedRun::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(plan).allSatisfy(r -> {
            assertThat(r.protocol()).isEqualTo(Protocol.H1);
            assertThat(r.driver()).isEqualTo(Driver.JETTY);
            assertThat(r.variant()).isEqualTo(Variant.PLAIN);
        });
    }

    @Test
    void scenarioCasesAreGroupsOfTheirOwnAndSkipWhatTheyCannotPlay() {
        CompareProfile p = ProfileLoader.builtIn("ci").repeats(2).protocols(List.of("h1", "h2"))
                .drivers(List.of("jetty", "gatling")).scenarios(List.of("drop", "churn")).build();
        List<String> groups = p.groups().stream().map(RunGroup::label).toList();
        assertThat(groups).containsExactly(
                "h1/jetty/plain@drop-abort", "h1/jetty/plain@drop-close", "h1/jetty/plain@churn",
                "h1/gatling/plain@drop-abort", "h1/gatling/plain@drop-close",
                "h2c/jetty/plain@drop-abort", "h2c/jetty/plain@drop-close", "h2c/jetty/plain@drop-connection",
                "h2c/jetty/plain@churn");
        assertThat(p.skipped()).contains("skipped scenario drop-connection on h1 x jetty: it applies to [h2c] only (docs/scenarios.md)",
                "skipped scenario churn on h1 x gatling: it needs the jetty driver");
        List<PlannedRun> plan = RunPlanner.plan(p).runs();
        assertThat(plan.get(0).runId()).isEqualTo("sse-h1-jetty-drop-abort-r1");
        assertThat(plan.get(0).scenario().name()).isEqualTo("drop-abort");
        assertThat(plan).filteredOn(r -> r.repeat() == 2 && r.group().label().equals("h2c/jetty/plain@churn"))
                .extracting(PlannedRun::runId).containsExactly("ws-h2c-jetty-churn-r2", "sse-h2c-jetty-churn-r2");
    }

    @Test
    void singleRepeatRunsTransportsInProfileOrder() {
        CompareProfile p = ProfileLoader.builtIn("quick").repeats(1).transports(List.of("ws", "sse")).build();
        assertThat(RunPlanner.plan(p).order()).containsExactly("ws-h1-jetty-r1", "sse-h1-jetty-r1");
        assertThat(p.runCount()).isEqualTo(2);
    }

    @Test
    void anAaComparisonRunsTwoNamedArmsOfOneTransportAlternated() {
        CompareProfile p = ProfileLoader.builtIn("ci").repeats(2).transports(List.of("sse", "sse")).build();
        List<PlannedRun> plan = RunPlanner.plan(p).runs();
        assertThat(plan).extracting(PlannedRun::runId).containsExactly("sse-a-h1-jetty-r1", "sse-b-h1-jetty-r1",
                "sse-b-h1-jetty-r2", "sse-a-h1-jetty-r2");
        assertThat(plan).extracting(PlannedRun::arm).containsExactly("A", "B", "B", "A");
        assertThat(plan.get(0).armLabel()).isEqualTo("SSE (A)");
    }

    @Test
    void driversTimesProtocolsSkipGatlingOverH2AndAlternateWithinEachGroup() {
        CompareProfile p = ProfileLoader.builtIn("quick").repeats(2).drivers(List.of("gatling", "jetty"))
                .protocols(List.of("h1", "h2")).build();
        ComparePlan plan = RunPlanner.plan(p);
        assertThat(plan.notes()).containsExactly("skipped gatling x h2c: the Gatling driver cannot carry h2c");
        assertThat(p.groups()).extracting(RunGroup::label)
                .containsExactly("h1/gatling/plain", "h1/jetty/plain", "h2c/jetty/plain");
        assertThat(p.runCount()).isEqualTo(12).isEqualTo(plan.runs().size());
        assertThat(plan.order()).containsExactly(
                "sse-h1-gatling-r1", "ws-h1-gatling-r1", "sse-h1-jetty-r1", "ws-h1-jetty-r1",
                "sse-h2c-jetty-r1", "ws-h2c-jetty-r1",
                "ws-h1-gatling-r2", "sse-h1-gatling-r2", "ws-h1-jetty-r2", "sse-h1-jetty-r2",
                "ws-h2c-jetty-r2", "sse-h2c-jetty-r2");
        assertThat(plan.runs()).noneMatch(r -> r.driver() == Driver.GATLING && r.protocol() == Protocol.H2C);
        // A B, then B A, in every comparable group: each group's own sequence is A B B A
        Map<RunGroup, List<Transport>> byGroup = plan.runs().stream().collect(Collectors.groupingBy(
                PlannedRun::group, java.util.LinkedHashMap::new,
                Collectors.mapping(PlannedRun::transport, Collectors.toList())));
        assertThat(byGroup).hasSize(3).allSatisfy((g, ts) ->
                assertThat(ts).containsExactly(Transport.SSE, Transport.WS, Transport.WS, Transport.SSE));
        assertThat(plan.runs()).extracting(PlannedRun::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void aProfileWithNothingToRunIsAOneLineError() {
        assertThatThrownBy(() -> ProfileLoader.builtIn("quick").drivers(List.of("gatling")).protocols(List.of("h2"))
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nothing to run: skipped gatling x h2c: the Gatling driver cannot carry h2c");
    }

    @Test
    void anInvalidRunIsReplacedWithinItsGroup() {
        CompareProfile p = ProfileLoader.builtIn("quick").drivers(List.of("gatling", "jetty")).build();
        List<PlannedRun> plan = new ArrayList<>(RunPlanner.plan(p).runs());
        List<RunResult> done = new ArrayList<>();
        for (PlannedRun r : plan) {
            RunResult result = FakeRuns.result(r, 1000, 8_000, 0);
            done.add(r.runId().equals("ws-h1-jetty-r2") ? result.withValidity(List.of("server unobserved: x")) : result);
        }
        PlannedRun extra = RunPlanner.replacement(plan, done, plan.size(), p);
        assertThat(extra.runId()).isEqualTo("ws-h1-jetty-r6");
        assertThat(extra.group()).isEqualTo(new RunGroup(Protocol.H1, Driver.JETTY, Variant.PLAIN));
        assertThat(extra.index()).isEqualTo(plan.size());
        assertThat(RunPlanner.maxReplacements(p)).isEqualTo(4);   // 20 planned runs / 5
    }
}
