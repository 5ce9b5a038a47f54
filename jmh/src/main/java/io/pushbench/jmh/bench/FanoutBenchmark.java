package io.pushbench.jmh.bench;

import io.pushbench.jmh.run.JmhDefaults;
import io.pushbench.wire.EncodedMessage;
import io.pushbench.wire.FeedJson;
import io.pushbench.wire.FeedMessage;
import io.pushbench.wire.SseEncoder;
import io.pushbench.wire.Transport;
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
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What one publish costs the server before any socket write, for {@code subscribers} connections of one
 * {@code transport}; the score is per publish (divide by {@code subscribers} for per delivery).
 *
 * <ul>
 *   <li>{@code encodeOnce}: the server's design. One {@link EncodedMessage#of} (JSON + SSE event), then per
 *       connection a read-only view of the shared bytes ({@code ssePayload()} / {@code wsPayload()}) and, for
 *       WebSocket, the 2-10 byte frame header written into that connection's header buffer;</li>
 *   <li>{@code encodePerConnection}: the naive design. Per connection a fresh {@link FeedJson#encode} and a full
 *       SSE event ({@link SseEncoder#event}) or unmasked frame ({@link WebSocketFrames#serverFrame}), as a server
 *       that serialises inside each connection's send (e.g. {@code Session.sendText(String)}) does.</li>
 * </ul>
 * Each per-connection result goes to a {@link Blackhole}, standing for the hand-off to the connection's outbound
 * queue; the write itself (~8 µs per syscall on the reference machine) is measured by the load runs, not here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = JmhDefaults.FORKS, jvmArgsAppend = {JmhDefaults.HEAP_MIN, JmhDefaults.HEAP_MAX})
@Warmup(iterations = JmhDefaults.WARMUP_ITERATIONS, time = JmhDefaults.WARMUP_MILLIS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = JmhDefaults.MEASUREMENT_ITERATIONS, time = JmhDefaults.MEASUREMENT_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
public class FanoutBenchmark {

    @Param({"sse", "ws"})
    public String transport;

    @Param({"1", "100", "10000"})
    public int subscribers;

    @Param({"64", "256", "4096"})
    public int payloadBytes;

    private boolean sse;
    private ByteBuffer[] headers;
    private int next;

    @Setup
    public void setUp() {
        sse = Transport.parse(transport) == Transport.SSE;   // the @Param value, parsed once
        headers = new ByteBuffer[subscribers];
        for (int i = 0; i < subscribers; i++) {
            headers[i] = ByteBuffer.allocate(10);
        }
        Payloads.json(0, payloadBytes); // fails fast on a payload too small for the message
    }

    private FeedMessage nextMessage() {
        int i = next;
        next = (i + 1) & (Payloads.RING - 1);
        return Payloads.message(i);
    }

    @Benchmark
    public void encodeOnce(Blackhole bh) {
        EncodedMessage m = EncodedMessage.of(nextMessage(), payloadBytes);
        if (sse) {
            for (int i = 0; i < subscribers; i++) {
                bh.consume(m.ssePayload());
            }
        } else {
            int len = m.json().length;
            for (int i = 0; i < subscribers; i++) {
                ByteBuffer h = headers[i];
                h.clear();
                WebSocketFrames.serverHeader(h, WebSocketFrames.OP_TEXT, len);
                bh.consume(h);
                bh.consume(m.wsPayload());
            }
        }
    }

    @Benchmark
    public void encodePerConnection(Blackhole bh) {
        FeedMessage m = nextMessage();
        if (sse) {
            for (int i = 0; i < subscribers; i++) {
                bh.consume(SseEncoder.event(m.seq(), FeedJson.encode(m, payloadBytes)));
            }
        } else {
            for (int i = 0; i < subscribers; i++) {
                bh.consume(WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, FeedJson.encode(m, payloadBytes)));
            }
        }
    }
}
