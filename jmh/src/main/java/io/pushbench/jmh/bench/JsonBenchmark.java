package io.pushbench.jmh.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.pushbench.jmh.run.JmhDefaults;
import io.pushbench.wire.FeedJson;
import io.pushbench.wire.FeedMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The feed message's JSON, ours ({@link FeedJson}) against Jackson, both ways:
 * <ul>
 *   <li>{@code encodeOurs} / {@code encodeJackson} (databind, a record per message, as a server using Jackson
 *       would do) / {@code encodeJacksonStreaming} (a {@link JsonGenerator}, the fastest Jackson can write);</li>
 *   <li>{@code readFieldsOurs} (the drivers' allocation-free {@link FeedJson#longField} look-ups of seq and mono)
 *       / {@code readFieldsJackson} (databind into the record) / {@code readFieldsJacksonStreaming} (a
 *       {@link JsonParser} pulling the two fields).</li>
 * </ul>
 * All produce or read the same bytes: the set-up fails if Jackson's output differs from ours by one byte, so the
 * comparison is like for like.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = JmhDefaults.FORKS, jvmArgsAppend = {JmhDefaults.HEAP_MIN, JmhDefaults.HEAP_MAX})
@Warmup(iterations = JmhDefaults.WARMUP_ITERATIONS, time = JmhDefaults.WARMUP_MILLIS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = JmhDefaults.MEASUREMENT_ITERATIONS, time = JmhDefaults.MEASUREMENT_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
public class JsonBenchmark {

    /** The Jackson view of the feed message; property order pinned to match {@link FeedJson}. */
    @JsonPropertyOrder({"seq", "ts", "mono", "pad"})
    public record JacksonFeedMessage(long seq, long ts, long mono, String pad) {
    }

    @Param({"64", "256", "4096"})
    public int payloadBytes;

    private FeedMessage message;
    private String pad;
    private byte[] json;
    private ObjectWriter writer;
    private ObjectReader reader;
    private JsonFactory factory;
    private final ByteArrayBuilder builder = new ByteArrayBuilder(8192);

    @Setup
    public void setUp() throws IOException {
        message = Payloads.message(0);
        json = Payloads.json(0, payloadBytes);
        pad = "x".repeat(payloadBytes - FeedJson.minimumSize(message));
        ObjectMapper mapper = new ObjectMapper();
        writer = mapper.writerFor(JacksonFeedMessage.class);
        reader = mapper.readerFor(JacksonFeedMessage.class);
        factory = mapper.getFactory();
        for (byte[] b : new byte[][]{encodeJackson(), encodeJacksonStreaming()}) {
            if (!Arrays.equals(b, encodeOurs())) {
                throw new IllegalStateException("Jackson and FeedJson disagree: " + new String(b) + " vs "
                        + new String(encodeOurs()));
            }
        }
        long expected = message.seq() + message.mono();
        if (readFieldsJackson() != expected || readFieldsJacksonStreaming() != expected || readFieldsOurs() != expected) {
            throw new IllegalStateException("readers disagree on seq + mono");
        }
    }

    @Benchmark
    public byte[] encodeOurs() {
        return FeedJson.encode(message, payloadBytes);
    }

    @Benchmark
    public byte[] encodeJackson() throws IOException {
        FeedMessage m = message;
        return writer.writeValueAsBytes(new JacksonFeedMessage(m.seq(), m.ts(), m.mono(), pad));
    }

    @Benchmark
    public byte[] encodeJacksonStreaming() throws IOException {
        FeedMessage m = message;
        builder.reset();
        try (JsonGenerator g = factory.createGenerator(builder)) {
            g.writeStartObject();
            g.writeNumberField("seq", m.seq());
            g.writeNumberField("ts", m.ts());
            g.writeNumberField("mono", m.mono());
            g.writeStringField("pad", pad);
            g.writeEndObject();
        }
        return builder.toByteArray();
    }

    @Benchmark
    public long readFieldsOurs() {
        ByteBuffer b = ByteBuffer.wrap(json);
        return FeedJson.longField(b, FeedJson.SEQ) + FeedJson.longField(b, FeedJson.MONO);
    }

    @Benchmark
    public long readFieldsJackson() throws IOException {
        JacksonFeedMessage m = reader.readValue(json);
        return m.seq() + m.mono();
    }

    @Benchmark
    public long readFieldsJacksonStreaming() throws IOException {
        long seq = -1;
        long mono = -1;
        try (JsonParser p = factory.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_NUMBER_INT) {
                        if ("seq".equals(name)) {
                            seq = p.getLongValue();
                        } else if ("mono".equals(name)) {
                            mono = p.getLongValue();
                        }
                    }
                    // the pad string is skipped without being materialised
                }
            }
        }
        return seq + mono;
    }
}
