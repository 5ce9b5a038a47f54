package io.pushbench.loadgen.capacity;

import io.pushbench.loadgen.capacity.CapacityObjective.Status;
import io.pushbench.loadgen.capacity.CapacityPoint.Phase;
import io.pushbench.loadgen.capacity.CapacityResult.Stop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CapacitySearchTest {
    private static final CapacityObjective SLO = CapacityObjective.DEFAULT;   // p99 <= 50 ms, nothing lost

    private static CapacitySearch.Builder rate() {
        return CapacitySearch.builder(Axis.RATE).startLoad(1_000).factor(2).resolution(0.05)
                .stepDuration(Duration.ofSeconds(10)).maxSteps(30).maxTotalTime(Duration.ofMinutes(10));
    }

    @Test
    void findsTheKneeWithinTheResolution() {
        SyntheticServer server = SyntheticServer.of(20_000);
        CapacityResult r = rate().build().run(server);

        double knee = server.trueKnee(SLO.p99LimitMicros());   // 19,600 msg/s
        assertThat(r.stop()).isEqualTo(Stop.FOUND);
        assertThat(r.capacity()).isLessThanOrEqualTo(knee);
        assertThat((knee - r.capacity()) / r.capacity()).isLessThanOrEqualTo(0.05);
        assertThat(r.lowestBroken()).isGreaterThan(knee);
        assertThat(r.confirmed()).isTrue();
        assertThat(r.confirmation().load()).isEqualTo(r.capacity());
        assertThat(r.confirmation().phase()).isEqualTo(Phase.CONFIRM);
        // ramp 1k..16k OK, 32k BROKEN (lost), then bisection
        assertThat(r.points().stream().filter(p -> p.phase() == Phase.RAMP).map(CapacityPoint::load))
                .containsExactly(1_000.0, 2_000.0, 4_000.0, 8_000.0, 16_000.0, 32_000.0);
        assertThat(r.points().get(5).judgement().reason()).startsWith("lost ");
        assertThat(r.stopReason()).contains("within 5%");
    }

    @Test
    void findsTheKneeWhereverItIs() {
        for (double capacity : new double[] {1_234, 7_777, 20_000, 65_536, 999_999}) {
            for (double resolution : new double[] {0.01, 0.05, 0.2}) {
                SyntheticServer server = SyntheticServer.of(capacity);
                CapacityResult r = rate().startLoad(100).resolution(resolution).maxSteps(40).build().run(server);
                double knee = server.trueKnee(SLO.p99LimitMicros());
                assertThat(r.stop()).as("capacity %s at %s", capacity, resolution).isEqualTo(Stop.FOUND);
                assertThat(r.capacity()).isLessThanOrEqualTo(knee);
                assertThat((knee - r.capacity()) / r.capacity()).as("capacity %s at %s", capacity, resolution)
                        .isLessThanOrEqualTo(resolution);
            }
        }
    }

    @Test
    void staysWithinItsStepBudgetConfirmationIncluded() {
        SyntheticServer server = SyntheticServer.of(20_000);
        CapacityResult r = rate().resolution(0.001).maxSteps(8).build().run(server);

        assertThat(r.stop()).isEqualTo(Stop.BOUNDS_EXHAUSTED);
        assertThat(r.capacity()).isNull();
        assertThat(r.confirmation()).isNull();
        assertThat(server.asked).hasSizeLessThanOrEqualTo(8 - 1);   // one kept for a confirmation
        // the bracket it got to is still reported, and is honest
        assertThat(r.highestOk()).isLessThan(server.trueKnee(SLO.p99LimitMicros()));
        assertThat(r.lowestBroken()).isGreaterThan(server.trueKnee(SLO.p99LimitMicros()));
        assertThat(r.stopReason()).contains("budget of 8 steps").contains("ran out with bracket");
    }

    @Test
    void staysWithinItsTimeBudget() {
        SyntheticServer server = SyntheticServer.of(20_000);
        CapacitySearch search = rate().stepDuration(Duration.ofSeconds(10)).maxTotalTime(Duration.ofSeconds(45))
                .build();
        CapacityResult r = search.run(server);

        assertThat(search.stepBudget()).isEqualTo(4);
        assertThat(r.stop()).isEqualTo(Stop.BOUNDS_EXHAUSTED);
        assertThat(server.asked).hasSize(3);
        assertThat(Duration.ofSeconds(10).multipliedBy(server.asked.size() + 1)).isLessThanOrEqualTo(
                Duration.ofSeconds(45));
    }

    @Test
    void aFoundCapacityAndItsConfirmationFitTheBudget() {
        SyntheticServer server = SyntheticServer.of(20_000);
        CapacitySearch search = rate().maxSteps(12).maxTotalTime(Duration.ofMinutes(2)).build();
        CapacityResult r = search.run(server);

        assertThat(r.stop()).isEqualTo(Stop.FOUND);
        assertThat(server.asked).hasSizeLessThanOrEqualTo(12);   // steps and confirmation, same runner
        assertThat(search.stepDuration().multipliedBy(server.asked.size())).isLessThanOrEqualTo(search.maxTotalTime());
    }

    @Test
    void anInstrumentLimitIsNeverReadAsTheServers() {
        // the load generator saturates at 10,000 msg/s, half the server's capacity
        SyntheticServer server = new SyntheticServer(20_000, 1_000, 0.05, 14e-6, 10_000);
        CapacityResult r = rate().build().run(server);

        assertThat(r.stop()).isEqualTo(Stop.INSTRUMENT_LIMIT);
        assertThat(r.stoppedOnInstrument()).isTrue();
        assertThat(r.capacity()).isNull();
        assertThat(r.confirmation()).isNull();
        assertThat(r.lowestBroken()).isNull();
        assertThat(r.stopReason()).startsWith("stopped on the instrument, not the server: step at ")
                .endsWith(" msg/s invalid (load generator saturated), and no load between the highest within the"
                        + " objective and it broke the objective");
        assertThat(r.highestOk()).isLessThan(10_000.0).isGreaterThan(9_000.0);
        // the ramp stopped at the invalid 16,000 and bisected below it, never above
        assertThat(r.points()).extracting(CapacityPoint::load).allMatch(l -> l <= 16_000.0);
        assertThat(r.points().stream().filter(p -> p.phase() == Phase.BISECT)).isNotEmpty();
    }

    @Test
    void aServerThatBreaksBelowTheInstrumentsLimitIsFoundThere() {
        // the load generator saturates at 24,000 msg/s, above the server's knee near 19,600: the ramp's 32,000 is
        // invalid, and bisection below it finds the server's own limit
        SyntheticServer server = new SyntheticServer(20_000, 1_000, 0.05, 14e-6, 24_000);
        CapacityResult r = rate().build().run(server);

        double knee = server.trueKnee(SLO.p99LimitMicros());
        assertThat(r.points().get(5).judgement().status()).isEqualTo(Status.INVALID);
        assertThat(r.stop()).isEqualTo(Stop.FOUND);
        assertThat(r.capacity()).isLessThanOrEqualTo(knee);
        assertThat((knee - r.capacity()) / r.capacity()).isLessThanOrEqualTo(0.05);
        assertThat(r.lowestBroken()).isGreaterThan(knee).isLessThan(24_000);
    }

    @Test
    void anInvalidStepDuringBisectionStopsOnTheInstrumentToo() {
        SyntheticServer server = SyntheticServer.of(20_000);
        // the publisher falls behind in a band the ramp stepped over
        StepRunner steps = load -> {
            StepMeasurement m = server.run(load);
            if (load > 17_000 && load < 30_000) {
                return StepMeasurement.builder(load).delivered(m.deliveredPerSecond())
                        .latencyMicros(m.p50Micros(), m.p99Micros(), m.p999Micros()).lost(m.lost())
                        .invalid("publisher behind").build();
            }
            return m;
        };
        CapacityResult r = rate().build().run(steps);

        assertThat(r.stop()).isEqualTo(Stop.INSTRUMENT_LIMIT);
        assertThat(r.capacity()).isNull();
        assertThat(r.points().getLast().phase()).isEqualTo(Phase.BISECT);
        assertThat(r.stopReason()).contains("invalid (publisher behind), and no load between");
        // bisected below the invalid band down to the resolution: the highest OK is a lower bound under 17,000
        assertThat(r.highestOk()).isGreaterThan(16_000.0).isLessThan(17_000.0);
        assertThat(r.lowestBroken()).isEqualTo(32_000.0);
    }

    @Test
    void aFirstStepOverTheObjectiveIsNeverOk() {
        CapacityResult r = rate().startLoad(50_000).build().run(SyntheticServer.of(20_000));

        assertThat(r.stop()).isEqualTo(Stop.NEVER_OK);
        assertThat(r.capacity()).isNull();
        assertThat(r.points()).hasSize(1);
        assertThat(r.stopReason()).startsWith("the first step at 50000 msg/s already broke the objective: lost ");
    }

    @Test
    void aMaxLoadHeldIsALowerBoundNotACapacity() {
        SyntheticServer server = SyntheticServer.of(20_000);
        CapacityResult r = rate().maxLoad(10_000).build().run(server);

        assertThat(r.stop()).isEqualTo(Stop.MAX_LOAD_OK);
        assertThat(r.capacity()).isNull();
        assertThat(r.highestOk()).isEqualTo(10_000.0);
        assertThat(server.asked).containsExactly(1_000.0, 2_000.0, 4_000.0, 8_000.0, 10_000.0);
    }

    @Test
    void theConnectionsAxisAsksForWholeConnections() {
        // 40 connections at most; p99 reaches 50 ms at 39.2
        SyntheticServer server = SyntheticServer.of(40);
        CapacityResult r = CapacitySearch.builder(Axis.CONNECTIONS).startLoad(1).factor(1.5).resolution(0.001)
                .maxSteps(40).maxTotalTime(Duration.ofHours(1)).build().run(server);

        assertThat(server.asked).allSatisfy(load -> assertThat(load).isEqualTo(Math.rint(load)));
        assertThat(r.stop()).isEqualTo(Stop.FOUND);
        assertThat(r.capacity()).isEqualTo(39.0);   // no whole connection between 39 and 40
        assertThat(r.lowestBroken()).isEqualTo(40.0);
        assertThat(r.stopReason()).isEqualTo("bracket 39..40 connections adjacent whole connections");
    }

    @Test
    void theCurveIsMonotoneAndItsKneeIsMarked() {
        SyntheticServer server = SyntheticServer.of(20_000);
        CapacityResult r = rate().build().run(server);

        List<StepMeasurement> curve = r.curve();
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i).offeredLoad()).isGreaterThan(curve.get(i - 1).offeredLoad());
            assertThat(curve.get(i).p50Micros()).isGreaterThanOrEqualTo(curve.get(i - 1).p50Micros());
            assertThat(curve.get(i).p99Micros()).isGreaterThanOrEqualTo(curve.get(i - 1).p99Micros());
            assertThat(curve.get(i).p999Micros()).isGreaterThanOrEqualTo(curve.get(i - 1).p999Micros());
        }
        assertThat(r.knee().crossingLoad()).isBetween(r.capacity(), r.lowestBroken());
        // p99 doubles from its 1,000 msg/s baseline past half the capacity: the first such step is 16,000
        assertThat(r.knee().bendLoad()).isEqualTo(16_000.0);
    }

    @Test
    void anUnconfirmedCapacityIsReportedAsSuch() {
        SyntheticServer warm = SyntheticServer.of(20_000);
        SyntheticServer fresh = SyntheticServer.of(15_000);   // the warm server's history carried it
        CapacityResult r = rate().build().run(warm, fresh);

        assertThat(r.stop()).isEqualTo(Stop.FOUND);
        assertThat(r.confirmed()).isFalse();
        assertThat(r.confirmation().judgement().status()).isEqualTo(Status.BROKEN);
        assertThat(fresh.asked).containsExactly(r.capacity());
    }

    @Test
    void theMarginalCostOfTheSearchRecoversTheModel() {
        CapacityResult r = rate().build().run(SyntheticServer.of(20_000));

        MarginalCost c = r.marginalCost().orElseThrow();
        assertThat(c.microsPerDelivery()).isCloseTo(14.0, within(1e-6));
        assertThat(c.interceptCores()).isCloseTo(0.05, within(1e-9));
        assertThat(c.rSquared()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void rejectsBadSettingsWithOneLine() {
        assertThatThrownBy(() -> rate().factor(1).build()).hasMessage("factor must be > 1, was 1.0");
        assertThatThrownBy(() -> rate().resolution(0).build()).hasMessage("resolution must be in (0, 1), was 0.0");
        assertThatThrownBy(() -> rate().startLoad(0).build()).hasMessage("start load must be > 0, was 0.0");
        assertThatThrownBy(() -> CapacitySearch.builder(Axis.CONNECTIONS).startLoad(1.5).build())
                .hasMessage("start load must be a whole number of connections, was 1.5");
        assertThatThrownBy(() -> rate().maxLoad(500).build())
                .hasMessage("max load must be >= start load 1000.0, was 500.0");
        assertThatThrownBy(() -> rate().maxSteps(1).build())
                .hasMessage("max steps must be >= 2 (one step and its confirmation), was 1");
        assertThatThrownBy(() -> rate().maxTotalTime(Duration.ofSeconds(15)).build())
                .hasMessage("max total time must cover 2 steps of 10s, was 15s");
        assertThatThrownBy(() -> rate().stepDuration(Duration.ZERO).build())
                .hasMessage("step duration must be > 0, was PT0S");
    }
}
