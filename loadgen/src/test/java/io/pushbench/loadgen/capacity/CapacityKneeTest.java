package io.pushbench.loadgen.capacity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CapacityKneeTest {
    /** p99 = 1 ms / (1 - load / 100) at loads 1..99: the M/D/1-like curve of {@link SyntheticServer}. */
    private static List<StepMeasurement> queue() {
        SyntheticServer server = SyntheticServer.of(100);
        List<StepMeasurement> curve = new ArrayList<>();
        for (int load = 1; load < 100; load++) {
            curve.add(server.run(load));
        }
        return curve;
    }

    @Test
    void crossesTheObjectiveWhereTheQueueSaysByInterpolation() {
        // p99 = 40 ms at load 97.5; the points either side are 97 (33.3 ms) and 98 (50 ms)
        Knee k = Knee.ofMeasurements(queue(), 40_000);
        assertThat(k.crossingLoad()).isCloseTo(97.5, within(0.5));
        assertThat(k.crossingLoad()).isBetween(97.0, 98.0);
    }

    @Test
    void bendsWhereP99DoublesFromTheBaseline() {
        // baseline p99 at load 1 is 1.0101 ms; 1 / (1 - x/100) > 2.0202 first at x = 51
        Knee k = Knee.ofMeasurements(queue(), 50_000);
        assertThat(k.baselineLoad()).isEqualTo(1.0);
        assertThat(k.baselineP99Micros()).isCloseTo(1_010.1, within(0.1));
        assertThat(k.bendLoad()).isEqualTo(51.0);
    }

    @Test
    void readsTheCurveInLoadOrderAndIgnoresInvalidSteps() {
        List<StepMeasurement> shuffled = new ArrayList<>(queue());
        Collections.shuffle(shuffled, new java.util.Random(12));
        // an invalid step with a huge p99 at low load: the instrument's, not the curve's
        shuffled.add(StepMeasurement.builder(0.5).latencyMicros(1, 900_000, 900_000).loadGeneratorSaturated(true)
                .build());
        assertThat(Knee.ofMeasurements(shuffled, 40_000)).isEqualTo(Knee.ofMeasurements(queue(), 40_000));
    }

    @Test
    void saysNothingItCannotSee() {
        assertThat(Knee.ofMeasurements(List.of(), 50_000)).isEqualTo(Knee.NONE);
        Knee flat = Knee.ofMeasurements(queue().subList(0, 10), 50_000);   // loads 1..10: never near either
        assertThat(flat.crossingLoad()).isNull();
        assertThat(flat.bendLoad()).isNull();
    }
}
