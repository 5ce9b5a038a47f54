package io.pushbench.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireRoundTripTest {

    @Test
    void jsonIsPaddedToThePayloadSizeAndFieldsReadBack() {
        FeedMessage m = new FeedMessage(42, 1_795_538_562_219_385L, 2_315_351_941_071L);
        byte[] json = FeedJson.encode(m, 256);
        String text = new String(json, StandardCharsets.US_ASCII);
        assertThat(json).hasSize(256);
        assertThat(text).startsWith("{\"seq\":42,\"ts\":1795538562219385,\"mono\":2315351941071,\"pad\":\"x").endsWith("x\"}");
        assertThat(FeedJson.longField(text, FeedJson.SEQ)).isEqualTo(42);
        assertThat(FeedJson.longField(ByteBuffer.wrap(json), FeedJson.MONO)).isEqualTo(2_315_351_941_071L);
        assertThat(FeedJson.longField("{\"ts\": 7, \"seq\":3}", FeedJson.TS)).isEqualTo(7);
        assertThat(FeedJson.longField("{}", FeedJson.SEQ)).isEqualTo(-1);
    }

    @Test
    void smallPayloadGivesTheMinimalMessage() {
        FeedMessage m = new FeedMessage(1, 2, 3);
        assertThat(new String(FeedJson.encode(m, 0), StandardCharsets.US_ASCII))
                .isEqualTo("{\"seq\":1,\"ts\":2,\"mono\":3,\"pad\":\"\"}");
    }

    @Test
    void sseEventsParseBackAcrossArbitrarySplits() {
        byte[] stream = concat(SseEncoder.retry(500), SseEncoder.comment("hb"),
                SseEncoder.event(1, "{\"seq\":1}".getBytes(StandardCharsets.UTF_8)),
                SseEncoder.event(2, "lost", "a\nb\r\nc".getBytes(StandardCharsets.UTF_8)));
        for (int split = 1; split < stream.length; split++) {
            List<String> events = new ArrayList<>();
            SseParser p = new SseParser((id, event, data) -> events.add(id + "|" + event + "|" + data));
            p.feed(stream, 0, split);
            p.feed(stream, split, stream.length - split);
            assertThat(events).containsExactly("1|message|{\"seq\":1}", "2|lost|a\nb\nc");
        }
        assertThat(new String(SseEncoder.event(7, "{}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("id: 7\ndata: {}\n\n");
    }

    @Test
    void webSocketFramesParseBack() {
        byte[] payload = new byte[300];
        java.util.Arrays.fill(payload, (byte) 'z');
        byte[] server = WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, payload);
        byte[] client = WebSocketFrames.clientFrame(WebSocketFrames.OP_TEXT, payload, 0x01020304);
        assertThat(server[0] & 0xFF).isEqualTo(0x81);
        assertThat(server[1] & 0xFF).isEqualTo(126);
        assertThat(client[1] & 0x80).isEqualTo(0x80);
        for (byte[] frame : List.of(server, client)) {
            List<byte[]> got = new ArrayList<>();
            WebSocketFrameParser p = new WebSocketFrameParser(1024, (fin, op, buf) -> {
                byte[] b = new byte[buf.remaining()];
                buf.get(b);
                got.add(b);
            });
            for (byte b : frame) {
                p.feed(ByteBuffer.wrap(new byte[]{b}));
            }
            assertThat(got).hasSize(1);
            assertThat(got.get(0)).isEqualTo(payload);
        }
        WebSocketFrameParser small = new WebSocketFrameParser(10, (fin, op, buf) -> { });
        assertThatThrownBy(() -> small.feed(ByteBuffer.wrap(server))).hasMessageContaining("exceeds the limit");
    }

    @Test
    void aClientsParserRejectsMaskedFramesAndReusesItsPayloadBuffer() {
        byte[] payload = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        WebSocketFrameParser client = WebSocketFrameParser.ofServerFrames(1024, (fin, op, buf) -> { });
        assertThatThrownBy(() -> client.feed(ByteBuffer.wrap(
                WebSocketFrames.clientFrame(WebSocketFrames.OP_TEXT, payload, 0x01020304))))
                .hasMessageContaining("masked frame from the server");
        // frames of shrinking then growing sizes, one buffer: each payload exactly its own bytes
        List<String> got = new ArrayList<>();
        WebSocketFrameParser p = WebSocketFrameParser.ofServerFrames(1024, (fin, op, buf) -> {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            got.add(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
        });
        for (String s : List.of("x".repeat(300), "ab", "", "y".repeat(130), "z".repeat(700))) {
            p.feed(ByteBuffer.wrap(WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT,
                    s.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        }
        assertThat(got).containsExactly("x".repeat(300), "ab", "", "y".repeat(130), "z".repeat(700));
    }

    @Test
    void eventIdsAreValidated() {
        assertThat(FeedContract.parseEventId(null)).isZero();
        assertThat(FeedContract.parseEventId(" 12 ")).isEqualTo(12);
        assertThatThrownBy(() -> FeedContract.parseEventId("-1")).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> FeedContract.parseEventId("1".repeat(40))).hasMessageContaining("longer than");
        assertThatThrownBy(() -> FeedContract.parseEventId("9999999999999999999")).hasMessageContaining("range");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
