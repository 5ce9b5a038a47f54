package io.pushbench.loadgen.capacity;

import io.pushbench.loadgen.capacity.CapacityObjective.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityObjectiveTest {
    private static StepMeasurement.Builder step(double p99Micros) {
        return StepMeasurement.builder(10_000).delivered(10_000).latencyMicros(p99Micros / 2, p99Micros,
                p99Micros * 2);
    }

    @Test
    void defaultsToP99Of50MsNothingLost() {
        assertThat(CapacityObjective.DEFAULT.p99Limit()).isEqualTo(Duration.ofMillis(50));
        assertThat(CapacityObjective.DEFAULT.maxLost()).isZero();
        assertThat(CapacityObjective.DEFAULT.minDeliveredShare()).isEqualTo(0.99);
        assertThat(CapacityObjective.DEFAULT.p99LimitMicros()).isEqualTo(50_000.0);
        assertThat(CapacityObjective.p99("20ms")).isEqualTo(new CapacityObjective(Duration.ofMillis(20), 0));
    }

    @Test
    void judgesOkAtTheLimitAndBrokenOverIt() {
        assertThat(CapacityObjective.DEFAULT.judge(step(50_000).build()).status()).isEqualTo(Status.OK);
        assertThat(CapacityObjective.DEFAULT.judge(step(61_234).build()).toString())
                .isEqualTo("BROKEN (p99 61.2 ms > 50ms)");
        assertThat(CapacityObjective.DEFAULT.judge(step(1_000).lost(3).build()).toString())
                .isEqualTo("BROKEN (lost 3 > 0)");
        assertThat(new CapacityObjective(Duration.ofMillis(50), 5).judge(step(1_000).lost(3).build()).ok()).isTrue();
    }

    @Test
    void aServerBehindIsBrokenWhateverItsP99() {
        // the histogram holds only what arrived in the window: a backed-up server can show a fine p99
        StepMeasurement behind = step(2_000).delivered(9_000, 10_000).build();
        assertThat(CapacityObjective.DEFAULT.judge(behind).toString())
                .isEqualTo("BROKEN (delivered 90.0% of the owed 10000 msg/s (objective 99%))");
        assertThat(CapacityObjective.DEFAULT.judge(step(2_000).delivered(9_950, 10_000).build()).ok()).isTrue();
        // not known what was owed: not checked
        assertThat(CapacityObjective.DEFAULT.judge(step(2_000).delivered(10).build()).ok()).isTrue();
        assertThat(new CapacityObjective(Duration.ofMillis(50), 0, 0.8).judge(behind).ok()).isTrue();
    }

    @Test
    void anInvalidStepIsInvalidWhateverItsLatency() {
        StepMeasurement saturated = step(900_000).lost(100).loadGeneratorSaturated(true).invalid("server unobserved")
                .build();
        assertThat(CapacityObjective.DEFAULT.judge(saturated).status()).isEqualTo(Status.INVALID);
        assertThat(CapacityObjective.DEFAULT.judge(saturated).reason())
                .isEqualTo("load generator saturated; server unobserved");
        assertThat(CapacityObjective.DEFAULT.judge(step(1_000).invalid("publisher behind").build()).toString())
                .isEqualTo("INVALID (publisher behind)");
    }

    @Test
    void rejectsBadObjectivesWithOneLine() {
        assertThatThrownBy(() -> new CapacityObjective(Duration.ZERO, 0)).hasMessage("p99 limit must be > 0, was PT0S");
        assertThatThrownBy(() -> new CapacityObjective(Duration.ofMillis(1), -1))
                .hasMessage("max lost must be >= 0, was -1");
        assertThatThrownBy(() -> new CapacityObjective(Duration.ofMillis(1), 0, 0))
                .hasMessage("min delivered share must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> CapacityObjective.p99("fast"))
                .hasMessage("bad duration 'fast' (use e.g. 500ms, 30s, 2m)");
    }
}
