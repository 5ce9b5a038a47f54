package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The measurements that run in the calling JVM give sane values. */
class InProcessMeasuresTest {
    @Test
    @Timeout(30)
    void clockReadsCostNanoseconds() {
        Calibration.Clock c = ClockCost.measure();
        assertThat(c.nanoTimeNs()).as(c.toString()).isBetween(1.0, 2_000.0);
        assertThat(c.epochNs()).as(c.toString()).isBetween(1.0, 5_000.0);
    }

    @Test
    @Timeout(30)
    void hiccupMeterSpinsForItsDurationAndOrdersItsFigures() {
        Calibration.Hiccups h = HiccupMeter.measure(Duration.ofMillis(300), 20_000);
        assertThat(h.spunSeconds()).isBetween(0.3, 1.0);
        assertThat(h.thresholdUs()).isEqualTo(20.0);
        assertThat(h.p99Us()).isPositive();
        assertThat(h.p999Us()).isGreaterThanOrEqualTo(h.p99Us());
        assertThat(h.maxUs()).isGreaterThanOrEqualTo(h.p999Us());
        assertThat(h.stallsOver1ms()).isLessThanOrEqualTo(h.stalls());
        assertThat(h.timeLostPercent()).isBetween(0.0, 100.0);
        assertThatThrownBy(() -> HiccupMeter.measure(Duration.ZERO, 20_000))
                .hasMessage("hiccup spin must be > 0, was PT0S");
    }

    @Test
    @Timeout(30)
    void kernelFanoutWritesToEverySocket() throws Exception {
        Calibration.KernelFanout f = KernelFanout.measure(50, 64, Duration.ofMillis(300));
        assertThat(f.connections()).isEqualTo(50);
        assertThat(f.writes()).isPositive().isEqualTo(f.writes() / 50 * 50);   // whole rounds
        assertThat(f.writesPerSec()).isPositive();
        assertThat(f.nsPerWrite()).isCloseTo(1e9 / f.writesPerSec(), org.assertj.core.data.Offset.offset(1.0));
        assertThatThrownBy(() -> KernelFanout.measure(0, 64, Duration.ofSeconds(1)))
                .hasMessage("fan-out connections must be 1..9000, was 0");
    }
}
