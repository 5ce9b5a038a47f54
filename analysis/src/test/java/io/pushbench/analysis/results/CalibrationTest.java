package io.pushbench.analysis.results;

import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The calibration's JSON against a golden file (its field names and units are a contract with reports and compare),
 * its round trip through a results file, and the one definition of "within the floor's noise". Regenerate the
 * golden file only for an additive change (-Dpushbench.golden.update=true) and review the diff.
 */
class CalibrationTest {
    @TempDir
    Path dir;

    static Percentiles lat(double p50, double p99) {
        return new Percentiles(1000, p50 + 2, p50, (p50 + p99) / 2, p99, p99 * 2, p99 * 3, p99 * 4);
    }

    static Calibration sample() {
        Calibration.BareReader sseFloor = new Calibration.BareReader(Transport.SSE, 1, 100, 2000, 0, 0, 20, 9_000,
                lat(40, 90));
        Calibration.BareReader sseLoad = new Calibration.BareReader(Transport.SSE, 1000, 4, 80_000, 0, 0, 20, 5_400,
                lat(300, 2_000));
        Calibration.BareReader wsFloor = new Calibration.BareReader(Transport.WS, 1, 100, 2000, 0, 0, 20, 8_000,
                lat(35, 80));
        Calibration c = new Calibration(null,
                new Calibration.Setup("AMD EPYC", 2, true, "0", "1", 256, "2026-01-01T00:00:00Z", 95.5),
                new Calibration.Clock(20.6, 41.2),
                new Calibration.Hiccups(10, 20, 120, 26, 4_000, 35, 1_200, 1.37),
                new Calibration.LoopbackFloor(100, 2_500, 0, 0, true, lat(25, 60)),
                List.of(sseFloor, wsFloor, sseLoad),
                new Calibration.KernelFanout(1000, 256, 5, 500_000, 100_000, 10_000),
                List.of(), List.of());
        RunResult run = ResultsGoldenTest.sample().runs().get(0);   // sse h1 gatling, 2 connections
        RunResult one = new RunResult("sse-floor", Transport.SSE, Protocol.H1, Driver.GATLING, Variant.PLAIN, 1, 1, 1,
                true, List.of(), run.window(), run.messages(), run.steadyMessages(), lat(60, 150), run.throughput(),
                run.connectUs(), run.firstMessageUs(), run.fanoutUs(), run.reconnects(), run.loadgen(), run.server(),
                run.timeline(), run.serverTimeline(), run.files(), run.extensions());
        return c.withDriverFloors(List.of(Calibration.DriverFloor.of(one, 100, c)));
    }

    @Test
    void writerMatchesGoldenFile() throws IOException {
        String actual = ResultsIO.toJson(sample().toMap());
        if (Boolean.getBoolean("pushbench.golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden/calibration-v1.json"), actual);
        }
        try (InputStream in = getClass().getResourceAsStream("/golden/calibration-v1.json")) {
            assertThat(in).as("golden/calibration-v1.json is missing (regenerate with -Dpushbench.golden.update=true"
                    + " and review)").isNotNull();
            assertThat(actual.replace("\r\n", "\n"))
                    .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
        }
    }

    @Test
    void roundTripsThroughAResultsFile() throws IOException {
        Calibration c = sample();
        Results r = ResultsGoldenTest.sample().withCalibration(c.toMap());
        Path file = dir.resolve("results.json");
        ResultsIO.write(file, r);
        Results back = ResultsIO.read(file);
        // numbers come back as JSON reads them (ints, longs): compare through the typed record
        assertThat(Calibration.fromMap(back.calibration())).isEqualTo(c);
        assertThat(c.complete()).isTrue();
    }

    @Test
    void browserClockIsAdditive() throws IOException {
        Calibration c = sample();
        assertThat(c.toMap()).doesNotContainKey("browserClock");   // not measured: absent, the v1 shape unchanged
        Calibration.BrowserClock b = new Calibration.BrowserClock("Chromium/150", true, 5, 5, 40, 5.0, 310, 420,
                180, 390, 35, -4, true);
        Calibration withBrowser = new Calibration(c.schema(), c.setup(), c.clock(), c.hiccups(), c.loopbackFloor(),
                c.bareReaders(), c.kernelFanout(), c.driverFloors(), c.failures(), b);
        Path file = dir.resolve("browser.json");
        ResultsIO.write(file, ResultsGoldenTest.sample().withCalibration(withBrowser.toMap()));
        Calibration back = Calibration.fromMap(ResultsIO.read(file).calibration());
        assertThat(back.browserClock()).isEqualTo(b);
        assertThat(back.withDriverFloors(List.of()).browserClock()).isEqualTo(b);
    }

    @Test
    void ratiosComeFromTheBareReaderAtTheSameLoad() {
        Calibration.DriverFloor f = sample().driverFloors().get(0);
        assertThat(f.p50RatioToBare()).isEqualTo(1.5);      // 60 / 40
        assertThat(f.cpuRatioToBare()).isEqualTo(27.778);   // 250,000 / 9,000 ns
        assertThat(Calibration.ratio(5, 0)).isEqualTo(-1);
        assertThat(Calibration.ratio(-1, 4)).isEqualTo(-1);
    }

    @Test
    void aFreeFormMapIsNoCalibrationAndAMismatchIsOneLine() {
        assertThat(Calibration.fromMap(Map.of())).isNull();
        assertThat(Calibration.fromMap(Map.of("clockOverheadNs", 21.0))).isNull();
        assertThatThrownBy(() -> Calibration.fromMap(Map.of("schema", Calibration.SCHEMA, "clock", "fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("calibration does not match pushbench/calibration/v1: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void floorIsTheMatchingDriverFloorElseTheRawLoopbackFloor() {
        Calibration c = sample();
        assertThat(c.floorFor(Transport.SSE, Protocol.H1, Driver.GATLING).p50()).isEqualTo(60);
        assertThat(c.floorName(Transport.SSE, Protocol.H1, Driver.GATLING)).isEqualTo("Gatling floor");
        assertThat(c.floorFor(Transport.WS, Protocol.H1, Driver.GATLING).p50()).isEqualTo(25);
        assertThat(c.floorName(Transport.WS, Protocol.H1, Driver.GATLING)).isEqualTo("raw loopback floor");
        Calibration empty = new Calibration(null, null, null, null, null, null, null, null, List.of("hiccups: x"));
        assertThat(empty.floorFor(Transport.SSE, Protocol.H1, Driver.GATLING)).isNull();
        assertThat(empty.complete()).isFalse();
    }

    @Test
    void withinNoiseMeansADifferenceBelowTheLargerFloorSpread() {
        Percentiles sse = lat(60, 150);   // spread 90
        Percentiles raw = lat(25, 60);    // spread 35
        assertThat(Calibration.noiseUs(sse)).isEqualTo(90);
        assertThat(Calibration.withinNoise(100, 189, sse, raw)).isTrue();
        assertThat(Calibration.withinNoise(100, 190, sse, raw)).isFalse();
        assertThat(Calibration.withinNoise(100, 134, raw, raw)).isTrue();
        assertThat(Calibration.withinNoise(100, 135, raw, raw)).isFalse();
    }
}
