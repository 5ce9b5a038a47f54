package io.pushbench.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.wire.llm.Fault;
import io.pushbench.wire.llm.LlmContract.Api;
import org.junit.jupiter.api.Test;

import static io.pushbench.server.llm.LlmClients.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRequestTest {
    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void promptTokensAreWordsOverEveryMessageAndPart() throws Exception {
        ModelRequest chat = ModelRequest.parse(json("{\"stream\":true,\"max_tokens\":9,\"seed\":4,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"system\",\"content\":\"be  brief\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"one two\\nthree\"},{\"type\":\"image_url\"}]}]}"),
                Api.CHAT);
        assertThat(chat).isEqualTo(new ModelRequest(Api.CHAT, true, 5, 9, false, 4L, true, null, 0));
        ModelRequest responses = ModelRequest.parse(json("{\"input\":[{\"role\":\"user\",\"content\":\"a b c\"}],"
                + "\"max_output_tokens\":3,\"ignore_eos\":true,\"pushbench\":{\"fault\":\"no_done\"}}"), Api.RESPONSES);
        assertThat(responses).isEqualTo(new ModelRequest(Api.RESPONSES, false, 3, 3, true, null, false, Fault.NO_DONE,
                Integer.MAX_VALUE));
        assertThat(ModelRequest.parse(json("{\"input\":\"x\",\"pushbench\":{\"fault\":\"close_early\",\"at\":0}}"),
                Api.RESPONSES).faultAt()).isZero();
        assertThat(ModelRequest.words("  \t ")).isZero();
    }

    @Test
    void badFieldsAreOneLineReasons() throws Exception {
        assertThatThrownBy(() -> ModelRequest.parse(json("{\"messages\":[]}"), Api.CHAT))
                .hasMessage("messages must be a non-empty array");
        assertThatThrownBy(() -> ModelRequest.parse(json("{\"input\":3}"), Api.RESPONSES))
                .hasMessage("input must be a string or an array of messages");
        assertThatThrownBy(() -> ModelRequest.parse(json("{\"input\":\"x\",\"ignore_eos\":true}"), Api.RESPONSES))
                .hasMessage("ignore_eos needs max_output_tokens");
        assertThatThrownBy(() -> ModelRequest.parse(json("{\"input\":\"x\",\"stream\":\"yes\"}"), Api.RESPONSES))
                .hasMessage("stream must be true or false");
        assertThatThrownBy(() -> ModelRequest.parse(json("{\"input\":\"x\",\"seed\":1.5}"), Api.RESPONSES))
                .hasMessage("seed must be an integer");
        assertThatThrownBy(() -> ModelRequest.parse(json("{\"input\":\"x\",\"pushbench\":{\"fault\":\"explode\"}}"),
                Api.RESPONSES)).hasMessage("unknown fault \"explode\" (known: malformed, http_error, error_event, no_done, close_early)");
        assertThatThrownBy(() -> ModelRequest.parse(json("{\"input\":\"x\",\"pushbench\":{\"fault\":\"malformed\",\"at\":-1}}"),
                Api.RESPONSES)).hasMessage("pushbench.at must be an integer >= 0");
    }
}
