package io.pushbench.analysis.llm;

import io.pushbench.analysis.results.Environment;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pushbench.analysis.llm.Timelines.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The LLM results file: written atomically, read back equal, schema checked, unknown fields ignored; the summary. */
class LlmResultsIOTest {
    @TempDir
    Path dir;

    static final Environment ENV = new Environment("AMD EPYC", 2, "Debian GNU/Linux 12", "6.1.0", "25+36",
            "Eclipse Adoptium", List.of(), "12.1.14", null, "0123abc", "host", Map.of());

    /** A step whose every request has TTFT {@code ttftMs} and 10 ms gaps. */
    static LlmStepResult step(Transport t, LlmContract.Api api, double load, int repeat, double ttftMs,
                              boolean valid) {
        LlmStepAggregator agg = new LlmStepAggregator(new LlmStepId(t, Protocol.H1, api, LoadMode.RATE, load, repeat),
                new Slo(200.0, null, null, null));
        for (int i = 0; i < 20; i++) {
            RequestTimeline r = Timelines.oneTokenChunks(i, i * 100, ttftMs, ttftMs + 10, ttftMs + 20);
            r.usage(10, 3);
            agg.add(r);
        }
        StepContext ctx = StepContext.of(new StepWindow("2026-11-30T14:00:00Z", 1, 2, 1));
        return agg.result(valid ? ctx : ctx.withInvalid("client saturated"));
    }

    static LlmResults sample() {
        List<LlmStepResult> steps = new ArrayList<>();
        steps.add(step(Transport.SSE, LlmContract.Api.RESPONSES, 4, 1, 100, true));
        steps.add(step(Transport.WS, LlmContract.Api.RESPONSES, 4, 1, 90, true));
        steps.add(step(Transport.SSE, LlmContract.Api.RESPONSES, 4, 2, 120, true));
        steps.add(step(Transport.WS, LlmContract.Api.RESPONSES, 4, 2, 300, false));
        steps.add(step(Transport.SSE, LlmContract.Api.CHAT, 4, 1, 100, true));
        return LlmResults.of(true, Map.of("rate", "4"), ENV, Map.of(), Map.of("name", "pushbench-sim"), steps);
    }

    @Test
    void readsBackEqual() throws IOException {
        Path file = dir.resolve(LlmResults.FILE_NAME);
        LlmResults r = sample();
        LlmResultsIO.write(file, r);
        assertThat(LlmResultsIO.read(file)).isEqualTo(r);
        assertThat(LlmResultsIO.present(dir)).isTrue();
        assertThat(dir.toFile().list()).containsExactly(LlmResults.FILE_NAME);
        String json = Files.readString(file);
        assertThat(json).contains("\"schema\" : \"pushbench/llm-results/v1\"", "\"transport\" : \"sse\"",
                "\"api\" : \"responses\"", "\"loadMode\" : \"rate\"", "\"name\" : \"sse-h1-responses-rate4-r1\"",
                "\"tokenSource\" : \"usage\"", "\"hdr\" : \"");
    }

    /**
     * The writer against a golden file: field names, order and units are a contract with the reports and any reader
     * of the file. The histograms' bytes depend on the platform's zlib, so they are compared decoded (the round trip
     * above) and elided here. Regenerate only for an additive change (-Dpushbench.golden.update=true) and review.
     */
    @Test
    void writerMatchesGoldenFile() throws IOException {
        Path file = dir.resolve(LlmResults.FILE_NAME);
        LlmResultsIO.write(file, sample());
        String actual = Files.readString(file).replace("\r\n", "\n")
                .replaceAll("\"hdr\" : \"[A-Za-z0-9+/=]+\"", "\"hdr\" : \"(elided)\"");
        Path golden = Path.of("src/test/resources/golden/llm-results-v1.json");
        if (Boolean.getBoolean("pushbench.golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual);
        }
        assertThat(golden).as("golden file %s (regenerate with -Dpushbench.golden.update=true and review)", golden)
                .exists();
        assertThat(actual).isEqualTo(Files.readString(golden).replace("\r\n", "\n"));
    }

    @Test
    void checksTheSchemaAndIgnoresUnknownFields() throws IOException {
        Path file = dir.resolve(LlmResults.FILE_NAME);
        LlmResultsIO.write(file, sample());
        String json = Files.readString(file);
        Files.writeString(file, json.replaceFirst("\\{", "{ \"addedInV1_7\" : [1, 2],"));
        assertThat(LlmResultsIO.read(file).steps()).hasSize(5);

        Files.writeString(file, json.replace("pushbench/llm-results/v1", "pushbench/llm-results/v9"));
        assertThatThrownBy(() -> LlmResultsIO.read(file)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("has schema pushbench/llm-results/v9, expected pushbench/llm-results/v1");
        Files.writeString(file, json.replace("\"api\" : \"responses\"", "\"api\" : \"completions\""));
        assertThatThrownBy(() -> LlmResultsIO.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("unknown api \"completions\" (known: chat, responses)");
        assertThatThrownBy(() -> LlmResultsIO.read(dir.resolve("none.json")))
                .hasMessageStartingWith("no LLM results file at");
    }

    @Test
    void summaryPairsTransportsPerLoadOverValidRepeats() {
        LlmResults r = sample();
        assertThat(r.valid()).isFalse();
        assertThat(r.invalidReasons()).containsExactly("ws-h1-responses-rate4-r2: client saturated");

        List<LlmSummary.LoadRow> rows = r.summary().loads();
        assertThat(rows).extracting(LlmSummary.LoadRow::api)
                .containsExactly(LlmContract.Api.CHAT, LlmContract.Api.RESPONSES);
        LlmSummary.LoadRow chat = rows.get(0);
        assertThat(chat.wsRepeats()).isZero();
        assertThat(chat.wsUs().ttftP50()).isNull();
        assertThat(chat.wsOverSse().ttftP50()).isNull();

        LlmSummary.LoadRow responses = rows.get(1);
        assertThat(responses.sseRepeats()).isEqualTo(2);
        assertThat(responses.sseValid()).isEqualTo(2);
        assertThat(responses.wsRepeats()).isEqualTo(2);
        assertThat(responses.wsValid()).isEqualTo(1);
        // SSE: median of ~100 and ~120 ms; WS: the valid repeat's ~90 ms only
        assertThat(responses.sseUs().ttftP50()).isCloseTo(110_000, within(150.0));
        assertThat(responses.wsUs().ttftP50()).isCloseTo(90_000, within(100.0));
        assertThat(responses.wsOverSse().ttftP50()).isCloseTo(90.0 / 110, within(0.002));
        assertThat(responses.wsOverSse().itlPerTokenP50()).isCloseTo(1.0, within(0.002));
    }
}
