package io.pushbench.jmh.codec;

import io.pushbench.wire.FeedJson;
import io.pushbench.wire.FeedMessage;
import io.pushbench.wire.SseEncoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

class GzipEventStreamTest {

    @Test
    void theWholeBodyIsAValidGzipStreamOfTheEvents() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (GzipEventStream gz = new GzipEventStream(Deflater.DEFAULT_COMPRESSION)) {
            body.writeBytes(gz.header());
            for (int i = 1; i <= 300; i++) {
                byte[] event = SseEncoder.event(i, FeedJson.encode(new FeedMessage(i, 10L * i, 20L * i), 64 + i * 13));
                plain.writeBytes(event);
                body.write(gz.buffer(), 0, gz.write(event, 0, event.length));
            }
            body.write(gz.buffer(), 0, gz.finish());
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.toByteArray()); // also checks CRC32 and ISIZE
        }
    }

    @Test
    void eachEventIsDecodableAsSoonAsItsBytesArrive() throws DataFormatException {
        // The point of SYNC_FLUSH: a client must not wait for later events to decode this one.
        Inflater inflater = new Inflater(true);
        try (GzipEventStream gz = new GzipEventStream(Deflater.DEFAULT_COMPRESSION)) {
            assertThat(gz.header()).hasSize(10).startsWith(0x1f, 0x8b, 0x08);
            for (int i = 1; i <= 50; i++) {
                byte[] event = SseEncoder.event(i, FeedJson.encode(new FeedMessage(i, i, i), 256));
                int n = gz.write(event, 0, event.length);
                inflater.setInput(Arrays.copyOf(gz.buffer(), n));
                byte[] out = new byte[event.length + 64];
                int got = inflater.inflate(out);
                assertThat(Arrays.copyOf(out, got)).isEqualTo(event);
            }
        } finally {
            inflater.end();
        }
    }
}
