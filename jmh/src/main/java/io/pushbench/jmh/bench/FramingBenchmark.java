package io.pushbench.jmh.bench;

import io.pushbench.jmh.run.JmhDefaults;
import io.pushbench.wire.SseEncoder;
import io.pushbench.wire.WebSocketFrames;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Framing one message, SSE against WebSocket, with the exact encoders the server and drivers run
 * ({@link SseEncoder}, {@link WebSocketFrames}). Methods starting {@code sse} and {@code ws} are the two sides.
 *
 * <ul>
 *   <li>{@code sseEvent}: {@code id: N\ndata: json\n\n}, the server's per-publish path (one array, no stream);</li>
 *   <li>{@code sseEventNoId}: {@code data: json\n\n} (a feed without resume ids);</li>
 *   <li>{@code sseEventMultiLine}: data with a line break every 32 bytes (2 lines at 64 B, 128 at 4 KiB), split
 *       into several {@code data:} lines as the specification requires;</li>
 *   <li>{@code wsServerFrame}: a complete unmasked server frame (header + payload copy);</li>
 *   <li>{@code wsServerHeader}: the 2-10 byte header alone into a reused buffer, what "encode once, fan out"
 *       costs per connection;</li>
 *   <li>{@code wsClientFrame}: a complete masked client frame (load-generator side; the server never masks).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = JmhDefaults.FORKS, jvmArgsAppend = {JmhDefaults.HEAP_MIN, JmhDefaults.HEAP_MAX})
@Warmup(iterations = JmhDefaults.WARMUP_ITERATIONS, time = JmhDefaults.WARMUP_MILLIS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = JmhDefaults.MEASUREMENT_ITERATIONS, time = JmhDefaults.MEASUREMENT_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
public class FramingBenchmark {

    @Param({"64", "256", "4096"})
    public int payloadBytes;

    private byte[] json;
    private byte[] multiLine;
    private long seq;
    private int maskKey;
    private final ByteBuffer header = ByteBuffer.allocate(14);

    @Setup
    public void setUp() {
        json = Payloads.json(0, payloadBytes);
        multiLine = Payloads.multiLine(json, 32);
        seq = Payloads.SEQ;
        maskKey = 0x37fa213d;
        // guard the fixture: "id: N\n", then one "data: ...\n" per line (breaks removed), then the blank line
        int lines = payloadBytes / 32 + (payloadBytes % 32 == 0 ? 0 : 1);
        int expected = ("id: " + seq + "\n").length() + lines * "data: \n".length() + (payloadBytes - (lines - 1)) + 1;
        if (sseEventMultiLine().length != expected) {
            throw new IllegalStateException("multi-line fixture: " + sseEventMultiLine().length + " bytes, expected "
                    + expected);
        }
    }

    @Benchmark
    public byte[] sseEvent() {
        return SseEncoder.event(seq, json);
    }

    @Benchmark
    public byte[] sseEventNoId() {
        return SseEncoder.event(-1, null, json);
    }

    @Benchmark
    public byte[] sseEventMultiLine() {
        return SseEncoder.event(seq, null, multiLine);
    }

    @Benchmark
    public byte[] wsServerFrame() {
        return WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, json);
    }

    @Benchmark
    public ByteBuffer wsServerHeader() {
        header.clear();
        WebSocketFrames.serverHeader(header, WebSocketFrames.OP_TEXT, json.length);
        return header;
    }

    @Benchmark
    public byte[] wsClientFrame() {
        return WebSocketFrames.clientFrame(WebSocketFrames.OP_TEXT, json, maskKey);
    }
}
