package io.pushbench.cli;

import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.loadgen.capacity.Axis;
import io.pushbench.loadgen.capacity.CapacityResult;
import io.pushbench.loadgen.capacity.CapacitySearch;
import io.pushbench.loadgen.capacity.FanoutFloor;
import io.pushbench.loadgen.capacity.IdleConnectionCost;
import io.pushbench.loadgen.capacity.StepMeasurement;
import io.pushbench.loadgen.capacity.StepRunner;
import io.pushbench.loadgen.core.ReasonKeys;
import io.pushbench.reports.Reports;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One capacity record, every output: the console's answers ({@link CapacityCommand#printAnswers}),
 * {@code capacity-results.json}'s {@code answers}, and the verdict of report.md and report.html state the same
 * sentences, line for line, because each prints what {@code CapacityRecord.sentence} made once. The searches run on
 * a model server (no process), through the command's own record: SSE finds a capacity twice (repeats), WS stops on
 * the instrument (a saturated load generator), so both kinds of sentence are checked.
 *
 * <p>The same record, without environment, is the reports module's capacity fixture: rewrite it with
 * {@code -Dpushbench.regenerateFixtures=capacity-2x} and review the golden diffs there.
 */
class CapacityAnswersEverywhereTest {
    /** Three kernel fan-out measurements (the calibration's and one after each SSE search): median 165,759. */
    static final FanoutFloor FLOOR = FanoutFloor.of(List.of(165_759.0, 211_992.0, 153_913.0));
    static final Path FIXTURE = Path.of("../reports/src/test/resources/fixtures/capacity-2x");

    @TempDir
    Path tmp;

    @Test
    void consoleFileAndBothReportsStateTheSameSentences() throws IOException {
        Map<String, Object> record = record();
        StringWriter console = new StringWriter();
        CapacityCommand.printAnswers(new PrintWriter(console, true), record);
        List<String> lines = console.toString().lines().toList();
        assertThat(lines).hasSize(3).containsExactlyElementsOf(answers(record));
        assertThat(lines.get(0)).startsWith("SSE h1: ").contains("deliveries/s at 100 connections x")
                .endsWith("of the kernel fan-out floor");
        assertThat(lines.get(2)).startsWith("WS h1: no capacity: stopped on the instrument, not the server: ");
        // the ratio's floor is the median of the run's fan-out measurements, stored with their range and count
        assertThat(record.get("kernelFanoutFloorPerSec")).isEqualTo(165_759.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> floor = (Map<String, Object>) record.get("kernelFanoutFloor");
        assertThat(floor).containsEntry("count", 3)
                .containsEntry("minPerSec", 153_913.0).containsEntry("maxPerSec", 211_992.0);

        Path dir = tmp.resolve("cap");
        Files.createDirectories(dir);
        ResultsIO.writeJson(dir.resolve(CapacityCommand.CAPACITY_FILE), record);
        Reports.generate(dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("### Capacity verdict").contains("```\n" + String.join("\n", lines) + "\n```");
        String html = Files.readString(dir.resolve("report.html"));
        StringBuilder items = new StringBuilder();
        lines.forEach(l -> items.append("  <li>").append(escape(l)).append("</li>\n"));
        assertThat(html).contains("<ul class=\"verdict\" id=\"capacity-verdict-lines\">\n" + items + "</ul>");
    }

    @Test
    @EnabledIfSystemProperty(named = "pushbench.regenerateFixtures", matches = "(.*,)?(true|capacity-2x)(,.*)?")
    void regenerate() throws IOException {
        Files.createDirectories(FIXTURE);
        ResultsIO.writeJson(FIXTURE.resolve(CapacityCommand.CAPACITY_FILE), record());
    }

    /** The command's record of two SSE searches and one WS search on the model server. */
    static Map<String, Object> record() {
        CapacityCommand cmd = new CapacityCommand();
        cmd.connections = 100;
        cmd.repeats = 2;
        cmd.start = 10.0;
        cmd.noCalibrate = false;
        CapacityCommand.Settings s = cmd.settings();
        CapacitySearch search = CapacitySearch.builder(Axis.RATE).objective(s.objective()).startLoad(10)
                .resolution(0.1).stepDuration(Duration.ofSeconds(10)).maxSteps(12)
                .maxTotalTime(Duration.ofMinutes(10)).build();
        Map<CapacityCommand.Arm, List<CapacityResult>> results = new LinkedHashMap<>();
        CapacityCommand.Arm sse = new CapacityCommand.Arm(Transport.SSE, s.protocol(), s.variants().get(0));
        CapacityCommand.Arm ws = new CapacityCommand.Arm(Transport.WS, s.protocol(), s.variants().get(0));
        List<CapacityResult> sseResults = new ArrayList<>();
        sseResults.add(search.run(model(Transport.SSE, 200)).withIdle(idle(0.0123, 0.0131, 3_150)));
        sseResults.add(search.run(model(Transport.SSE, 185)).withIdle(idle(0.0120, 0.0127, 3_210)));
        results.put(sse, sseResults);
        // the idle measurement's own validity: an idle run whose ramp did not complete is not measured
        results.put(ws, List.of(search.run(model(Transport.WS, 400)).withIdle(new IdleConnectionCost(100, 0.01, 5,
                0.0119, 0.0125, 2_900, 45.0, 0, List.of(ReasonKeys.NOTHING_DELIVERED), List.of("ramp incomplete: 97 of"
                + " 100 connections open when the steady window began"), null, "ws-h1-1-idle"))));
        return CapacityCommand.record(s, results, FLOOR);
    }

    /** An idle measurement at 100 connections that stands: server cores without and with them, heap per one. */
    static IdleConnectionCost idle(double baselineCores, double idleCores, double heapBytes) {
        return new IdleConnectionCost(100, 0.01, 5, baselineCores, idleCores, heapBytes, 45.0, 0,
                List.of(ReasonKeys.NOTHING_DELIVERED), List.of(), null, "sse-h1-idle");
    }

    /**
     * A queue-like server at 100 connections: p99 = 2 ms / (1 - load / knee), server CPU 0.02 cores + 8 µs per
     * delivery, framing bytes per transport, heap per connection; WS's load generator saturates from 80 msg/s.
     */
    static StepRunner model(Transport t, double knee) {
        return load -> {
            double owed = load * 100;
            StepMeasurement.Builder b = StepMeasurement.builder(load).connections(100)
                    .delivered(owed, owed).lost(0)
                    .server(round(0.02 + owed * 8e-6 + load * 1e-5), owed)
                    .wireBytes(t == Transport.SSE ? 291.0 : 268.0)
                    .heapPerConnection(t == Transport.SSE ? 11_400 + load : 9_800 + load);
            double p99 = load >= knee ? 80_000 : 2_000 / (1 - load / knee);
            b.latencyMicros(round(p99 / 3), round(p99), round(p99 * 1.4));
            if (t == Transport.WS && load >= 80) {
                b.loadGeneratorSaturated(true);
            }
            return b.build();
        };
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static List<String> answers(Map<String, Object> record) {
        return ((List<?>) record.get("answers")).stream().map(String::valueOf).toList();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;").replace("=", "&#61;");
    }
}
