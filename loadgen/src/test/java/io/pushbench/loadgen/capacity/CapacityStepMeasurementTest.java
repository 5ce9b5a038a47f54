package io.pushbench.loadgen.capacity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityStepMeasurementTest {
    @Test
    void isValidOnlyWithoutReasonsAndWithAnUnsaturatedLoadGenerator() {
        StepMeasurement ok = StepMeasurement.builder(100).delivered(100).latencyMicros(1, 2, 3).build();
        assertThat(ok.valid()).isTrue();
        assertThat(ok.reasons()).isEmpty();
        assertThat(ok.serverObserved()).isFalse();   // unset server figures are NaN, not 0

        StepMeasurement saturated = StepMeasurement.builder(100).loadGeneratorSaturated(true).invalid("x").build();
        assertThat(saturated.valid()).isFalse();
        assertThat(saturated.reasons()).containsExactly(StepMeasurement.SATURATED, "x");
        assertThat(saturated.invalidReasons()).containsExactly("x");
    }

    @Test
    void copiesItsReasons() {
        java.util.ArrayList<String> reasons = new java.util.ArrayList<>(List.of("publisher behind"));
        StepMeasurement m = new StepMeasurement(1, 0, Double.NaN, 0, 0, 0, 0, reasons, Double.NaN, Double.NaN, false);
        reasons.clear();
        assertThat(m.invalidReasons()).containsExactly("publisher behind");
    }

    @Test
    void rejectsImpossibleFiguresWithOneLine() {
        assertThatThrownBy(() -> StepMeasurement.builder(0).build())
                .hasMessage("offered load must be a positive number, was 0.0");
        assertThatThrownBy(() -> StepMeasurement.builder(1).delivered(-1).build())
                .hasMessage("delivered/s must be >= 0, was -1.0");
        assertThatThrownBy(() -> StepMeasurement.builder(1).delivered(1, 0).build())
                .hasMessage("owed/s must be > 0 or NaN (not known), was 0.0");
        assertThatThrownBy(() -> StepMeasurement.builder(1).latencyMicros(5, 4, 6).build())
                .hasMessage("latency must satisfy 0 <= p50 <= p99 <= p99.9 µs, was 5.0 / 4.0 / 6.0");
        assertThatThrownBy(() -> StepMeasurement.builder(1).lost(-1).build()).hasMessage("lost must be >= 0, was -1");
        assertThatThrownBy(() -> StepMeasurement.builder(1).server(-0.1, 5).build())
                .hasMessage("server CPU must be >= 0 or NaN (not observed), was -0.1");
    }
}
