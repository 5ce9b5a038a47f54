package io.pushbench.loadgen.capacity;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.ServerSample;
import io.pushbench.analysis.results.Throughput;
import io.pushbench.analysis.results.Variant;
import io.pushbench.analysis.results.Window;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The figures a capacity search states beside its capacity: bytes on the wire per delivery ({@link WireBytes}), heap
 * per connection and the CPU of an open connection ({@link ConnectionCosts}, {@link IdleCost}), the spread across
 * repeats ({@link CapacityRecord#spread}) and the answer's floor ratio ({@link CapacityRecord#sentence}).
 */
class CapacityConnectionCostsTest {
    private static final Window WINDOW = new Window("2026-11-30T15:00:00Z", "2026-11-30T15:00:09Z", 2, 1, 4, 2, 3, 7);

    private static ServerSample poll(double t, long deliveries, Long bytes) {
        return new ServerSample(t, 100, 0, 0, deliveries, 0, 0, 0, 0, 0, 0, 0, bytes);
    }

    private static RunResult run(List<ServerSample> polls, ServerFigures server) {
        Percentiles lat = new Percentiles(40_000, 900, 800, 2_000, 3_000, 4_500, 5_000, 6_000);
        MessageCounts counts = new MessageCounts(40_000, 40_000, 0, 0, 0, 0, 0);
        return new RunResult("sse-01", Transport.SSE, Protocol.H1, Driver.JETTY, Variant.PLAIN, 1, 100, 100, true,
                List.of(), WINDOW, counts, lat, new Throughput(10_000, 10_000 * 256.0), lat, lat, lat,
                Reconnects.NONE, new LoadgenFigures(1, 0.2, 0.2, 5_000, 0, 0, 1 << 20, 30, List.of()), server,
                List.of(), polls, Map.of(), Map.of()).withSteadyMessages(counts);
    }

    @Test
    void wireBytesDifferenceTheServersCountersInsideTheSteadyWindow() {
        // polls before (2.5 s) and after (7.5 s) the window [3, 7] are not used; inside: 3.2 .. 6.9
        List<ServerSample> polls = List.of(poll(2.5, 0, 0L), poll(3.2, 10_000, 2_900_000L),
                poll(5.0, 28_000, 8_120_000L), poll(6.9, 47_000, 13_630_000L), poll(7.5, 60_000, 99_999_999L));
        assertThat(WireBytes.perDelivery(run(polls, ServerFigures.UNAVAILABLE)))
                .isCloseTo((13_630_000 - 2_900_000) / 37_000.0, within(1e-9));
    }

    @Test
    void wireBytesAreNotObservedWithoutTheCounterOrTwoPolls() {
        // a file written before the counter was kept reads it as -1
        List<ServerSample> old = List.of(poll(3.2, 10_000, null), poll(6.9, 47_000, null));
        assertThat(old.getFirst().bytes()).isEqualTo(-1);
        assertThat(WireBytes.perDelivery(run(old, ServerFigures.UNAVAILABLE))).isNaN();
        assertThat(WireBytes.perDelivery(run(List.of(poll(5, 1, 291L)), ServerFigures.UNAVAILABLE))).isNaN();
    }

    @Test
    void aStepCarriesItsConnectionsBytesAndTheHeapProbe() {
        ServerFigures server = new ServerFigures(true, 12_000, 0.3, 10_000_000, 4_300, 0, 0, 50, 0, 0, 1, 1_000);
        List<ServerSample> polls = List.of(poll(3.2, 10_000, 2_910_000L), poll(6.9, 47_000, 13_677_000L));
        StepMeasurement m = OrchestratedStepRunner.measure(100, 100, run(polls, server));
        assertThat(m.connections()).isEqualTo(100);
        assertThat(m.bytesPerDelivery()).isCloseTo(291.0, within(1e-9));
        assertThat(m.heapPerConnectionBytes()).isEqualTo(4_300);
        // -1: the probe did not measure it
        ServerFigures noHeap = new ServerFigures(true, 12_000, 0.3, 10_000_000, -1, 0, 0, 50, 0, 0, 1, 1_000);
        assertThat(OrchestratedStepRunner.measure(100, 100, run(polls, noHeap)).heapPerConnectionBytes()).isNaN();
    }

    private static StepMeasurement step(double load, int connections, double cores, double bytes, double heap) {
        double owed = load * (connections == 0 ? 1 : connections);
        return StepMeasurement.builder(load).delivered(owed, owed).latencyMicros(1_000, 2_000, 3_000)
                .server(cores, owed).connections(connections).wireBytes(bytes).heapPerConnection(heap).build();
    }

    private static CapacityResult result(Axis axis, List<StepMeasurement> steps) {
        List<CapacityPoint> points = new java.util.ArrayList<>();
        for (StepMeasurement m : steps) {
            points.add(new CapacityPoint(points.size(), CapacityPoint.Phase.RAMP, m.offeredLoad(), m,
                    CapacityObjective.DEFAULT.judge(m)));
        }
        return new CapacityResult(axis, CapacityObjective.DEFAULT, CapacityResult.Stop.BOUNDS_EXHAUSTED, "budget",
                null, steps.getLast().offeredLoad(), null, points, Knee.of(points, CapacityObjective.DEFAULT), null);
    }

    @Test
    void onTheRateAxisTheOpenConnectionsCpuIsTheLowestLoadsOverItsConnections() {
        CapacityResult r = result(Axis.RATE, List.of(step(40, 1_000, 0.50, 290, 11_000),
                step(10, 1_000, 0.15, 292, 11_400), step(20, 1_000, 0.28, Double.NaN, 11_200)));
        ConnectionCosts c = ConnectionCosts.of(r);
        assertThat(c.bytesPerDelivery()).isEqualTo(291.0);   // median of the two observed
        assertThat(c.bytesSteps()).isEqualTo(2);
        assertThat(c.heapPerConnectionBytes()).isEqualTo(11_200);
        IdleCost idle = c.idle().orElseThrow();
        assertThat(idle.method()).isEqualTo(IdleCost.Method.LOWEST_LOAD);
        assertThat(idle.load()).isEqualTo(10);
        assertThat(idle.cpuMicrosPerSecond()).isCloseTo(150.0, within(1e-9));   // 0.15 cores / 1,000 connections
    }

    @Test
    void onTheConnectionsAxisItIsTheSlopeOfCpuAgainstConnections() {
        CapacityResult r = result(Axis.CONNECTIONS, List.of(step(100, 100, 0.05, 290, 11_000),
                step(200, 200, 0.09, 290, 11_000), step(400, 400, 0.17, 290, 11_000)));
        IdleCost idle = IdleCost.of(r).orElseThrow();
        assertThat(idle.method()).isEqualTo(IdleCost.Method.SLOPE);
        assertThat(idle.cpuMicrosPerSecond()).isCloseTo(400.0, within(1e-6));   // 0.0004 cores per connection
        assertThat(idle.rSquared()).isCloseTo(1.0, within(1e-9));
        assertThat(idle.points()).isEqualTo(3);
        // one connection count: no slope
        assertThat(IdleCost.of(result(Axis.CONNECTIONS, List.of(step(100, 100, 0.05, 290, 1))))).isEmpty();
    }

    @Test
    void theSpreadAndTheAnswerWithItsFloorRatio() {
        CapacitySearch search = CapacitySearch.builder(Axis.RATE).startLoad(10).resolution(0.1)
                .stepDuration(Duration.ofSeconds(10)).maxSteps(12).maxTotalTime(Duration.ofMinutes(10)).build();
        List<CapacityResult> rs = List.of(search.run(knee(200)), search.run(knee(185)), search.run(knee(5)));
        Map<String, Object> spread = CapacityRecord.spread(rs);
        assertThat(spread.get("found")).isEqualTo(2);
        assertThat(spread.get("of")).isEqualTo(3);
        double a = rs.get(0).capacity();
        double b = rs.get(1).capacity();
        assertThat((Double) spread.get("median")).isCloseTo((a + b) / 2, within(1e-9));
        @SuppressWarnings("unchecked")
        Map<String, Object> conns = (Map<String, Object>) spread.get("connections");
        assertThat(conns.get("min")).isEqualTo(100.0);

        String answer = CapacityRecord.sentence("SSE h1", rs.get(0), "100 connections", 100_000);
        double delivered = CapacityRecord.atCapacity(rs.get(0)).orElseThrow().deliveredPerSecond();
        assertThat(answer).startsWith("SSE h1: ").endsWith(String.format(java.util.Locale.ROOT,
                "; %.2f of the kernel fan-out floor", delivered / 100_000));
        // no floor, or no capacity: no ratio
        assertThat(CapacityRecord.sentence("SSE h1", rs.get(0), "100 connections", Double.NaN))
                .doesNotContain("fan-out floor");
        assertThat(CapacityRecord.sentence("SSE h1", rs.get(2), "100 connections", 100_000))
                .contains("no capacity").doesNotContain("fan-out floor");
    }

    /** p99 = 2 ms / (1 - load / knee) at 100 connections. */
    private static StepRunner knee(double knee) {
        return load -> {
            double p99 = load >= knee ? 80_000 : 2_000 / (1 - load / knee);
            double owed = load * 100;
            return StepMeasurement.builder(load).delivered(owed, owed).latencyMicros(p99 / 3, p99, p99 * 1.4)
                    .server(0.02 + load * 1e-3, owed).connections(100).wireBytes(291).heapPerConnection(11_000)
                    .build();
        };
    }
}
