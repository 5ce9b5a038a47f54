package io.pushbench.cli.compare;

import io.pushbench.analysis.results.RunResult;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonSummaryTest {
    @TempDir
    Path tmp;

    private static List<RunResult> runs(double[] sseP99, double[] wsP99) {
        List<RunResult> out = new ArrayList<>();
        for (int i = 0; i < sseP99.length; i++) {
            out.add(FakeRuns.result(FakeRuns.planned("sse", i + 1), sseP99[i], 8_000, 0));
            out.add(FakeRuns.result(FakeRuns.planned("ws", i + 1), wsP99[i], 8_000, 0));
        }
        return out;
    }

    @Test
    void callsOnlyDifferencesLargerThanTheSpread() {
        CompareProfile p = ProfileLoader.builtIn("standard").build();
        ComparisonSummary s = ComparisonSummary.of(p, runs(new double[]{1000, 1100, 1050},
                new double[]{1500, 1600, 1550}), tmp);
        Finding p99 = s.findings().stream().filter(f -> f.metric() == Metric.LATENCY_P99).findFirst().orElseThrow();
        assertThat(p99.outcome()).isEqualTo(Finding.Outcome.CALLED);
        assertThat(p99.better()).isEqualTo("sse");
        assertThat(p99.relative()).isEqualTo((1550.0 - 1050.0) / 1550.0);
        assertThat(p99.text()).startsWith("SSE p99 is 32% lower than WS: SSE 1.05 ms vs WS 1.55 ms");
        // identical server figures in both transports: within the spread (ranges touch)
        Finding heap = s.findings().stream().filter(f -> f.metric() == Metric.HEAP_PER_CONNECTION).findFirst()
                .orElseThrow();
        assertThat(heap.outcome()).isEqualTo(Finding.Outcome.WITHIN_SPREAD);
        assertThat(s.verdict()).anyMatch(l -> l.equals("Larger than the spread:"))
                .anyMatch(l -> l.startsWith("  + SSE p99 is 32% lower"))
                .anyMatch(l -> l.startsWith("Within the spread (not called): ") && l.contains("heap/conn"));
    }

    @Test
    void overlappingRangesAreNotCalled() {
        CompareProfile p = ProfileLoader.builtIn("standard").build();
        ComparisonSummary s = ComparisonSummary.of(p, runs(new double[]{1000, 1600, 1050},
                new double[]{1500, 1100, 1550}), tmp);
        assertThat(s.findings()).filteredOn(f -> f.metric() == Metric.LATENCY_P99)
                .singleElement().extracting(Finding::outcome).isEqualTo(Finding.Outcome.WITHIN_SPREAD);
        assertThat(s.verdict()).contains("No difference larger than the spread.");
    }

    @Test
    void groupsSumMessagesAndKeepRunOrder() {
        CompareProfile p = ProfileLoader.builtIn("standard").build();
        List<RunResult> rs = new ArrayList<>(runs(new double[]{1, 2, 3}, new double[]{1, 2, 3}));
        rs.set(1, FakeRuns.result(FakeRuns.planned("ws", 1), 1, 7_990, 10));
        ComparisonSummary s = ComparisonSummary.of(p, rs, tmp);
        GroupSummary ws = s.groups().get(1);
        assertThat(ws.transport()).isEqualTo("ws");
        assertThat(ws.runIds()).containsExactly("ws-h1-gatling-r1", "ws-h1-gatling-r2", "ws-h1-gatling-r3");
        assertThat(ws.messages().expected()).isEqualTo(24_000);
        assertThat(ws.messages().delivered()).isEqualTo(23_990);
        assertThat(ws.messages().lost()).isEqualTo(10);
        assertThat(s.verdict()).anyMatch(l -> l.startsWith("! WS lost 10 and duplicated 0 of 24,000"));
        Map<String, Object> map = s.toMap();
        assertThat(map).containsKeys("repeats", "method", "groups", "findings", "verdict");
    }

    @Test
    void singleRunUsesBatchesOfTheSteadyWindowFromTheHlog() throws IOException {
        // steady window [2, 10) s as in FakeRuns; SSE latency 1 ms steady, WS 2 ms steady, one interval per second
        writeHlog(tmp.resolve("sse-h1-gatling-r1.hlog"), 1_000_000);
        writeHlog(tmp.resolve("ws-h1-gatling-r1.hlog"), 2_000_000);
        List<RunResult> rs = List.of(
                withHlog(FakeRuns.result(FakeRuns.planned("sse", 1), 1000, 8_000, 0)),
                withHlog(FakeRuns.result(FakeRuns.planned("ws", 1), 2000, 8_000, 0)));
        ComparisonSummary s = ComparisonSummary.of(ProfileLoader.builtIn("quick").build(), rs, tmp);
        GroupSummary sse = s.groups().get(0);
        assertThat(sse.spreadBasis().get(Metric.LATENCY_P99)).isEqualTo("batches");
        assertThat(sse.metrics().get(Metric.LATENCY_P99).n()).isEqualTo(ComparisonSummary.BATCHES);
        assertThat(sse.spreadBasis().get(Metric.CONNECT_P99)).isEqualTo("single");
        Finding p99 = s.findings().stream().filter(f -> f.metric() == Metric.LATENCY_P99).findFirst().orElseThrow();
        assertThat(p99.outcome()).isEqualTo(Finding.Outcome.CALLED);
        assertThat(p99.text()).endsWith("(within-run batches)");
        Finding connect = s.findings().stream().filter(f -> f.metric() == Metric.CONNECT_P99).findFirst()
                .orElseThrow();
        assertThat(connect.outcome()).isEqualTo(Finding.Outcome.NO_SPREAD);
        assertThat(s.verdict().get(0)).contains("within-run spread");
    }

    private static RunResult withHlog(RunResult r) {
        return new RunResult(r.id(), r.transport(), r.protocol(), r.driver(), r.variant(), r.repeat(),
                r.connections(), r.connectionsPeak(), r.valid(), r.invalidReasons(), r.window(), r.messages(),
                r.latencyUs(), r.throughput(), r.connectUs(), r.firstMessageUs(), r.fanoutUs(), r.reconnects(),
                r.loadgen(), r.server(), r.timeline(), r.serverTimeline(), Map.of("hlog", r.id() + ".hlog"),
                r.extensions());
    }

    /** 12 one-second intervals: 2 s of ramp/warm-up at 50 ms, then steady at {@code steadyNs} +- 5%. */
    static void writeHlog(Path file, long steadyNs) throws IOException {
        try (PrintStream out = new PrintStream(file.toFile())) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputStartTime(1_700_000_000_000L);
            w.setBaseTime(1_700_000_000_000L);
            w.outputLegend();
            for (int s = 0; s < 12; s++) {
                Histogram h = new Histogram(3_600_000_000_000L, 3);
                h.setStartTimeStamp(1_700_000_000_000L + s * 1000L);
                h.setEndTimeStamp(1_700_000_000_000L + (s + 1) * 1000L);
                for (int i = 0; i < 1000; i++) {
                    h.recordValue(s < 2 ? 50_000_000 : steadyNs + (i % 11 - 5) * steadyNs / 100 + s * 1000);
                }
                w.outputIntervalHistogram(h);
            }
        }
    }
}
