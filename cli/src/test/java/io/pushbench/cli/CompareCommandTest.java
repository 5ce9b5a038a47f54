package io.pushbench.cli;

import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.cli.compare.FixtureExecutor;
import io.pushbench.loadgen.compare.ProfileLoader;
import io.pushbench.loadgen.compare.ReportStep;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompareCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int exec(String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void dryRunShowsTheEffectiveProfileWithFlagsApplied() {
        int code = exec("compare", "--dry-run", "--profile", "standard", "--connections", "2500", "--repeats", "2",
                "--duration", "1m", "--scenario", "steady", "--out", tmp.resolve("r").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("profile standard: {profile=standard, repeats=2, transports=[sse, ws], "
                        + "protocols=[h1, h2c], drivers=[jetty], variants=[plain]")
                .contains("connections=2500").contains("duration=1m").contains("streams-per-connection=1, calibrate=true, scenarios=[steady]")
                .contains("order: sse-h1-jetty-r1, ws-h1-jetty-r1, sse-h2c-jetty-r1, ws-h2c-jetty-r1, "
                        + "ws-h1-jetty-r2, sse-h1-jetty-r2, ws-h2c-jetty-r2, sse-h2c-jetty-r2\n");
        assertThat(Files.exists(tmp.resolve("r"))).isFalse();
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        assertThat(exec("compare", "--connections", "many")).isEqualTo(2);
        assertThat(err.toString()).startsWith("pushbench: Invalid value for option '--connections'");
        assertThat(err.toString().strip().lines()).hasSize(1);

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--variants", "plain,h2c", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pushbench: unknown variant 'h2c' (known: plain, coalesce, writers1, writers2, pool-writers)");

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--profile", "huge", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("pushbench: unknown profile 'huge'");

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--ramp", "forever", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("pushbench: --ramp must be a duration like 45s, 1m30s or 500ms, was 'forever'");

        err.getBuffer().setLength(0);
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, "bogus: 1\n");
        assertThat(exec("compare", "--profile-file", profile.toString(), "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("pushbench: unknown key 'bogus' in profile file");

        err.getBuffer().setLength(0);
        Path full = tmp.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("x"), "x");
        assertThat(exec("compare", "--out", full.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pushbench: --out " + full
                + " is not empty (each comparison needs its own directory)");
    }

    @Test
    void dryRunTakesTheNewAxesAndNotesWhatItSkips() {
        int code = exec("compare", "--dry-run", "--profile", "ci", "--repeats", "1", "--drivers", "gatling,jetty",
                "--protocols", "h1,h2", "--streams-per-connection", "4", "--no-calibrate",
                "--out", tmp.resolve("r").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("protocols=[h1, h2c], drivers=[gatling, jetty], variants=[plain]")
                .contains("streams-per-connection=4, calibrate=false")
                .contains("\nskipped gatling x h2c: the Gatling driver cannot carry h2c\n")
                .contains("order: sse-h1-gatling-r1, ws-h1-gatling-r1, sse-h1-jetty-r1, ws-h1-jetty-r1, "
                        + "sse-h2c-jetty-r1, ws-h2c-jetty-r1\n");
    }

    @Test
    void newAxesBadInputIsOneLineAndExitTwo() {
        assertThat(exec("compare", "--drivers", "gatling", "--protocols", "h2", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("pushbench: nothing to run: skipped gatling x h2c: the Gatling driver cannot carry h2c");

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--streams-per-connection", "4", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pushbench: streams-per-connection 4 needs h2 in protocols "
                + "(HTTP/1.1 carries one stream per connection)");

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--drivers", "locust", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pushbench: unknown driver 'locust' (known: gatling, jetty, browser)");
    }

    /** {@code compare} with a fixture executor (nothing started) and the calibration step the command wires. */
    private int compare(FixtureExecutor ex, Path dir, String... flags) {
        var cl = new CommandLine(new CompareCommand(ex, ReportStep.NONE, (p, d, l) -> Map.of("skipped", "fixture: nothing measured")));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("--profile", "ci", "--drivers", "gatling", "--out",
                dir.toString()));
        args.addAll(List.of(flags));
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void theLivePageIsOnByDefaultAsOneLineAndOffWithNoLive() throws IOException {
        Path dir = tmp.resolve("live");
        assertThat(compare(new FixtureExecutor(), dir, "--no-calibrate")).as(err.toString()).isZero();
        assertThat(out.toString().lines().filter(l -> l.startsWith("live: ")).toList()).singleElement().asString()
                .matches("live: http://127\\.0\\.0\\.1:\\d+/ shows the compare as it happens \\(--no-live turns it off\\)");
        assertThat(Files.readString(dir.resolve("console.log"))).contains("live: http://127.0.0.1:");

        out.getBuffer().setLength(0);
        assertThat(compare(new FixtureExecutor(), tmp.resolve("nolive"), "--no-calibrate", "--no-live")).isZero();
        assertThat(out.toString()).doesNotContain("live: ");

        assertThat(exec("compare", "--live-port", "70000", "--out", tmp.resolve("bad").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pushbench: --live-port must be 0..65535, was 70000");
        assertThat(Files.exists(tmp.resolve("bad"))).isFalse();
    }

    @Test
    void theCalibrationStepsResultLandsInResultsJsonAndOnTheConsole() throws IOException {
        FixtureExecutor ex = new FixtureExecutor();
        Path dir = tmp.resolve("cal");
        assertThat(compare(ex, dir)).as(err.toString()).isZero();
        assertThat(ex.executed).hasSize(10);
        Results r = ResultsIO.read(dir.resolve("results.json"));
        assertThat(r.calibration()).isEqualTo(Map.of("skipped", "fixture: nothing measured"));
        assertThat(r.config()).containsEntry("calibrate", true).containsEntry("drivers", List.of("gatling"));
        assertThat(out.toString()).contains("calibration: skipped: fixture: nothing measured\n");
        assertThat(Files.readString(dir.resolve("console.log"))).isEqualTo(out.toString());
    }

    @Test
    void noCalibrateSkipsTheCalibrationStep() throws IOException {
        FixtureExecutor ex = new FixtureExecutor();
        Path dir = tmp.resolve("nocal");
        assertThat(compare(ex, dir, "--no-calibrate")).as(err.toString()).isZero();
        Results r = ResultsIO.read(dir.resolve("results.json"));
        assertThat(r.calibration()).isEmpty();
        assertThat(r.config()).containsEntry("calibrate", false);
        assertThat(out.toString()).doesNotContain("calibration:");
        assertThat(ex.executed).hasSize(10);
    }

    @Test
    void helpListsEveryProfileKeyAsAFlag() {
        assertThat(exec("compare", "--help")).isZero();
        for (String key : ProfileLoader.KEYS) {
            if (!key.equals("name")) {
                // calibrate is on in every built-in profile, so its flag is the one that turns it off
                String flag = key.equals("calibrate") ? "--no-calibrate" : "--" + key;
                assertThat(out.toString()).as("flag for profile key " + key).contains(flag);
            }
        }
    }
}
