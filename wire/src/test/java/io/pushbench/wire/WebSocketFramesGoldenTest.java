package io.pushbench.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden byte vectors: {@link WebSocketFrames} emits exactly the RFC 6455 frames, starting with the examples of
 * RFC 6455 §5.7, and {@link WebSocketFrameParser} reads them back.
 */
class WebSocketFramesGoldenTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    /** The mask key of the RFC 6455 §5.7 examples, 37 fa 21 3d. */
    private static final int RFC_MASK = 0x37fa213d;

    @Test
    void rfc6455Section5_7SingleFrameUnmaskedText() {
        assertThat(WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, HELLO))
                .isEqualTo(hex("81 05 48 65 6c 6c 6f"));
    }

    @Test
    void rfc6455Section5_7SingleFrameMaskedText() {
        assertThat(WebSocketFrames.clientFrame(WebSocketFrames.OP_TEXT, HELLO, RFC_MASK))
                .isEqualTo(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
    }

    @Test
    void rfc6455Section5_7UnmaskedPingAndMaskedPong() {
        assertThat(WebSocketFrames.serverFrame(WebSocketFrames.OP_PING, HELLO)).isEqualTo(hex("89 05 48 65 6c 6c 6f"));
        assertThat(WebSocketFrames.clientFrame(WebSocketFrames.OP_PONG, HELLO, RFC_MASK))
                .isEqualTo(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
    }

    @Test
    void rfc6455Section5_7TwoHundredFiftySixBytesInA16BitLength() {
        byte[] payload = counting(256);
        byte[] frame = WebSocketFrames.serverFrame(WebSocketFrames.OP_BINARY, payload);
        assertThat(Arrays.copyOf(frame, 4)).isEqualTo(hex("82 7e 01 00"));
        assertThat(Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(payload);
        assertThat(frame).hasSize(4 + 256);
    }

    @Test
    void rfc6455Section5_7SixtyFourKibInA64BitLength() {
        byte[] payload = counting(65536);
        byte[] frame = WebSocketFrames.serverFrame(WebSocketFrames.OP_BINARY, payload);
        assertThat(Arrays.copyOf(frame, 10)).isEqualTo(hex("82 7f 00 00 00 00 00 01 00 00"));
        assertThat(Arrays.copyOfRange(frame, 10, frame.length)).isEqualTo(payload);
    }

    @Test
    void lengthEncodingSwitchesAtTheRfcBoundaries() {
        // 7-bit up to 125, 16-bit from 126 to 65535, 64-bit (most significant bit 0) from 65536
        assertThat(header(0)).isEqualTo(hex("81 00"));
        assertThat(header(125)).isEqualTo(hex("81 7d"));
        assertThat(header(126)).isEqualTo(hex("81 7e 00 7e"));
        assertThat(header(65535)).isEqualTo(hex("81 7e ff ff"));
        assertThat(header(65536)).isEqualTo(hex("81 7f 00 00 00 00 00 01 00 00"));
        assertThat(header(Integer.MAX_VALUE + 1L)).isEqualTo(hex("81 7f 00 00 00 00 80 00 00 00"));
        assertThat(WebSocketFrames.headerLength(125)).isEqualTo(2);
        assertThat(WebSocketFrames.headerLength(126)).isEqualTo(4);
        assertThat(WebSocketFrames.headerLength(65535)).isEqualTo(4);
        assertThat(WebSocketFrames.headerLength(65536)).isEqualTo(10);
    }

    @Test
    void theServerHeaderAloneIsTheStartOfTheFullFrame() {
        // "encode once, fan out": header per connection + the shared payload = the same bytes as a full frame
        for (int len : new int[]{0, 64, 125, 126, 256, 4096, 65535, 65536}) {
            byte[] payload = counting(len);
            ByteBuffer h = ByteBuffer.allocate(14);
            WebSocketFrames.serverHeader(h, WebSocketFrames.OP_TEXT, len);
            h.flip();
            byte[] joined = new byte[h.remaining() + len];
            h.get(joined, 0, h.remaining());
            System.arraycopy(payload, 0, joined, joined.length - len, len);
            assertThat(joined).as("len %d", len).isEqualTo(WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, payload));
        }
    }

    @Test
    void maskedFramesOfEveryLengthClassCarryTheKeyAndMaskEveryByte() {
        for (int len : new int[]{1, 125, 126, 256, 65536}) {
            byte[] payload = counting(len);
            byte[] frame = WebSocketFrames.clientFrame(WebSocketFrames.OP_BINARY, payload, RFC_MASK);
            int h = WebSocketFrames.headerLength(len);
            assertThat(frame[1] & 0x80).as("mask bit").isEqualTo(0x80);
            assertThat(Arrays.copyOfRange(frame, h, h + 4)).isEqualTo(hex("37 fa 21 3d"));
            byte[] key = hex("37 fa 21 3d");
            for (int i = 0; i < len; i++) {
                assertThat((byte) (frame[h + 4 + i] ^ key[i & 3])).isEqualTo(payload[i]);
            }
        }
        assertThat(Arrays.copyOf(WebSocketFrames.clientFrame(WebSocketFrames.OP_BINARY, counting(256), RFC_MASK), 4))
                .isEqualTo(hex("82 fe 01 00"));
    }

    @Test
    void theParserReadsTheRfcExamplesIncludingAFragmentedMessage() {
        List<String> got = new ArrayList<>();
        WebSocketFrameParser p = new WebSocketFrameParser(1 << 20, (fin, op, payload) -> {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            got.add(fin + "/" + op + "/" + new String(b, StandardCharsets.US_ASCII));
        });
        // §5.7: unmasked "Hello", masked "Hello", and "Hello" fragmented as "Hel" + "lo"
        p.feed(ByteBuffer.wrap(hex("81 05 48 65 6c 6c 6f 81 85 37 fa 21 3d 7f 9f 4d 51 58 01 03 48 65 6c 80 02 6c 6f")));
        assertThat(got).containsExactly("true/1/Hello", "true/1/Hello", "false/1/Hel", "true/0/lo");
    }

    @Test
    void badArgumentsAreRejectedWithPreciseMessages() {
        assertThatThrownBy(() -> WebSocketFrames.serverFrame(16, HELLO)).hasMessage("opcode must be 0..15, was 16");
        assertThatThrownBy(() -> WebSocketFrames.headerLength(-1)).hasMessage("payload length must be >= 0, was -1");
        WebSocketFrameParser p = new WebSocketFrameParser(16, (fin, op, b) -> { });
        assertThatThrownBy(() -> p.feed(ByteBuffer.wrap(hex("c1 05 48 65 6c 6c 6f"))))
                .hasMessage("reserved bits set without a negotiated extension");
    }

    private static byte[] header(long len) {
        ByteBuffer b = ByteBuffer.allocate(14);
        WebSocketFrames.serverHeader(b, WebSocketFrames.OP_TEXT, len);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }
}
