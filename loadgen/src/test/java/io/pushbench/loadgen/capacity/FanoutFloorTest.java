package io.pushbench.loadgen.capacity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kernel fan-out floor of several measurements ({@link FanoutFloor}): median, range, count, JSON and text. */
class FanoutFloorTest {
    @Test
    void theFloorIsTheMedianWithItsRangeAndCount() {
        FanoutFloor f = FanoutFloor.of(List.of(211_992.0, 153_913.0, 180_100.0));
        assertThat(f.perSec()).isEqualTo(180_100.0);
        assertThat(f.min()).isEqualTo(153_913.0);
        assertThat(f.max()).isEqualTo(211_992.0);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.samplesPerSec()).containsExactly(211_992.0, 153_913.0, 180_100.0);   // in the order taken
        assertThat(f.describe()).isEqualTo("kernel fan-out floor: 180,100 writes/s (median of 3: 153,913..211,992)");
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwo() {
        FanoutFloor f = FanoutFloor.NONE.plus(200_000).plus(150_000).plus(160_000).plus(190_000);
        assertThat(f.perSec()).isEqualTo(175_000.0);
        assertThat(f.count()).isEqualTo(4);
    }

    @Test
    void oneMeasurementIsItsOwnFloorAndNoneIsNoFloor() {
        FanoutFloor one = FanoutFloor.NONE.plus(165_759);
        assertThat(one.perSec()).isEqualTo(165_759.0);
        assertThat(one.min()).isEqualTo(one.max()).isEqualTo(165_759.0);
        assertThat(one.describe()).isEqualTo("kernel fan-out floor: 165,759 writes/s (1 measurement)");
        assertThat(FanoutFloor.NONE.measured()).isFalse();
        assertThat(FanoutFloor.NONE.perSec()).isNaN();
        assertThat(FanoutFloor.NONE.min()).isNaN();
        assertThat(CapacityRecord.floor(FanoutFloor.NONE)).isNull();
    }

    @Test
    void theRecordCarriesTheMedianTheRangeAndEverySample() {
        Map<String, Object> m = CapacityRecord.floor(FanoutFloor.of(List.of(211_992.0, 153_913.0)));
        assertThat(m).containsEntry("medianPerSec", 182_952.5).containsEntry("minPerSec", 153_913.0)
                .containsEntry("maxPerSec", 211_992.0).containsEntry("count", 2)
                .containsEntry("samplesPerSec", List.of(211_992.0, 153_913.0));
    }

    @Test
    void aSampleMustBeAPositiveRate() {
        assertThatThrownBy(() -> FanoutFloor.NONE.plus(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a fan-out floor sample must be > 0 writes/s, was 0.0");
        assertThatThrownBy(() -> FanoutFloor.NONE.plus(Double.NaN)).hasMessageContaining("was NaN");
    }
}
