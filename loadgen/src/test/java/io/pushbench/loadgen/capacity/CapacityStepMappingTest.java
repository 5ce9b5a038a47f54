package io.pushbench.loadgen.capacity;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.Throughput;
import io.pushbench.analysis.results.Variant;
import io.pushbench.analysis.results.Window;
import io.pushbench.loadgen.capacity.CapacityObjective.Status;
import io.pushbench.loadgen.core.CpuSaturation;
import io.pushbench.loadgen.core.LatencyBasis;
import io.pushbench.loadgen.core.ReasonKeys;
import io.pushbench.loadgen.core.ValidityRules;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link OrchestratedStepRunner#measure}: a run's figures and the split of its reasons, with the reasons the rules
 * themselves write (so a rewording that drops a key fails here).
 */
class CapacityStepMappingTest {
    private static final MessageCounts LOST = new MessageCounts(40_000, 39_988, 12, 0, 0, 0, 0);

    private static RunResult run(ServerFigures server, List<String> reasons) {
        Percentiles lat = new Percentiles(39_988, 900, 800, 2_000, 30_000, 45_000, 50_000, 60_000);
        return new RunResult("sse-01", Transport.SSE, Protocol.H1, Driver.JETTY, Variant.PLAIN, 1, 100, 100,
                reasons.isEmpty(), reasons, new Window("2026-11-30T15:00:00Z", "2026-11-30T15:00:09Z", 2, 1, 4, 2,
                3, 9), LOST, lat, new Throughput(9_997, 9_997 * 256.0), lat, lat, lat, Reconnects.NONE,
                new LoadgenFigures(1, 0.2, 0.2, 5_000, 0, 0, 1 << 20, 30, List.of()), server, List.of(), List.of(),
                Map.of(), Map.of()).withSteadyMessages(LOST);
    }

    private static final ServerFigures OBSERVED = new ServerFigures(true, 12_000, 0.3, 10_000_000, 4_300, 0, 0, 50, 0,
            0, 1, 1_000);

    @Test
    void theServersOutcomesBreakTheObjectiveRatherThanInvalidateTheStep() {
        List<String> reasons = new ArrayList<>(ValidityRules.defaults().check(100, 100, true, LOST, null,
                LatencyBasis.MONO, 0));
        reasons.add("server disconnected 3 " + ReasonKeys.SLOW_CONSUMERS);
        reasons.addAll(CpuSaturation.defaults().busiestThread("server", "qtp-1", 0.97));
        assertThat(reasons).hasSize(3).allSatisfy(r -> assertThat(ReasonKeys.serverOutcome(r)).isTrue());

        StepMeasurement m = OrchestratedStepRunner.measure(100, 100, run(OBSERVED, reasons));

        assertThat(m.valid()).isTrue();
        assertThat(m.lost()).isEqualTo(12);
        assertThat(m.owedPerSecond()).isEqualTo(10_000);
        assertThat(m.deliveredPerSecond()).isEqualTo(9_997);
        assertThat(m.p99Micros()).isEqualTo(30_000);
        assertThat(m.serverCpuCores()).isEqualTo(0.3);
        assertThat(m.serverDeliveriesPerSecond()).isCloseTo(25_000, within(1e-6));   // 0.3 cores / 12 µs
        assertThat(CapacityObjective.DEFAULT.judge(m).status()).isEqualTo(Status.BROKEN);
    }

    @Test
    void theInstrumentsReasonsInvalidateTheStepAndSaturationIsFlagged() {
        String publisher = "server publisher fell behind: 50 of 484 messages published in the steady window were late";
        List<String> reasons = new ArrayList<>(List.of(publisher));
        reasons.addAll(CpuSaturation.defaults().busiestThread("load generator", "nio-1", 0.95));

        StepMeasurement m = OrchestratedStepRunner.measure(100, 100, run(ServerFigures.UNAVAILABLE, reasons));

        assertThat(m.valid()).isFalse();
        assertThat(m.loadGeneratorSaturated()).isTrue();
        assertThat(m.invalidReasons()).containsExactlyElementsOf(reasons);
        assertThat(m.serverObserved()).isFalse();   // -1 from an unobserved server reads NaN
        assertThat(CapacityObjective.DEFAULT.judge(m).status()).isEqualTo(Status.INVALID);
    }

    @Test
    void aLatePublisherThatWritesIsTheServersOutcome() {
        assertThat(OrchestratedStepRunner.publisherWrites(List.of())).isTrue();   // the server's default
        assertThat(OrchestratedStepRunner.publisherWrites(List.of("--writers", "publisher"))).isTrue();
        assertThat(OrchestratedStepRunner.publisherWrites(List.of("--writers", "1", "--write-batch", "64"))).isFalse();
        assertThat(OrchestratedStepRunner.publisherWrites(List.of("--writers=pool"))).isFalse();
        String publisher = ReasonKeys.PUBLISHER_BEHIND + ": 5 of 201 messages published in the steady window were late";
        StepMeasurement m = OrchestratedStepRunner.measure(100, 100, run(OBSERVED, List.of(publisher)), -1, true);
        assertThat(m.valid()).isTrue();   // its lag is the server's fan-out time, in the latency the objective judges
        assertThat(OrchestratedStepRunner.measure(100, 100, run(OBSERVED, List.of(publisher))).valid()).isFalse();
    }

    @Test
    void aLatePublisherIsTheServersLimitOnlyWhenTheServersCpusWereFull() {
        String publisher = ReasonKeys.PUBLISHER_BEHIND + ": 50 of 484 messages published in the steady window were late";
        ServerFigures full = new ServerFigures(true, 11_000, 0.99, 10_000_000, 4_300, 0, 0, 10_600, 50, 0, 1, 1_000,
                50L, 10_600.0, "pushbench-publisher", 0.6, "0", 1.0);
        ServerFigures idle = new ServerFigures(true, 11_000, 0.40, 10_000_000, 4_300, 0, 0, 10_600, 50, 0, 1, 1_000,
                50L, 10_600.0, "pushbench-publisher", 0.3, "0", 0.5);

        StepMeasurement atLimit = OrchestratedStepRunner.measure(100, 100, run(full, List.of(publisher)));
        StepMeasurement notAtLimit = OrchestratedStepRunner.measure(100, 100, run(idle, List.of(publisher)));

        assertThat(atLimit.valid()).isTrue();          // the objective judges it (here BROKEN by the losses)
        assertThat(notAtLimit.valid()).isFalse();      // a late publisher on a server with CPU to spare: the instrument
        assertThat(notAtLimit.invalidReasons()).containsExactly(publisher);
        assertThat(ReasonKeys.publisherBehindAtServerLimit(publisher, 0.99, -1)).isFalse();   // unknown CPUs
        // the warm server the runner started: the run does not report its pinning, the runner gives its CPU count
        ServerFigures warm = new ServerFigures(true, 11_000, 0.99, 10_000_000, 4_300, 0, 0, 10_600, 50, 0, 1, 1_000,
                50L, 10_600.0, "pushbench-publisher", 0.6, null, null);
        assertThat(OrchestratedStepRunner.measure(100, 100, run(warm, List.of(publisher)), 1, false).valid()).isTrue();
        assertThat(OrchestratedStepRunner.measure(100, 100, run(warm, List.of(publisher))).valid()).isFalse();
    }
}
