package io.pushbench.loadgen.capacity;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.ServerSample;
import io.pushbench.analysis.results.Throughput;
import io.pushbench.analysis.results.Variant;
import io.pushbench.analysis.results.Window;
import io.pushbench.loadgen.core.ReasonKeys;
import io.pushbench.loadgen.run.RunOrchestrator;
import io.pushbench.loadgen.run.ServerCpuWindow;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The idle-connection measurement's arithmetic and validity ({@link IdleConnectionCost}) from injected numbers: a
 * window without connections and an idle run's record, no sockets.
 */
class IdleConnectionCostTest {
    /** Ramp 2 s, warm-up 3 s, the idle window from 5 s to 10 s. */
    private static final Window WINDOW = new Window("2026-11-30T15:00:00Z", "2026-11-30T15:00:11Z", 2, 3, 5, 1, 5,
            10);
    private static final ServerCpuWindow EMPTY = new ServerCpuWindow(0.0080, 5.0, 0, 0, 10_000_000, null);

    /** A poll at {@code t} s with {@code connections} open and {@code cpuMs} of server CPU so far. */
    private static ServerSample poll(double t, long connections, long cpuMs) {
        return new ServerSample(t, connections, 1, 1, 0, cpuMs * 1_000_000, 30_000_000, 0, 0, 0, 0, 0, 0L);
    }

    /** 1,000 connections open from 2 s; 40 ms of CPU between the polls at 5.5 s and 9.5 s: 0.010 cores. */
    private static final List<ServerSample> POLLS = List.of(poll(1.5, 0, 1_000), poll(2.5, 1_000, 1_060),
            poll(5.5, 1_000, 1_100), poll(7.5, 1_000, 1_120), poll(9.5, 1_000, 1_140), poll(10.5, 1_000, 1_200));

    private static RunResult idleRun(List<String> reasons, List<ServerSample> polls, double heapPerConnection,
                                     boolean heapFromGc) {
        MessageCounts none = new MessageCounts(0, 0, 0, 0, 0, 0, 0);
        ServerFigures server = new ServerFigures(true, -1, 0.01, 27_000_000, heapPerConnection, 0, 0, 0, 0, 0, 0, 0);
        return new RunResult("sse-h1-1-idle", Transport.SSE, Protocol.H1, Driver.JETTY, Variant.PLAIN, 1, 1_000,
                1_000, reasons.isEmpty(), reasons, WINDOW, none, none, null, new Throughput(0, 0), null, null, null,
                Reconnects.NONE, new LoadgenFigures(1, 0.05, 0.05, 0, 0, 0, 1 << 20, 30, List.of()), server,
                List.of(), polls, Map.of(), Map.of(RunOrchestrator.HEAP_FROM_GC, heapFromGc));
    }

    @Test
    void cpuAndHeapPerIdleConnectionAreWithThemMinusWithoutOverThem() {
        IdleConnectionCost c = IdleConnectionCost.of(1_000, 0.01, 5, EMPTY,
                idleRun(List.of(ReasonKeys.NOTHING_DELIVERED), POLLS, 3_150, true));
        assertThat(c.measured()).isTrue();
        assertThat(c.idleCpuCores()).isCloseTo(0.010, within(1e-12));   // the polls inside 5..10 s, unrounded
        assertThat(c.baselineCpuCores()).isEqualTo(0.0080);
        assertThat(c.cpuMicrosPerSecond()).isCloseTo(2.0, within(1e-9));   // 0.002 cores over 1,000 connections
        // one 10 ms step of the CPU clock (the smallest rise, 20 ms, in the run; 10 ms in the empty window) over the
        // run's 4 s and the empty window's 5 s, per connection: 10 ms x (1/4 + 1/5) / 1,000 = 4.5 µs/s
        assertThat(c.cpuResolution()).isCloseTo(4.5, within(1e-9));
        assertThat(c.heapBytes()).isEqualTo(3_150);
        assertThat(c.deliveriesInWindow()).isZero();
        // the one reason an idle window trips by design is kept, not dropped, and does not invalidate it
        assertThat(c.setAside()).containsExactly(ReasonKeys.NOTHING_DELIVERED);
        assertThat(c.invalidReasons()).isEmpty();
        assertThat(c.runId()).isEqualTo("sse-h1-1-idle");
        assertThat(c.describe()).isEqualTo("idle connections (1,000 open at 0.01 msg/s, 5 s windows): 2.0 µs/s of"
                + " server CPU per connection (± 4.5: one step of the CPU clock per window) and 3,150 B of live heap per connection (server 0.0100 cores with"
                + " them, 0.0080 without)");
    }

    @Test
    void aCostBelowWhatTheWindowsResolveIsReportedAsMeasuredNotClamped() {
        ServerCpuWindow busierEmpty = new ServerCpuWindow(0.0125, 5.0, 0, 0, 10_000_000, null);
        IdleConnectionCost c = IdleConnectionCost.of(1_000, 0.01, 5, busierEmpty, idleRun(List.of(), POLLS, 3_150,
                true));
        assertThat(c.cpuMicrosPerSecond()).isCloseTo(-2.5, within(1e-9));
    }

    @Test
    void everyOtherReasonOfTheRunMakesItNotMeasured() {
        String ramp = "ramp incomplete: 812 of 1000 connections open when the steady window began";
        String saturated = ReasonKeys.LOADGEN_PINNED + ": pinned CPUs 1 were 98% busy";
        IdleConnectionCost c = IdleConnectionCost.of(1_000, 0.01, 5, EMPTY,
                idleRun(List.of(ReasonKeys.NOTHING_DELIVERED, ramp, saturated), POLLS, 3_150, true));
        assertThat(c.measured()).isFalse();
        assertThat(c.invalidReasons()).containsExactly(ramp, saturated);
        assertThat(c.setAside()).containsExactly(ReasonKeys.NOTHING_DELIVERED);
        assertThat(c.cpuMicrosPerSecond()).isNaN();
        assertThat(c.heapBytes()).isNaN();
        assertThat(c.describe()).isEqualTo("idle connections: not measured: " + ramp + "; " + saturated);
    }

    @Test
    void theServerMustHaveHadNoConnectionWithoutThemAndAllOfThemWithThem() {
        ServerCpuWindow leftover = new ServerCpuWindow(0.0080, 5.0, 40, 0, 10_000_000, null);
        assertThat(IdleConnectionCost.of(1_000, 0.01, 5, leftover, idleRun(List.of(), POLLS, 3_150, true))
                .invalidReasons()).containsExactly("the window without connections had 40 open (a previous run's"
                + " not yet closed?)");
        List<ServerSample> short_ = List.of(poll(5.5, 1_000, 1_100), poll(7.5, 990, 1_120), poll(9.5, 1_000, 1_140));
        assertThat(IdleConnectionCost.of(1_000, 0.01, 5, EMPTY, idleRun(List.of(), short_, 3_150, true))
                .invalidReasons()).containsExactly("idle window: the server had 990 of 1000 connections open");
    }

    @Test
    void unobservedWindowsAreNotMeasuredWithTheirReason() {
        ServerCpuWindow unobserved = new ServerCpuWindow(Double.NaN, Double.NaN, -1, -1, -1,
                "server CPU not observed: 2 /metrics polls needed, had 1");
        assertThat(IdleConnectionCost.of(1_000, 0.01, 5, unobserved, idleRun(List.of(), POLLS, 3_150, true))
                .invalidReasons()).containsExactly("window without connections: server CPU not observed: 2 /metrics"
                + " polls needed, had 1");
        List<ServerSample> onePoll = List.of(poll(2.5, 1_000, 1_060), poll(7.5, 1_000, 1_120));
        IdleConnectionCost c = IdleConnectionCost.of(1_000, 0.01, 5, EMPTY, idleRun(List.of(), onePoll, 3_150, true));
        assertThat(c.measured()).isFalse();
        assertThat(c.invalidReasons().getFirst()).startsWith("idle window: server CPU not observed");
    }

    @Test
    void theHeapIsTheLiveHeapOrNotMeasured() {
        // the run fell back to /metrics' heap in use (garbage included): not the live heap, so not reported
        IdleConnectionCost c = IdleConnectionCost.of(1_000, 0.01, 5, EMPTY, idleRun(List.of(), POLLS, 1_289, false));
        assertThat(c.measured()).isTrue();
        assertThat(c.heapBytes()).isNaN();
        assertThat(c.heapNote()).startsWith("heap not measured: the idle run did not read the live heap");
        assertThat(c.describe()).contains("per window) and heap not measured: ");
    }

    @Test
    void theRecordCarriesBothFiguresHowTheyWereTakenAndEveryReason() {
        IdleConnectionCost c = IdleConnectionCost.of(1_000, 0.01, 5, EMPTY,
                idleRun(List.of(ReasonKeys.NOTHING_DELIVERED), POLLS, 3_150, true));
        Map<String, Object> m = CapacityRecord.idle(c);
        assertThat(m).containsEntry("measured", true).containsEntry("heapBytesPerConnection", 3_150.0)
                .containsEntry("connections", 1_000).containsEntry("rate", 0.01).containsEntry("windowSec", 5.0)
                .containsEntry("baselineCpuCores", 0.0080).containsEntry("deliveriesInWindow", 0L)
                .containsEntry("invalidReasons", List.of())
                .containsEntry("setAsideReasons", List.of(ReasonKeys.NOTHING_DELIVERED))
                .containsEntry("runId", "sse-h1-1-idle");
        assertThat((Double) m.get("cpuUsPerSecPerConnection")).isCloseTo(2.0, within(1e-9));
        assertThat((Double) m.get("cpuResolutionUsPerSec")).isCloseTo(4.5, within(1e-9));
        Map<String, Object> skipped = CapacityRecord.idle(IdleConnectionCost.notMeasured(1_000, 0.01, 0,
                "skipped (--no-idle)"));
        assertThat(skipped).containsEntry("measured", false).containsEntry("cpuUsPerSecPerConnection", null)
                .containsEntry("heapBytesPerConnection", null)
                .containsEntry("invalidReasons", List.of("skipped (--no-idle)")).containsEntry("runId", null);
    }

    @Test
    void itIsBesideTheSearchNotInIt() {
        CapacitySearch search = CapacitySearch.builder(Axis.RATE).startLoad(10)
                .stepDuration(java.time.Duration.ofSeconds(10)).maxSteps(4).build();
        CapacityResult r = search.run(load -> StepMeasurement.builder(load).delivered(load * 100, load * 100)
                .latencyMicros(1_000, 2_000, 3_000).server(0.02 + load * 1e-3, load * 100).connections(100).build());
        IdleConnectionCost idle = IdleConnectionCost.of(100, 0.01, 5, EMPTY, idleRun(List.of(), POLLS, 3_150, true));
        CapacityResult with = r.withIdle(idle);
        assertThat(with.points()).isEqualTo(r.points());
        assertThat(with.curve()).isEqualTo(r.curve());
        assertThat(with.marginalCost()).isEqualTo(r.marginalCost());
        assertThat(ConnectionCosts.of(with).idleConnection()).contains(idle);
        assertThat(ConnectionCosts.of(r).idleConnection()).isEmpty();
    }

    @Test
    void preconditions() {
        assertThatThrownBy(() -> IdleConnectionCost.notMeasured(0, 0.01, 5, "x"))
                .hasMessage("idle connections must be >= 1, was 0");
    }

    @Test
    void theQuieterEmptyWindowIsTheBaselineAndOneWithConnectionsNever() {
        ServerCpuWindow busy = new ServerCpuWindow(0.012, 4.0, 0, 0, 10_000_000, null);
        ServerCpuWindow quiet = new ServerCpuWindow(0.004, 4.0, 0, 0, 10_000_000, null);
        ServerCpuWindow stillOpen = new ServerCpuWindow(0.001, 4.0, 12, 0, 10_000_000, null);
        ServerCpuWindow unobserved = new ServerCpuWindow(Double.NaN, Double.NaN, -1, -1, -1, "server CPU not observed");
        assertThat(ServerCpuWindow.quieter(busy, quiet)).isSameAs(quiet);
        assertThat(ServerCpuWindow.quieter(quiet, busy)).isSameAs(quiet);
        assertThat(ServerCpuWindow.quieter(busy, stillOpen)).isSameAs(busy);
        assertThat(ServerCpuWindow.quieter(unobserved, busy)).isSameAs(busy);
        // neither usable: the first, whose failure the measurement reports
        assertThat(ServerCpuWindow.quieter(unobserved, stillOpen)).isSameAs(unobserved);
    }
}
