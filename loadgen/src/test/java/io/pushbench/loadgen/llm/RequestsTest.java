package io.pushbench.loadgen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request k is the same work whatever sends it: sources, and the bodies of both transports. */
class RequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void syntheticRequestKDependsOnKAlone() {
        RequestSource s = RequestSource.synthetic("normal:64,16,8,128", "uniform:10,200", 7);
        LlmRequest r5 = s.request(5);
        s.request(9);
        assertThat(s.request(5)).isEqualTo(r5);
        assertThat(RequestSource.synthetic("normal:64,16,8,128", "uniform:10,200", 7).request(5)).isEqualTo(r5);
        assertThat(r5.prompt().split(" ")).hasSize(r5.promptWords());
        assertThat(r5.promptWords()).isBetween(8, 128);
        assertThat(r5.maxTokens()).isBetween(10, 200);
        assertThat(RequestSource.synthetic("normal:64,16,8,128", "uniform:10,200", 8).request(5)).isNotEqualTo(r5);
        assertThat(RequestSource.synthetic("const:3", "const:5", 1).request(0).promptWords()).isEqualTo(3);
    }

    @Test
    void bothTransportsAskForTheSameWork() throws Exception {
        RequestBodies b = new RequestBodies("m");
        ObjectNode fault = JSON.createObjectNode().put("fault", "no_done");
        LlmRequest r = new LlmRequest(4, "hi there", 2, 32, fault);
        JsonNode sse = JSON.readTree(b.responses(r));
        JsonNode ws = JSON.readTree(b.responseCreate(r));
        assertThat(ws.get("type").asText()).isEqualTo("response.create");
        ((ObjectNode) ws).remove("type");
        ((ObjectNode) sse).remove("stream");
        assertThat(ws).isEqualTo(sse);
        assertThat(sse.toString()).isEqualTo("{\"model\":\"m\",\"input\":\"hi there\",\"max_output_tokens\":32,"
                + "\"ignore_eos\":true,\"seed\":4,\"pushbench\":{\"fault\":\"no_done\"}}");
        JsonNode chat = JSON.readTree(new RequestBodies("m", false).chat(r));
        assertThat(chat.toString()).isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi there\"}],\"max_tokens\":32,\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"seed\":4,\"pushbench\":{\"fault\":\"no_done\"}}");
        assertThat(b.responseResume("resp_1", 17)).isEqualTo(
                "{\"type\":\"response.resume\",\"response_id\":\"resp_1\",\"starting_after\":17}");
    }

    @Test
    void promptsFileIsCycledAndItsErrorsNameTheLine() throws Exception {
        Path f = dir.resolve("p.jsonl");
        Files.writeString(f, "{\"prompt\":\"one two\",\"max_tokens\":8}\n\n"
                + "{\"prompt\":\"three\",\"max_tokens\":4,\"pushbench\":{\"fault\":\"malformed\"}}\n");
        RequestSource s = RequestSource.file(f);
        assertThat(s.request(0).maxTokens()).isEqualTo(8);
        assertThat(s.request(0).promptWords()).isEqualTo(2);
        assertThat(s.request(3).prompt()).isEqualTo("three");
        assertThat(s.request(3).id()).isEqualTo(3);
        assertThat(s.request(3).extension().get("fault").asText()).isEqualTo("malformed");
        Files.writeString(f, "{\"prompt\":\"x\",\"max_tokens\":1}\n{\"prompt\":\"y\"}\n");
        assertThatThrownBy(() -> RequestSource.file(f)).hasMessage("--prompts " + f
                + " line 2: expected {\"prompt\": TEXT, \"max_tokens\": N >= 1}");
        Files.writeString(f, "{oops\n");
        assertThatThrownBy(() -> RequestSource.file(f)).hasMessageStartingWith("--prompts " + f + " line 1: not JSON");
        assertThatThrownBy(() -> RequestSource.file(dir.resolve("none"))).hasMessageContaining("cannot read it");
    }
}
