package io.pushbench.analysis.verdict;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.Throughput;
import io.pushbench.analysis.results.Variant;
import io.pushbench.analysis.results.Window;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonsTest {
    /** A run whose latency percentiles derive from {@code p99Us}, with steady and whole-run counts. */
    static RunResult run(String transport, String arm, int repeat, double p99Us, long steadyLost) {
        Percentiles lat = new Percentiles(8_000, p99Us / 3, p99Us / 2, p99Us * 0.8, p99Us, p99Us * 1.5, p99Us * 2,
                p99Us * 3);
        Percentiles connect = new Percentiles(100, 900, 800, 1000, 2000, 2100, 2100, 2100);
        String id = transport + (arm == null ? "" : "-" + arm.toLowerCase()) + "-h1-gatling-r" + repeat;
        List<String> reasons = steadyLost > 0 ? List.of(steadyLost + " of 8000 expected messages lost") : List.of();
        return new RunResult(id, Transport.parse(transport), Protocol.H1, Driver.GATLING, Variant.PLAIN, repeat,
                100, 100, reasons.isEmpty(), reasons,
                new Window("2026-11-24T18:00:00Z", "2026-11-24T18:00:10Z", 1, 1, 8, 1, 2, 10),
                new MessageCounts(10_000, 10_000 - steadyLost, steadyLost, 0, 0, 0, 2_560_000),
                new MessageCounts(8_000, 8_000 - steadyLost, steadyLost, 3, 0, 0, 2_048_000), lat,
                new Throughput(1_000, 256_000), connect, connect, lat, Reconnects.NONE,
                new LoadgenFigures(1, 0.2, 0.2, 5_000, 0, 0, 1 << 20, 30, List.of()),
                new ServerFigures(true, 12_000, 0.3, 10_000_000, 4_300, 0, 0, 50, 0, 0, 1, 80),
                List.of(), List.of(), Map.of(), arm == null ? Map.of() : Map.of(Arm.ARM_EXTENSION, arm));
    }

    private static List<RunResult> arms(String a, String armA, String b, String armB, int runs, double aP99,
                                        double bP99) {
        List<RunResult> out = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            out.add(run(a, armA, r, aP99 + r, 0));
            out.add(run(b, armB, r, bP99 + r, 0));
        }
        return out;
    }

    @Test
    void fiveSeparatedRunsPerArmAreCalledWithTheirRealConfidence() {
        Comparison c = Comparisons.of(arms("sse", null, "ws", null, 5, 1000, 2000), true);
        assertThat(c.canCall()).isTrue();
        assertThat(c.runsPerArm()).isEqualTo(5);
        FigureComparison p99 = c.of(Figure.LATENCY_P99).get(0);
        assertThat(p99.outcome()).isEqualTo(Outcome.A_BETTER);
        assertThat(p99.better().label()).isEqualTo("SSE h1 gatling");
        assertThat(p99.sentence()).startsWith("p99: SSE h1 gatling 50% lower than WS h1 gatling (SSE h1 gatling 1.00 ms, "
                + "WS h1 gatling 2.00 ms; WS h1 gatling / SSE h1 gatling 1.997 [1.991 – 2.003], 99.2% interval; 5 runs each)");
        assertThat(c.of(Figure.SERVER_CPU_PER_MESSAGE).get(0).outcome()).isEqualTo(Outcome.NO_DIFFERENCE);
        assertThat(c.verdict()).contains("Called:").anyMatch(l -> l.startsWith("No difference called for: msg/s"));
        // headline counts are the steady window's, the whole run's kept apart
        ArmSummary sse = c.arms().get(0);
        assertThat(sse.countsSteady()).isTrue();
        assertThat(sse.messages().expected()).isEqualTo(40_000);
        assertThat(sse.wholeRun().expected()).isEqualTo(50_000);
    }

    @Test
    void oneRunPerArmCallsNothingAndSaysSoInTheOneSentence() {
        Comparison c = Comparisons.of(arms("sse", null, "ws", null, 1, 1000, 5000), true);
        assertThat(c.canCall()).isFalse();
        assertThat(c.called()).isEmpty();
        assertThat(c.figures()).allMatch(f -> f.outcome() == Outcome.CANNOT_CALL);
        assertThat(c.verdict()).noneMatch(l -> l.startsWith("Called")).endsWith("NO CALL: with 1 valid run per arm the run-to-run noise cannot be "
                + "bounded at 99%, so no difference is called (at least 5 valid runs per arm are needed: --repeats 5 "
                + "or more).");
    }

    @Test
    void invalidRunsGiveNoFigureAndAreListed() {
        List<RunResult> runs = new ArrayList<>(arms("sse", null, "ws", null, 5, 1000, 2000));
        runs.set(1, run("ws", null, 1, 9_999, 7));   // lost messages: invalid
        Comparison c = Comparisons.of(runs, true);
        assertThat(c.valid()).isFalse();
        assertThat(c.arms().get(1).validRuns()).isEqualTo(4);
        assertThat(c.arms().get(1).figure(Figure.LATENCY_P99).values()).doesNotContain(9_999.0);
        assertThat(c.canCall()).isFalse();   // 4 valid WS runs cannot reach 99%
        assertThat(c.verdict().get(0)).isEqualTo("NOT VALID: 1 problem; figures use valid runs only and a failed run "
                + "is not a result:");
        assertThat(c.verdict().get(1)).isEqualTo("  ! ws-h1-gatling-r1: 7 of 8000 expected messages lost");
    }

    @Test
    void anAaComparisonHasTwoNamedArmsOfOneTransport() {
        Comparison c = Comparisons.of(arms("sse", "A", "sse", "B", 5, 1000, 1000), true);
        assertThat(c.arms()).extracting(a -> a.arm().key()).containsExactly("sse/h1/gatling/plain#A",
                "sse/h1/gatling/plain#B");
        assertThat(c.arms()).extracting(a -> a.arm().label()).containsExactly("SSE h1 gatling (A)", "SSE h1 gatling (B)");
        assertThat(c.figures()).hasSize(Figure.STEADY.size());
    }

    @Test
    void unequalCountsThatReachTheConfidenceCallAndTheVerdictAgreesWithTheFigures() {
        List<RunResult> runs = new ArrayList<>();
        for (int r = 1; r <= 4; r++) {
            runs.add(run("sse", null, r, 1000 + r, 0));
        }
        for (int r = 1; r <= 6; r++) {
            runs.add(run("ws", null, r, 2000 + r, 0));
        }
        Comparison c = Comparisons.of(runs, true);
        assertThat(c.canCall()).isTrue();                 // 4 and 6 reach 99.05%
        assertThat(c.of(Figure.LATENCY_P99).get(0).outcome()).isEqualTo(Outcome.A_BETTER);
        assertThat(c.verdict()).contains("Called:").noneMatch(l -> l.startsWith("NO CALL"));

        runs.remove(runs.size() - 1);                     // 4 and 5: at most 98.4%
        Comparison d = Comparisons.of(runs, true);
        assertThat(d.canCall()).isFalse();
        assertThat(d.called()).isEmpty();
        assertThat(d.figures()).allMatch(f -> f.outcome() == Outcome.CANNOT_CALL);
        assertThat(d.verdict()).anyMatch(l -> l.startsWith("NO CALL: with 4 and 5 valid runs the run-to-run noise"));
    }
}
