package io.pushbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ResultsIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pushbench capacity} on real sockets: per transport a small search (20 connections, 3 s windows, 3 steps
 * with the confirmation, about 35 s), through the warm server and a fresh one, and its results file; SSE's is followed
 * by the idle-connection measurement (about 20 s more), WS skips it ({@code --no-idle}); bad input.
 */
class CapacityCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "ws"})
    @Timeout(120)
    void aSmallRealSearchWritesAMonotoneCurveAndAnAnswer(String transport) throws Exception {
        Path results = dir.resolve("cap");
        boolean idle = transport.equals("sse");   // one real idle measurement is enough; it adds about 20 s
        List<String> args = new ArrayList<>(List.of("capacity", "--transports", transport, "--connections", "20",
                "--start", "50", "--step", "3s", "--max-steps", "3", "--no-calibrate", "--out", results.toString()));
        if (!idle) {
            args.add("--no-idle");
        }
        int exit = run(args.toArray(String[]::new));

        assertThat(err.toString()).isEmpty();
        assertThat(exit).as(out.toString()).isIn(0, 1);   // 1: the budget ran out before a break (stated below)
        JsonNode root = ResultsIO.mapper().readTree(Files.readString(results.resolve("capacity-results.json")));
        assertThat(root.path("schema").asText()).isEqualTo("pushbench/capacity-results/v1");
        JsonNode search = root.path("transports").get(0).path("searches").get(0);
        assertThat(root.path("transports").get(0).path("transport").asText()).isEqualTo(transport);
        // the valid steps' deliveries rise with the offered load (the curve a report draws)
        List<double[]> valid = new ArrayList<>();
        for (JsonNode p : search.path("points")) {
            assertThat(p.path("p99Us").asDouble()).isGreaterThanOrEqualTo(p.path("p50Us").asDouble());
            if (!p.path("status").asText().equals("INVALID")) {
                valid.add(new double[] {p.path("load").asDouble(), p.path("deliveredPerSec").asDouble()});
            }
        }
        assertThat(valid).as(out.toString()).hasSizeGreaterThanOrEqualTo(2);
        valid.sort((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 1; i < valid.size(); i++) {
            assertThat(valid.get(i)[1]).as("delivered/s at %s msg/s", valid.get(i)[0])
                    .isGreaterThan(valid.get(i - 1)[1]);
        }
        // a knee, or a stated stop reason
        boolean knee = !search.path("knee").path("bendLoad").isNull()
                || !search.path("knee").path("crossingLoad").isNull();
        assertThat(knee || !search.path("stopReason").asText().isBlank()).isTrue();
        assertThat(out.toString()).contains(transport.toUpperCase() + " h1: ").contains("wrote ");
        // the report is written at the end, with the same answer as the console's
        assertThat(out.toString()).contains("report: " + results.resolve("report.md"));
        String answer = root.path("answers").get(0).asText();
        assertThat(out.toString()).contains(answer);
        assertThat(Files.readString(results.resolve("report.md"))).contains("## Capacity", answer);
        // the idle connections: measured on the warm server with their own run, or not measured with the reason
        JsonNode idleConnection = search.path("costs").path("idleConnection");
        assertThat(idleConnection.isObject()).as(out.toString()).isTrue();
        if (idle) {
            assertThat(idleConnection.path("connections").asInt()).isEqualTo(20);
            assertThat(idleConnection.path("measured").asBoolean()
                    ? idleConnection.path("cpuUsPerSecPerConnection").isNumber()
                    : !idleConnection.path("invalidReasons").isEmpty()).as(idleConnection.toString()).isTrue();
            assertThat(results.resolve("runs").resolve(idleConnection.path("runId").asText() + ".json")).exists();
            assertThat(out.toString()).contains("  idle connections");
        } else {
            assertThat(idleConnection.path("measured").asBoolean()).isFalse();
            assertThat(idleConnection.path("invalidReasons").get(0).asText()).isEqualTo("skipped (--no-idle)");
        }
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        int exit = run("capacity", "--axis", "sideways", "--out", dir.resolve("x").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("axis");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void compareScenarioCapacityIsTheSameCommand() {
        int exit = run("compare", "--scenario", "capacity", "--axis", "connections", "--connections", "10",
                "--out", dir.resolve("y").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).contains("--connections is what the connections axis searches");
    }
}
