package io.pushbench.loadgen.capacity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CapacityMarginalCostTest {
    private static StepMeasurement at(double deliveries, double cores) {
        return StepMeasurement.builder(deliveries).delivered(deliveries).server(cores, deliveries).build();
    }

    @Test
    void recoversAKnownSlopeAndIntercept() {
        // 14 µs per delivery over 0.3 cores of fixed overhead: 33 µs/msg at 2,000 msg/s reads as 14 at the margin
        List<StepMeasurement> steps = new ArrayList<>();
        for (double d : new double[] {2_000, 5_000, 10_000, 20_000, 50_000}) {
            steps.add(at(d, 0.3 + 14e-6 * d));
        }
        MarginalCost c = MarginalCost.fit(steps);
        assertThat(c.microsPerDelivery()).isCloseTo(14.0, within(1e-9));
        assertThat(c.interceptCores()).isCloseTo(0.3, within(1e-12));
        assertThat(c.rSquared()).isCloseTo(1.0, within(1e-12));
        assertThat(c.points()).isEqualTo(5);
    }

    @Test
    void fitsThroughNoiseAndSaysHowWell() {
        List<StepMeasurement> steps = new ArrayList<>();
        double[] noise = {0.01, -0.02, 0.015, -0.005, 0.0, 0.02, -0.01, -0.015};
        for (int i = 0; i < noise.length; i++) {
            double d = 5_000 * (i + 1);
            steps.add(at(d, 0.1 + 10e-6 * d + noise[i]));
        }
        MarginalCost c = MarginalCost.fit(steps);
        assertThat(c.microsPerDelivery()).isCloseTo(10.0, within(0.5));
        assertThat(c.interceptCores()).isCloseTo(0.1, within(0.03));
        // R² against a hand-computed least-squares fit: 1 - SS(residual) / SS(total)
        double mx = steps.stream().mapToDouble(StepMeasurement::serverDeliveriesPerSecond).average().orElseThrow();
        double my = steps.stream().mapToDouble(StepMeasurement::serverCpuCores).average().orElseThrow();
        double sxy = 0, sxx = 0, syy = 0;
        for (StepMeasurement m : steps) {
            double dx = m.serverDeliveriesPerSecond() - mx, dy = m.serverCpuCores() - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        assertThat(c.slopeCoreSecondsPerDelivery()).isCloseTo(sxy / sxx, within(1e-15));
        assertThat(c.rSquared()).isCloseTo(sxy * sxy / (sxx * syy), within(1e-12)).isLessThan(1.0);
    }

    @Test
    void skipsStepsWhoseServerWasNotObserved() {
        List<StepMeasurement> steps = List.of(at(1_000, 0.2), at(2_000, 0.3),
                StepMeasurement.builder(3_000).delivered(3_000).build());
        MarginalCost c = MarginalCost.fit(steps);
        assertThat(c.points()).isEqualTo(2);
        assertThat(c.microsPerDelivery()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void needsTwoDistinctDeliveryRates() {
        String message = "marginal cost needs server CPU at 2 or more distinct deliveries/s, had %d observed step(s)";
        assertThatThrownBy(() -> MarginalCost.fit(List.of(at(1_000, 0.2), at(1_000, 0.21))))
                .hasMessage(message.formatted(2));
        assertThatThrownBy(() -> MarginalCost.fit(List.of())).hasMessage(message.formatted(0));
    }
}
