package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.Driver;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The brief calibration end to end, its windows shortened, SSE only (the bare reader over WebSocket is tested in
 * {@link ChildJvmMeasuresTest}), with one Gatling floor run so that the driver-floor part and its ratios are
 * exercised; h2c is asked for too and skipped (Gatling speaks h1 only).
 */
class CalibratorTest {
    @Test
    @Timeout(120)
    void briefProducesEveryFigure() throws Exception {
        Path dir = Path.of("target", "it", "calibrate");
        Files.createDirectories(dir);
        List<String> log = new CopyOnWriteArrayList<>();
        Calibrator.Settings s = Calibrator.Settings.brief().withTimesScaled(0.25).withLoad(20, 20)
                .withDrivers(List.of(Driver.GATLING), false).withProtocols(List.of(Protocol.H1, Protocol.H2C));
        Calibration c = new Calibrator(ChildJvmMeasuresTest.launch(), dir, log::add)
                .run(s.withTransports(List.of(Transport.SSE)));
        // A driver run on a busy shared machine can be invalid (its server published late): that is the machine's
        // figure, reported as a failure line; every other step must have completed.
        assertThat(c.failures()).as(String.join("\n", log))
                .allMatch(f -> f.equals("gatling floor sse h1: run floor-sse-h1-gatling is invalid (see "
                        + "floor-sse-h1-gatling.json)"));
        assertThat(c.setup().payloadBytes()).isEqualTo(256);
        assertThat(c.setup().wallSeconds()).isPositive();
        assertThat(c.clock().nanoTimeNs()).isPositive();
        assertThat(c.hiccups().spunSeconds()).isPositive();
        assertThat(c.loopbackFloor().valid()).isTrue();
        assertThat(c.loopbackFloor().latencyUs().count()).isPositive();
        assertThat(c.bareReaders()).extracting(b -> b.transport().key() + "x" + b.connections())
                .containsExactly("ssex1", "ssex20");
        assertThat(c.bareReaders()).allSatisfy(b -> {
            assertThat(b.gaps()).isZero();
            assertThat(b.delivered()).isPositive();
            assertThat(b.cpuNsPerMessage()).isPositive();
        });
        assertThat(c.kernelFanout().writesPerSec()).isPositive();
        assertThat(log).anyMatch(l -> l.contains("skipped gatling over h2c"));
        assertThat(c.driverFloors()).hasSize(1);
        Calibration.DriverFloor f = c.driverFloors().get(0);
        assertThat(f.driver()).isEqualTo(Driver.GATLING);
        assertThat(f.transport()).isEqualTo(Transport.SSE);
        assertThat(f.connections()).isEqualTo(1);
        assertThat(f.latencyUs().count()).isPositive();
        assertThat(f.p50RatioToBare()).isPositive();
        assertThat(Files.exists(dir.resolve("floor-sse-h1-gatling.json"))).isTrue();
        // an invalid driver floor (the failure line allowed above) is never read against: the raw loopback floor is
        assertThat(c.floorName(Transport.SSE, Protocol.H1, Driver.GATLING))
                .isEqualTo(f.valid() ? "Gatling floor" : "raw loopback floor");
        assertThat(Calibration.fromMap(c.toMap())).isEqualTo(c);
    }

    @Test
    void settingsRefuseWhatCannotBeMeasured() {
        assertThatThrownBy(() -> Calibrator.Settings.brief().withPayload(8))
                .hasMessage("calibration payload must be 16..1048576 bytes, was 8");
        assertThatThrownBy(() -> Calibrator.Settings.brief().withTransports(List.of()))
                .hasMessage("calibration needs at least one transport and one protocol");
    }
}
