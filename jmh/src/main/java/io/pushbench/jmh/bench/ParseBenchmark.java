package io.pushbench.jmh.bench;

import io.pushbench.jmh.run.JmhDefaults;
import io.pushbench.wire.FeedJson;
import io.pushbench.wire.SseEncoder;
import io.pushbench.wire.SseParser;
import io.pushbench.wire.WebSocketFrameParser;
import io.pushbench.wire.WebSocketFrames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The client side: parsing the received stream into messages with the drivers' incremental parsers
 * ({@link SseParser}, {@link WebSocketFrameParser} on unmasked server frames), and reading {@code seq} from each
 * message as a driver does to check continuity. One invocation feeds {@value #MESSAGES} back-to-back messages in
 * one buffer (as one socket read would deliver them under load); the score is per message.
 *
 * <p>The parsers are long-lived, as on a connection: one per state, fed stream after stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = JmhDefaults.FORKS, jvmArgsAppend = {JmhDefaults.HEAP_MIN, JmhDefaults.HEAP_MAX})
@Warmup(iterations = JmhDefaults.WARMUP_ITERATIONS, time = JmhDefaults.WARMUP_MILLIS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = JmhDefaults.MEASUREMENT_ITERATIONS, time = JmhDefaults.MEASUREMENT_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
public class ParseBenchmark {
    static final int MESSAGES = 16;

    @Param({"64", "256", "4096"})
    public int payloadBytes;

    private byte[] sseStream;
    private ByteBuffer wsStream;
    private SseParser sseParser;
    private WebSocketFrameParser wsParser;
    private long seqSum;
    private int messages;

    @Setup
    public void setUp() {
        ByteArrayOutputStream sse = new ByteArrayOutputStream();
        ByteArrayOutputStream ws = new ByteArrayOutputStream();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] json = Payloads.json(i, payloadBytes);
            sse.writeBytes(SseEncoder.event(Payloads.SEQ + i, json));
            ws.writeBytes(WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, json));
        }
        sseStream = sse.toByteArray();
        wsStream = ByteBuffer.wrap(ws.toByteArray()).asReadOnlyBuffer();
        sseParser = new SseParser((id, event, data) -> {
            seqSum += FeedJson.longField(data, FeedJson.SEQ);
            messages++;
        });
        wsParser = new WebSocketFrameParser(1 << 20, (fin, opcode, payload) -> {
            seqSum += FeedJson.longField(payload, FeedJson.SEQ);
            messages++;
        });
        messages = 0;
        sseParse();
        wsParse();
        if (messages != 2 * MESSAGES) {
            throw new IllegalStateException("parsers delivered " + messages + " messages, expected " + 2 * MESSAGES);
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long sseParse() {
        sseParser.feed(sseStream, 0, sseStream.length);
        return seqSum;
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long wsParse() {
        wsParser.feed(wsStream.duplicate());
        return seqSum;
    }
}
