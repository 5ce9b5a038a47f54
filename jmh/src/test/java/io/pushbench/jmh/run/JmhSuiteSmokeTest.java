package io.pushbench.jmh.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs one real benchmark in a forked JVM with the {@code --quick} settings, through {@link JmhSuite} exactly as
 * {@code pushbench jmh --quick --include ... --param ...} does, and checks the JSON it leaves behind.
 */
class JmhSuiteSmokeTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void quickRunOfOneBenchmarkWritesJmhJsonWithAllocationFigures(@TempDir Path dir) throws Exception {
        JmhSettings s = JmhSettings.builder().quick()
                .include("FramingBenchmark\\.wsServerFrame$")
                .param("payloadBytes", "256")
                .outDir(dir.resolve("jmh"))
                .build();
        assertThat(JmhSuite.plan(s).configurations()).isEqualTo(1);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<ResultRow> rows = JmhSuite.run(s, new java.io.PrintWriter(new java.io.OutputStreamWriter(console, StandardCharsets.UTF_8), true));

        Path json = dir.resolve("jmh").resolve(JmhDefaults.RESULT_FILE);
        assertThat(json).isRegularFile();
        assertThat(dir.resolve("jmh").resolve(JmhDefaults.CONSOLE_LOG)).isRegularFile();
        try (var files = Files.list(dir.resolve("jmh"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    JmhDefaults.RESULT_FILE, JmhDefaults.CONSOLE_LOG); // no partial file left behind
        }

        // JMH's own JSON format, with the gc profiler's secondary metrics.
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.isArray()).isTrue();
        assertThat(root).hasSize(1);
        JsonNode r = root.get(0);
        assertThat(r.get("jmhVersion").asText()).isEqualTo("1.37");
        assertThat(r.get("benchmark").asText()).isEqualTo("io.pushbench.jmh.bench.FramingBenchmark.wsServerFrame");
        assertThat(r.get("mode").asText()).isEqualTo("avgt");
        assertThat(r.get("forks").asInt()).isEqualTo(1);
        assertThat(r.get("warmupIterations").asInt()).isEqualTo(1);
        assertThat(r.get("measurementIterations").asInt()).isEqualTo(2);
        assertThat(r.get("jvmArgs").toString()).contains("-Xmx1g");
        assertThat(r.path("params").path("payloadBytes").asText()).isEqualTo("256");
        assertThat(r.path("primaryMetric").path("score").asDouble()).isPositive();
        assertThat(r.path("primaryMetric").path("scoreUnit").asText()).isEqualTo("ns/op");
        assertThat(r.path("primaryMetric").path("rawData")).hasSize(1);
        assertThat(r.path("primaryMetric").path("rawData").get(0)).hasSize(2);
        JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
        assertThat(alloc.path("scoreUnit").asText()).isEqualTo("B/op");
        // a 256-byte payload plus a 4-byte header in one array: 260 bytes + 16-byte array header, 8-byte aligned
        assertThat(alloc.path("score").asDouble()).isBetween(270.0, 300.0);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).allocBytesPerOp()).isEqualTo(alloc.path("score").asDouble());
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("1 configurations")
                .contains("[1/1] FramingBenchmark.wsServerFrame payloadBytes=256 ");
        assertThat(ResultTable.format(rows, JmhDefaults.MAX_RELATIVE_ERROR)).contains("FramingBenchmark.wsServerFrame");
    }

    @Test
    void thePlanCoversEveryBenchmarkOfTheIssue() {
        JmhSuite.Plan all = JmhSuite.plan(JmhSettings.builder().build());
        assertThat(all.benchmarks()).contains(
                "io.pushbench.jmh.bench.FramingBenchmark.sseEvent",
                "io.pushbench.jmh.bench.FramingBenchmark.sseEventMultiLine",
                "io.pushbench.jmh.bench.FramingBenchmark.sseEventNoId",
                "io.pushbench.jmh.bench.FramingBenchmark.wsServerFrame",
                "io.pushbench.jmh.bench.FramingBenchmark.wsClientFrame",
                "io.pushbench.jmh.bench.JsonBenchmark.encodeOurs",
                "io.pushbench.jmh.bench.JsonBenchmark.encodeJackson",
                "io.pushbench.jmh.bench.Utf8Benchmark.encode",
                "io.pushbench.jmh.bench.CompressionBenchmark.sseGzipSyncFlush",
                "io.pushbench.jmh.bench.CompressionBenchmark.wsDeflateContextTakeover",
                "io.pushbench.jmh.bench.CompressionBenchmark.wsDeflateNoContextTakeover",
                "io.pushbench.jmh.bench.ParseBenchmark.sseParse",
                "io.pushbench.jmh.bench.ParseBenchmark.wsParse",
                "io.pushbench.jmh.bench.FanoutBenchmark.encodeOnce",
                "io.pushbench.jmh.bench.FanoutBenchmark.encodePerConnection");
        JmhSuite.Plan fanout = JmhSuite.plan(JmhSettings.builder().include("FanoutBenchmark").build());
        assertThat(fanout.configurations()).isEqualTo(2 * 2 * 3 * 3); // methods x transport x subscribers x payload
    }

    @Test
    void selectionsThatMatchNothingAreUsageErrors() {
        assertThatThrownBy(() -> JmhSuite.plan(JmhSettings.builder().include("NoSuchBenchmark").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no benchmark matches --include [NoSuchBenchmark]");
        assertThatThrownBy(() -> JmhSuite.plan(JmhSettings.builder().include("FramingBenchmark")
                .param("subscribers", "1").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--param subscribers is not a parameter of the selected benchmarks (they take: payloadBytes)");
    }
}
