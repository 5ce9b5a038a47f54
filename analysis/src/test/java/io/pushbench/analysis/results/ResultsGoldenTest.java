package io.pushbench.analysis.results;

import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON writer against a golden file: the v2 field names, order and units are a contract with the reports and
 * compare tools. Regenerate only for an additive change (-Dpushbench.golden.update=true) and review the diff.
 */
class ResultsGoldenTest {
    @TempDir
    Path dir;

    static Results sample() {
        Histogram h = new Histogram(1, 3_600_000_000_000L, 3);
        for (long v = 1; v <= 1000; v++) {
            h.recordValue(v * 1_000);      // 1 µs .. 1 ms
        }
        Percentiles lat = Percentiles.fromNanos(h);
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("cutSeq", 120);
        RunResult run = new RunResult("sse-2c-10r-1", Transport.SSE, Protocol.H1, Driver.GATLING,
                Variant.of("default"), 1, 2, 2, true, List.of(),
                new Window("2026-01-01T00:00:00Z", "2026-01-01T00:00:14Z", 2, 1, 10, 1, 3, 13),
                new MessageCounts(200, 200, 0, 0, 0, 0, 51_200), new MessageCounts(160, 160, 0, 0, 0, 0, 0), lat,
                new Throughput(20, 5120), lat, lat, lat,
                Reconnects.NONE,
                new LoadgenFigures(2, 0.05, 0.025, 250_000, 1, 3, 50_000_000, 20, List.of("-Xmx512m"),
                        "gatling-1-2", 0.031, "1", 0.05),
                new ServerFigures(true, 40_000, 0.01, 20_000_000, 8_000, 0, 0, 150, 0, 0, 2, 140, 0L, 120.5,
                        "pushbench-publisher", 0.004, null, -1.0),
                List.of(new IntervalSample(1, "ramp", 1, 10, 2560, 80, 120, 130, 0, 0, 0, 0, 0.2)),
                List.of(new ServerSample(1, 1, 20, 20, 10, 1_000_000_000L, 20_000_000, 3, 30, 120.5, 1, 0, 2_910L)),
                Map.of("json", "sse-2c-10r-1.json"), ext);
        Environment env = new Environment("AMD EPYC", 2, "Debian GNU/Linux 12", "6.1.0", "25+36", "Eclipse Adoptium",
                List.of("-Xmx1g"), "12.1.14", "3.15.1", "0123abc", "host", Map.of());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("transport", "sse");
        config.put("connections", 2);
        return Results.of(Results.KIND_RUN, true, config, env, List.of(run), Map.of());
    }

    @Test
    void writerMatchesGoldenFile() throws IOException {
        Path file = dir.resolve("results.json");
        ResultsIO.write(file, sample());
        String actual = Files.readString(file, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("pushbench.golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden/results-v2.json"), actual);
        }
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/results-v2.json")) {
            assertThat(in).as("golden file golden/results-v2.json is missing (regenerate with -Dpushbench.golden.update=true and review)").isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual.replace("\r\n", "\n")).isEqualTo(golden.replace("\r\n", "\n"));
    }

    @Test
    void readsBackEqual() throws IOException {
        Path file = dir.resolve("results.json");
        Results r = sample();
        ResultsIO.write(file, r);
        assertThat(ResultsIO.read(file)).isEqualTo(r);
        assertThat(dir.toFile().list()).containsExactly("results.json");   // no temporary file left behind
    }

    @Test
    void unknownFieldsAreIgnoredAndWrongSchemaIsRefused() throws IOException {
        Path file = dir.resolve("r.json");
        String json = ResultsIO.toJson(sample()).replaceFirst("\\{", "{\"futureField\":[1,2],");
        Files.writeString(file, json);
        assertThat(ResultsIO.read(file).runs()).hasSize(1);
        Files.writeString(file, json.replace(Results.SCHEMA, "pushbench/results/v3"));
        assertThatThrownBy(() -> ResultsIO.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("has schema pushbench/results/v3, expected pushbench/results/v2 (or "
                        + "pushbench/results/v1)");
        Files.writeString(file, json.replace(Results.SCHEMA, Results.SCHEMA_V1));
        assertThat(ResultsIO.read(file).schema()).isEqualTo(Results.SCHEMA_V1);   // v1 files are still read
        Files.writeString(file, "{nope");
        assertThatThrownBy(() -> ResultsIO.read(file)).isInstanceOf(IOException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ResultsIO.read(dir.resolve("missing.json"))).hasMessageStartingWith("no results file");
    }

    @Test
    void figuresAddedWithinV1ReadAsUnknownFromOlderFiles() throws IOException {
        Path file = dir.resolve("old.json");
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                ResultsIO.mapper().readTree(ResultsIO.toJson(sample()));
        for (String figures : List.of("loadgen", "server")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("runs").path(0).path(figures)).remove(List.of(
                    "busiestThread", "busiestThreadCpuCores", "pinnedCpus", "pinnedCpuUtilization",
                    "publisherLateMessagesSteady", "publisherLagMaxSteadyUs"));
        }
        String json = root.toString();
        Files.writeString(file, json);
        RunResult run = ResultsIO.read(file).runs().get(0);
        assertThat(run.loadgen().busiestThreadCpuCores()).isEqualTo(-1.0);
        assertThat(run.loadgen().pinnedCpuUtilization()).isEqualTo(-1.0);
        assertThat(run.loadgen().busiestThread()).isNull();
        assertThat(run.server().publisherLateMessagesSteady()).isEqualTo(-1L);
        assertThat(run.server().publisherLagMaxSteadyUs()).isEqualTo(-1.0);
        assertThat(run.server().busiestThreadCpuCores()).isEqualTo(-1.0);
        assertThat(run.server().cpuNsPerMessage()).isEqualTo(40_000);
    }

    @Test
    void aFileWithoutSteadyMessagesReadsAsZeroSteadyCounts() throws IOException {
        Path file = dir.resolve("old.json");
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) ResultsIO.mapper().readTree(ResultsIO.toJson(sample()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("runs").get(0)).remove("steadyMessages");
        Files.writeString(file, root.toString());
        RunResult run = ResultsIO.read(file).runs().get(0);
        assertThat(run.steadyMessages()).isEqualTo(MessageCounts.ZERO);
        assertThat(run.messages().expected()).isEqualTo(200);
    }

    @Test
    void identityFieldsAreWrittenAsTheirKeysAndUnknownKeysAreOneLineErrors() throws IOException {
        String json = ResultsIO.toJson(sample());
        assertThat(json).contains("\"transport\" : \"sse\"", "\"protocol\" : \"h1\"", "\"driver\" : \"gatling\"",
                "\"variant\" : \"default\"");
        Path file = dir.resolve("bad.json");
        for (String[] bad : List.of(
                new String[] {"\"transport\" : \"sse\"", "\"transport\" : \"grpc\"", "unknown transport \"grpc\" (known: sse, ws)"},
                new String[] {"\"protocol\" : \"h1\"", "\"protocol\" : \"h3\"", "unknown protocol \"h3\" (known: h1, h2c)"},
                new String[] {"\"driver\" : \"gatling\"", "\"driver\" : \"k6\"", "unknown driver \"k6\" (known: gatling, jetty, browser, in-memory)"},
                new String[] {"\"variant\" : \"default\"", "\"variant\" : \"a b\"", "variant name must be"},
                new String[] {"\"transport\" : \"sse\"", "\"transport\" : 3", "Transport"})) {
            Files.writeString(file, json.replace(bad[0], bad[1]));
            assertThatThrownBy(() -> ResultsIO.read(file)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(file + " ")
                    .hasMessageContaining(bad[2])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void absentProtocolDriverAndVariantReadAsTheDefaults() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) ResultsIO.mapper().readTree(ResultsIO.toJson(sample()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("runs").get(0)).remove(
                List.of("protocol", "driver", "variant"));
        Path file = dir.resolve("old.json");
        Files.writeString(file, root.toString());
        RunResult run = ResultsIO.read(file).runs().get(0);
        assertThat(run.transport()).isEqualTo(Transport.SSE);
        assertThat(run.protocol()).isEqualTo(Protocol.H1);
        assertThat(run.driver()).isEqualTo(Driver.GATLING);
        assertThat(run.variant()).isEqualTo(Variant.PLAIN);
    }

    @Test
    void variantNamesAreValidatedAndPlainIsTheDefault() {
        assertThat(Variant.of("plain")).isSameAs(Variant.PLAIN);
        assertThat(Variant.of("permessage-deflate").isPlain()).isFalse();
        assertThatThrownBy(() -> Variant.of("../x"))
                .hasMessage("variant name must be 1-40 characters of [A-Za-z0-9._-], was \"../x\"");
        assertThat(Driver.parse(" Gatling ")).isEqualTo(Driver.GATLING);
        assertThatThrownBy(() -> Driver.parse("jmeter")).hasMessage("unknown driver \"jmeter\" (known: gatling, jetty, browser, in-memory)");
    }

    @Test
    void accountingInvariantIsEnforced() {
        assertThatThrownBy(() -> new MessageCounts(10, 8, 1, 0, 0, 0, 0))
                .hasMessage("expected must equal delivered + lost, was 10 != 8 + 1");
    }
}
