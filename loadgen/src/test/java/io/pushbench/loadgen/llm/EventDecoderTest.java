package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.wire.llm.LlmContract.Api;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventDecoderTest {
    private final EventDecoder responses = new EventDecoder(Api.RESPONSES);
    private final EventDecoder chat = new EventDecoder(Api.CHAT);

    @Test
    void responsesEvents() throws Exception {
        EventDecoder.Event e = responses.decode("{\"type\":\"response.created\",\"sequence_number\":0,"
                + "\"response\":{\"id\":\"resp_7\",\"status\":\"in_progress\",\"output\":[]},"
                + "\"pushbench\":{\"i\":0,\"emit_ns\":5,\"tokens\":0}}");
        assertThat(e.kind).isEqualTo(EventDecoder.Kind.CREATED);
        assertThat(e.responseId).isEqualTo("resp_7");
        assertThat(e.resumePoint()).isZero();

        e = responses.decode("{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":\" two words\",\"sequence_number\":4,"
                + "\"pushbench\":{\"i\":4,\"emit_ns\":123456789012,\"tokens\":2}}");
        assertThat(e.kind).isEqualTo(EventDecoder.Kind.DELTA);
        assertThat(e.content).isTrue();
        assertThat(e.tokens).isEqualTo(2);
        assertThat(e.emitNs).isEqualTo(123456789012L);
        assertThat(e.resumePoint()).isEqualTo(4);

        e = responses.decode("{\"type\":\"response.output_text.delta\",\"delta\":\"\"}");
        assertThat(e.content).isFalse();
        assertThat(e.tokens).isEqualTo(RequestTimeline.TOKENS_UNKNOWN);
        assertThat(e.emitNs).isEqualTo(RequestTimeline.NO_EMIT);
        assertThat(e.resumePoint()).isEqualTo(-1);

        e = responses.decode("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_7\",\"usage\":"
                + "{\"input_tokens\":12,\"output_tokens\":128,\"total_tokens\":140}}}");
        assertThat(e.kind).isEqualTo(EventDecoder.Kind.COMPLETED);
        assertThat(e.usage).isTrue();
        assertThat(e.promptTokens).isEqualTo(12);
        assertThat(e.completionTokens).isEqualTo(128);

        e = responses.decode("{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"injected fault\"}");
        assertThat(e.kind).isEqualTo(EventDecoder.Kind.ERROR);
        assertThat(e.error).isEqualTo("injected fault");

        e = responses.decode("{\"type\":\"response.in_progress\",\"response\":{\"id\":\"resp_7\"}}");
        assertThat(e.kind).isEqualTo(EventDecoder.Kind.OTHER);
    }

    @Test
    void chatEvents() throws Exception {
        EventDecoder.Event e = chat.decode("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        assertThat(e.kind).isEqualTo(EventDecoder.Kind.DELTA);
        assertThat(e.content).isFalse();

        e = chat.decode("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"hi\"}}],"
                + "\"pushbench\":{\"i\":1,\"emit_ns\":9,\"tokens\":1}}");
        assertThat(e.content).isTrue();
        assertThat(e.tokens).isEqualTo(1);

        e = chat.decode("{\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":7}}");
        assertThat(e.kind).isEqualTo(EventDecoder.Kind.OTHER);
        assertThat(e.completionTokens).isEqualTo(7);

        assertThat(chat.decode("[DONE]").kind).isEqualTo(EventDecoder.Kind.DONE);
        e = chat.decode("{\"error\":{\"message\":\"overloaded\",\"code\":503}}");
        assertThat(e.kind).isEqualTo(EventDecoder.Kind.ERROR);
        assertThat(e.error).isEqualTo("503: overloaded");
    }

    @Test
    void malformedEventsSayWhy() {
        assertThatThrownBy(() -> responses.decode("{\"type\":\"response.output_text.delta\",\"delta\":"))
                .isInstanceOf(EventDecoder.MalformedEvent.class).hasMessageStartingWith("event is not valid JSON");
        assertThatThrownBy(() -> responses.decode("[1,2]")).hasMessageStartingWith("event is not a JSON object");
        assertThatThrownBy(() -> responses.decode("{\"delta\":\"x\"}"))
                .hasMessageStartingWith("Responses event without a \"type\"");
        assertThatThrownBy(() -> chat.decode("{\"object\":\"x\"}"))
                .hasMessageStartingWith("chat chunk without choices");
        assertThatThrownBy(() -> responses.decode("[DONE]")).isInstanceOf(EventDecoder.MalformedEvent.class);
        assertThatThrownBy(() -> chat.decode("{\"choices\":[]} x")).isInstanceOf(EventDecoder.MalformedEvent.class);
    }
}
