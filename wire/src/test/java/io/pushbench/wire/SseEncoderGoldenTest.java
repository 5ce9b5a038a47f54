package io.pushbench.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden byte vectors: {@link SseEncoder}, {@link FeedJson} and {@link EncodedMessage} emit exactly the
 * {@code text/event-stream} bytes of the feed contract (WHATWG HTML §9.2 "Server-sent events").
 */
class SseEncoderGoldenTest {

    @Test
    void feedEventWithId() {
        assertThat(SseEncoder.event(42, utf8("{\"seq\":42}"))).isEqualTo(utf8("id: 42\ndata: {\"seq\":42}\n\n"));
        assertThat(SseEncoder.event(0, utf8("x"))).isEqualTo(utf8("id: 0\ndata: x\n\n"));
        assertThat(SseEncoder.event(Long.MAX_VALUE, utf8("x")))
                .isEqualTo(utf8("id: 9223372036854775807\ndata: x\n\n"));
    }

    @Test
    void eventWithoutIdAndWithAName() {
        assertThat(SseEncoder.event(-1, null, utf8("x"))).isEqualTo(utf8("data: x\n\n"));
        assertThat(SseEncoder.event(5, FeedContract.LOST_EVENT, FeedContract.lostSignalJson(3, 4)))
                .isEqualTo(utf8("id: 5\nevent: lost\ndata: {\"event\":\"lost\",\"from\":3,\"to\":4}\n\n"));
        assertThat(SseEncoder.event(-1, "lost", utf8("{}"))).isEqualTo(utf8("event: lost\ndata: {}\n\n"));
        assertThat(SseEncoder.event(-1, FeedContract.SUBSCRIBED_EVENT, FeedContract.subscribedJson(43)))
                .isEqualTo(utf8("event: subscribed\ndata: {\"event\":\"subscribed\",\"next\":43}\n\n"));
    }

    @Test
    void subscribedMarkerNeedsAPositiveNextSeq() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeedContract.subscribedJson(0))
                .hasMessage("next seq must be >= 1, was 0");
    }

    @Test
    void multiLineDataBecomesOneDataLinePerLineWhateverTheLineBreak() {
        assertThat(SseEncoder.event(7, null, utf8("a\nb\r\nc\rd")))
                .isEqualTo(utf8("id: 7\ndata: a\ndata: b\ndata: c\ndata: d\n\n"));
        // a trailing line break is an empty last line, so the receiver gets "a\n" back
        assertThat(SseEncoder.event(-1, null, utf8("a\n"))).isEqualTo(utf8("data: a\ndata: \n\n"));
        assertThat(SseEncoder.event(1, utf8(""))).isEqualTo(utf8("id: 1\ndata: \n\n"));
    }

    @Test
    void multiByteUtf8PassesThroughUntouched() {
        byte[] data = utf8("{\"t\":\"Привет € 😀\"}");
        byte[] event = SseEncoder.event(9, data);
        assertThat(event).isEqualTo(utf8("id: 9\ndata: {\"t\":\"Привет € 😀\"}\n\n"));
        List<String> got = new ArrayList<>();
        SseParser p = new SseParser((id, name, d) -> got.add(d));
        for (byte b : event) { // split inside every multi-byte sequence
            p.feed(ByteBuffer.wrap(new byte[]{b}));
        }
        assertThat(got).containsExactly("{\"t\":\"Привет € 😀\"}");
    }

    @Test
    void retryAndHeartbeatComment() {
        assertThat(SseEncoder.retry(1000)).isEqualTo(utf8("retry: 1000\n\n"));
        assertThat(SseEncoder.comment("hb")).isEqualTo(utf8(": hb\n\n"));
        assertThatThrownBy(() -> SseEncoder.retry(-1)).hasMessage("retry must be >= 0 ms, was -1");
        assertThatThrownBy(() -> SseEncoder.comment("a\nb")).hasMessage("comment must not contain line breaks");
        assertThatThrownBy(() -> SseEncoder.event(1, "a\nb", utf8("x")))
                .hasMessage("event name must not contain line breaks");
    }

    @Test
    void feedJsonIsExactlyTheContractLayoutAndSize() {
        FeedMessage m = new FeedMessage(1000, 1_795_538_562_219_385L, 3_600_123_456_789L);
        assertThat(new String(FeedJson.encode(m, 64), StandardCharsets.US_ASCII))
                .isEqualTo("{\"seq\":1000,\"ts\":1795538562219385,\"mono\":3600123456789,\"pad\":\"\"}");
        assertThat(new String(FeedJson.encode(m, 70), StandardCharsets.US_ASCII))
                .isEqualTo("{\"seq\":1000,\"ts\":1795538562219385,\"mono\":3600123456789,\"pad\":\"xxxxxx\"}");
        assertThat(FeedJson.minimumSize(m)).isEqualTo(64);
        assertThat(FeedJson.encode(m, 4096)).hasSize(4096);
        assertThatThrownBy(() -> FeedJson.encode(m, -1)).hasMessage("payloadSize must be >= 0, was -1");
    }

    @Test
    void encodedMessageSharesOneEncodingBetweenBothTransports() {
        FeedMessage m = new FeedMessage(12, 34, 56);
        EncodedMessage e = EncodedMessage.of(m, 48);
        String json = "{\"seq\":12,\"ts\":34,\"mono\":56,\"pad\":\"xxxxxxxxxxx\"}";
        assertThat(e.json()).isEqualTo(utf8(json));
        assertThat(e.sse()).isEqualTo(utf8("id: 12\ndata: " + json + "\n\n"));
        ByteBuffer ws = e.wsPayload();
        assertThat(ws.isReadOnly()).isTrue();
        byte[] wsBytes = new byte[ws.remaining()];
        ws.get(wsBytes);
        assertThat(wsBytes).isEqualTo(e.json());
        assertThat(e.ssePayload().isReadOnly()).isTrue();
        assertThat(e.ssePayload().remaining()).isEqualTo(e.sse().length);
        // the WebSocket frame a connection receives: 2-byte header + the same JSON
        assertThat(WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, e.json()))
                .startsWith(0x81, 48).endsWith(e.json());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
