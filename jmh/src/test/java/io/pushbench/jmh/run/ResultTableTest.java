package io.pushbench.jmh.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultTableTest {

    /** Two entries in JMH's JSON format (trimmed of fields the table does not use), one with a NaN error. */
    private static final String JSON = """
            [
              {"jmhVersion":"1.37","benchmark":"io.pushbench.jmh.bench.FramingBenchmark.sseEvent","mode":"avgt",
               "threads":1,"forks":3,"params":{"payloadBytes":"256"},
               "primaryMetric":{"score":41.25,"scoreError":1.5,"scoreUnit":"ns/op",
                                "rawData":[[41.0,41.5],[41.2,41.3],[41.1,41.4]]},
               "secondaryMetrics":{"gc.alloc.rate.norm":{"score":288.0,"scoreError":0.001,"scoreUnit":"B/op"}}},
              {"jmhVersion":"1.37","benchmark":"io.pushbench.jmh.bench.FanoutBenchmark.encodeOnce","mode":"avgt",
               "threads":1,"forks":1,"params":{"transport":"ws","subscribers":"10000","payloadBytes":"64"},
               "primaryMetric":{"score":1234.5678,"scoreError":"NaN","scoreUnit":"us/op","rawData":[[1234.5678]]},
               "secondaryMetrics":{}}
            ]
            """;

    @Test
    void readsJmhJsonAndFormatsTheSummary(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jmh-results.json");
        Files.writeString(file, JSON);
        List<ResultRow> rows = JmhResults.read(file);
        assertThat(rows).hasSize(2);
        ResultRow sse = rows.get(0);
        assertThat(sse.shortName()).isEqualTo("FramingBenchmark.sseEvent");
        assertThat(sse.samples()).isEqualTo(6);
        assertThat(sse.relativeError()).isCloseTo(1.5 / 41.25, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(sse.allocBytesPerOp()).isEqualTo(288.0);
        ResultRow ws = rows.get(1);
        assertThat(ws.params().keySet()).containsExactly("transport", "subscribers", "payloadBytes");
        assertThat(ws.error()).isNaN();
        assertThat(ws.allocBytesPerOp()).isNaN();

        String table = ResultTable.format(rows, 0.05);
        assertThat(table.lines().toList()).containsExactly(
                "Benchmark                   Params                                          Mode  Score    Error  Error %  Units  Alloc B/op",
                "FramingBenchmark.sseEvent   payloadBytes=256                                avgt  41.25  ± 1.500     3.6%  ns/op       288.0",
                "FanoutBenchmark.encodeOnce  transport=ws subscribers=10000 payloadBytes=64  avgt   1235      n/a      n/a  us/op         n/a  !",
                "1 of 2 results (marked !) have an error above 5% of the score or none at all: rerun them on a quiet"
                        + " machine, or with more --forks/--iterations.");
    }

    @Test
    void rejectsFilesThatAreNotJmhResults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.json");
        Files.writeString(file, "{\"schema\":\"pushbench/results/v1\"}");
        assertThatThrownBy(() -> JmhResults.read(file)).hasMessageContaining("expected an array");
        assertThatThrownBy(() -> JmhResults.read(dir.resolve("missing.json"))).hasMessageStartingWith("no JMH result file");
    }
}
