package io.pushbench.cli;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.loadgen.calibrate.Calibrator;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The calibrate command's flags and console table (the measurement itself is tested in loadgen). */
class CalibrateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static Calibrator.Settings settings(String... args) {
        CalibrateCommand c = new CalibrateCommand();
        new CommandLine(c).parseArgs(args);
        return c.settings();
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        assertThat(run("calibrate", "--out", dir.toString(), "--transports", "mqtt")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("pushbench: unknown transport \"mqtt\" (known: sse, ws)"
                + System.lineSeparator());
        err.getBuffer().setLength(0);
        assertThat(run("calibrate", "--out", dir.toString(), "--drivers", "in-memory")).isEqualTo(2);
        assertThat(err.toString()).contains("in-memory driver runs in tests only").hasLineCount(1);
        err.getBuffer().setLength(0);
        assertThat(run("calibrate", "--out", dir.toString(), "--payload", "8")).isEqualTo(2);
        assertThat(err.toString()).contains("calibration payload must be 16..1048576 bytes, was 8").hasLineCount(1);
    }

    @Test
    void flagsShapeTheSettings() {
        Calibrator.Settings full = settings();
        assertThat(full.drivers()).containsExactly(Driver.JETTY, Driver.GATLING);
        assertThat(full.protocols()).containsExactly(Protocol.H1, Protocol.H2C);
        assertThat(full.driverLoadRuns()).isTrue();
        Calibrator.Settings brief = settings("--brief", "--drivers", "gatling,jetty", "--protocols", "h1,h2",
                "--transports", "ws", "--connections", "200", "--rate", "5", "--payload", "128");
        assertThat(brief.drivers()).containsExactly(Driver.GATLING, Driver.JETTY);
        assertThat(brief.driverLoadRuns()).isFalse();
        assertThat(brief.protocols()).containsExactly(Protocol.H1, Protocol.H2C);
        assertThat(brief.transports()).containsExactly(Transport.WS);
        assertThat(brief.loadConnections()).isEqualTo(200);
        assertThat(brief.loadRate()).isEqualTo(5);
        assertThat(brief.payloadBytes()).isEqualTo(128);
        assertThat(brief.hiccupDuration()).isEqualTo(Calibrator.Settings.brief().hiccupDuration());
        assertThat(settings("--drivers", "none").drivers()).isEmpty();
        // the browser clock step: in the default, with the browser driver, never in --brief or without it
        assertThat(full.browserClock()).isTrue();
        assertThat(brief.browserClock()).isFalse();
        assertThat(settings("--brief").browserClock()).isFalse();
        assertThat(settings("--brief", "--drivers", "browser").browserClock()).isTrue();
        assertThat(settings("--drivers", "jetty").browserClock()).isFalse();
    }

    @Test
    void tablePrintsTheBrowserClock() {
        Calibration c = new Calibration(null, null, null, null, null, List.of(), null, List.of(), List.of(),
                new Calibration.BrowserClock("Chromium", true, 5, 5, 40, 5.0, 310, 420, 180, 390, 35, -4, true));
        String t = CalibrateCommand.table(c);
        assertThat(t).containsPattern("browser clock \\(5 x 40 round trips\\): min / median RTT +310 µs / 420 µs")
                .containsPattern("offset error bound \\(driver's, worst\\) +180 µs")
                .containsPattern("offset spread, round trips / estimates +390 µs / 35.0 µs  within the bounds")
                .containsPattern("drift over 5.0 s, page clock step +-4.0 µs, 5.0 µs");
    }

    @Test
    void tablePrintsOneLinePerFigureWithItsRatio() {
        Percentiles p = new Percentiles(100, 30, 25, 40, 60, 90, 90, 120);
        Calibration c = new Calibration(null, new Calibration.Setup("cpu", 2, false, null, null, 256,
                "2026-01-01T00:00:00Z", 20), new Calibration.Clock(20.6, 38.4), null,
                new Calibration.LoopbackFloor(100, 300, 0, 0, true, p), List.of(), null, List.of(),
                List.of("hiccups: boom"));
        String t = CalibrateCommand.table(c);
        assertThat(t).contains("not pinned, 256 B messages")
                .containsPattern("clock read: System.nanoTime +20.6 ns")
                .containsPattern("raw loopback floor @ 100 msg/s: latency p50 +25.0 µs  1.00x loopback")
                .containsPattern("FAILED step +hiccups: boom");
    }
}
