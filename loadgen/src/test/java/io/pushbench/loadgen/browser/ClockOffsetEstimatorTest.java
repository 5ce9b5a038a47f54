package io.pushbench.loadgen.browser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClockOffsetEstimatorTest {
    private static final long OFFSET = 5_000_000_000L;   // the page's time origin on the JVM's clock

    /** A round trip whose page reading happened {@code atNanos} after {@code before}, rtt long. */
    private static void sample(ClockOffsetEstimator e, long before, long rtt, long atNanos) {
        double pageMs = (before + atNanos - OFFSET) / 1e6;
        e.add(before, pageMs, before + rtt);
    }

    @Test
    void oneSampleIsBoundedByHalfItsRoundTripPlusTheStep() {
        ClockOffsetEstimator e = new ClockOffsetEstimator(5_000);
        sample(e, OFFSET + 1_000_000, 400_000, 100_000);
        ClockOffset o = e.best();
        assertThat(o.errorBoundNanos()).isEqualTo(200_000 + 5_000);
        assertThat(o.minRttNanos()).isEqualTo(400_000);
        assertThat(Math.abs(o.offsetNanos() - OFFSET)).isLessThanOrEqualTo(o.errorBoundNanos());
    }

    @Test
    void intersectingSamplesNarrowTheBoundBelowTheBestRoundTrip() {
        ClockOffsetEstimator e = new ClockOffsetEstimator(0);
        // the page read early in one round trip and late in another: together they pin the offset
        sample(e, OFFSET + 1_000_000, 400_000, 50_000);
        sample(e, OFFSET + 2_000_000, 400_000, 350_000);
        ClockOffset o = e.best();
        assertThat(o.samples()).isEqualTo(2);
        assertThat(o.errorBoundNanos()).isEqualTo(50_000);
        assertThat(Math.abs(o.offsetNanos() - OFFSET)).isLessThanOrEqualTo(o.errorBoundNanos());
    }

    @Test
    void slowRoundTripsDoNotWidenTheBound() {
        ClockOffsetEstimator e = new ClockOffsetEstimator(0);
        sample(e, OFFSET + 1_000_000, 300_000, 150_000);
        sample(e, OFFSET + 2_000_000, 9_000_000, 8_000_000);   // descheduled: a wide interval, no harm
        assertThat(e.best().errorBoundNanos()).isEqualTo(150_000);
        assertThat(e.best().minRttNanos()).isEqualTo(300_000);
    }

    @Test
    void disjointSamplesFallBackToTheMinimumRoundTrip() {
        ClockOffsetEstimator e = new ClockOffsetEstimator(0);
        e.add(1_000_000, 0.0, 1_200_000);        // offset in [1.0 ms, 1.2 ms]
        e.add(3_000_000, 0.0, 3_100_000);        // offset in [3.0 ms, 3.1 ms]: the page clock stepped
        ClockOffset o = e.best();
        assertThat(o.offsetNanos()).isEqualTo(3_050_000);
        assertThat(o.errorBoundNanos()).isEqualTo(50_000);
    }

    @Test
    void mapsPageTimesOntoTheJvmClock() {
        ClockOffset o = new ClockOffset(OFFSET, 1_000, 2_000, 5_000, 1);
        assertThat(o.toJvmNanos(12.345)).isEqualTo(OFFSET + 12_345_000);
        assertThat(o.describe()).containsEntry("errorBoundUs", 1.0).containsEntry("stepUs", 5.0);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new ClockOffsetEstimator(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClockOffsetEstimator(0).best()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ClockOffsetEstimator(0).add(10, 0, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
