package io.pushbench.jmh.codec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PerMessageDeflaterTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void compressesHelloExactlyAsRfc7692Section7_2_3_1() {
        try (PerMessageDeflater d = new PerMessageDeflater(Deflater.DEFAULT_COMPRESSION, true)) {
            assertThat(d.compress(HELLO)).containsExactly(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);
        }
    }

    @Test
    void contextTakeoverRefersBackToThePreviousMessageAsRfc7692Section7_2_3_2() {
        try (PerMessageDeflater d = new PerMessageDeflater(Deflater.DEFAULT_COMPRESSION, true)) {
            d.compress(HELLO);
            byte[] second = d.compress(HELLO);
            assertThat(second).containsExactly(0xf2, 0x00, 0x11, 0x00, 0x00);
        }
    }

    @Test
    void withoutContextTakeoverEveryMessageIsCompressedAlone() {
        try (PerMessageDeflater d = new PerMessageDeflater(Deflater.DEFAULT_COMPRESSION, false)) {
            byte[] first = d.compress(HELLO);
            assertThat(d.compress(HELLO)).isEqualTo(first);
            assertThat(inflateAlone(first)).isEqualTo(HELLO);
        }
    }

    @Test
    void roundTripsAStreamOfMessagesThroughOneInflaterWithContext() throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try (PerMessageDeflater d = new PerMessageDeflater(Deflater.DEFAULT_COMPRESSION, true)) {
            for (int i = 0; i < 200; i++) {
                byte[] msg = ("{\"seq\":" + i + ",\"pad\":\"" + "x".repeat(i * 37 % 5000) + "\"}")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] wire = d.compress(msg);
                assertThat(inflate(inflater, wire)).isEqualTo(msg);
            }
        } finally {
            inflater.end();
        }
    }

    @Test
    void rejectsBadLevels() {
        assertThatThrownBy(() -> new PerMessageDeflater(10, true)).hasMessage("level must be -1 or 0..9, was 10");
    }

    /** The receiving side of RFC 7692 §7.2.2: append 00 00 FF FF and inflate. */
    static byte[] inflate(Inflater inflater, byte[] wire) throws DataFormatException {
        byte[] in = new byte[wire.length + 4];
        System.arraycopy(wire, 0, in, 0, wire.length);
        in[wire.length + 2] = (byte) 0xFF;
        in[wire.length + 3] = (byte) 0xFF;
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        int n;
        do {
            n = inflater.inflate(buf);
            out.write(buf, 0, n);
        } while (n > 0);
        assertThat(inflater.needsInput()).as("all compressed input consumed").isTrue();
        return out.toByteArray();
    }

    private static byte[] inflateAlone(byte[] wire) {
        Inflater inflater = new Inflater(true);
        try {
            return inflate(inflater, wire);
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }
}
