package io.pushbench.loadgen.browser;

import io.pushbench.analysis.results.Calibration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClockOffsetSpreadTest {
    private static final long OFFSET = 5_000_000_000L;   // the page's time origin on the JVM's clock

    /** A round trip starting at {@code before}, {@code rtt} long, whose page reading happened {@code at} into it. */
    private static void roundTrip(ClockOffsetSpread s, long offset, long before, long rtt, long at) {
        s.roundTrip(before, (before + at - offset) / 1e6, before + rtt);
    }

    @Test
    void roundTripsGiveTheirMiddleOffsetsAndRtts() {
        ClockOffsetSpread s = new ClockOffsetSpread();
        roundTrip(s, OFFSET, OFFSET + 1_000_000, 400_000, 200_000);   // read at the middle: offset exact
        roundTrip(s, OFFSET, OFFSET + 2_000_000, 600_000, 100_000);   // read early: the middle is 200 µs late
        roundTrip(s, OFFSET, OFFSET + 3_000_000, 500_000, 250_000);
        assertThat(s.minRttNanos()).isEqualTo(400_000);
        assertThat(s.medianRttNanos()).isEqualTo(500_000);
        assertThat(s.roundTripSpreadNanos()).isEqualTo(200_000);
    }

    @Test
    void estimatesGiveSpreadDriftWorstBoundAndWindow() {
        ClockOffsetSpread s = new ClockOffsetSpread();
        roundTrip(s, OFFSET, OFFSET, 300_000, 150_000);
        s.estimate(1_000_000_000L, new ClockOffset(OFFSET, 50_000, 300_000, 5_000, 40));
        s.estimate(3_500_000_000L, new ClockOffset(OFFSET + 30_000, 80_000, 320_000, 5_000, 40));
        s.estimate(6_000_000_000L, new ClockOffset(OFFSET - 10_000, 60_000, 310_000, 5_000, 40));
        assertThat(s.estimateSpreadNanos()).isEqualTo(40_000);
        assertThat(s.driftNanos()).isEqualTo(-10_000);
        assertThat(s.worstBoundNanos()).isEqualTo(80_000);
        assertThat(s.windowNanos()).isEqualTo(5_000_000_000L);
        assertThat(s.withinBound()).isTrue();

        Calibration.BrowserClock c = s.summary("Chromium", true, 40);
        assertThat(c.estimates()).isEqualTo(3);
        assertThat(c.roundTripsPerEstimate()).isEqualTo(40);
        assertThat(c.windowSeconds()).isEqualTo(5.0);
        assertThat(c.stepUs()).isEqualTo(5.0);
        assertThat(c.minRttUs()).isEqualTo(300.0);
        assertThat(c.errorBoundUs()).isEqualTo(80.0);
        assertThat(c.estimateSpreadUs()).isEqualTo(40.0);
        assertThat(c.driftUs()).isEqualTo(-10.0);
        assertThat(c.withinBound()).isTrue();
        assertThat(c.crossOriginIsolated()).isTrue();
    }

    @Test
    void estimatesFartherApartThanTheirBoundsTogetherAreFlagged() {
        ClockOffsetSpread s = new ClockOffsetSpread();
        s.estimate(0, new ClockOffset(OFFSET, 50_000, 100_000, 5_000, 40));
        s.estimate(1, new ClockOffset(OFFSET + 100_001, 50_000, 100_000, 5_000, 40));
        assertThat(s.withinBound()).isFalse();
    }

    @Test
    void nothingMeasuredHasNoFigures() {
        ClockOffsetSpread s = new ClockOffsetSpread();
        assertThatThrownBy(s::minRttNanos).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.summary("x", false, 40)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.roundTrip(10, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
