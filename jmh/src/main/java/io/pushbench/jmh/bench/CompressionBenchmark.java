package io.pushbench.jmh.bench;

import io.pushbench.jmh.codec.GzipEventStream;
import io.pushbench.jmh.codec.PerMessageDeflater;
import io.pushbench.jmh.run.JmhDefaults;
import io.pushbench.wire.SseEncoder;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

/**
 * Per-message compression, per connection, at zlib's default level (what Jetty uses):
 * <ul>
 *   <li>{@code sseGzipSyncFlush}: one SSE event into a gzip response stream flushed with SYNC_FLUSH
 *       ({@link GzipEventStream}; Jetty's CompressionHandler with {@code syncFlush}), CRC32 included;</li>
 *   <li>{@code wsDeflateContextTakeover}: RFC 7692 permessage-deflate with the window kept across messages;</li>
 *   <li>{@code wsDeflateNoContextTakeover}: the same with {@code server_no_context_takeover}: reset per message.</li>
 * </ul>
 * The messages cycle through 1,024 consecutive feed messages (different seq/ts/mono), so the window holds the
 * previous message as it would in a live feed; output goes to a reused buffer, so allocation is not measured.
 * With compression on, "encode once" no longer holds: this cost is paid once per delivery, not per publish.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = JmhDefaults.FORKS, jvmArgsAppend = {JmhDefaults.HEAP_MIN, JmhDefaults.HEAP_MAX})
@Warmup(iterations = JmhDefaults.WARMUP_ITERATIONS, time = JmhDefaults.WARMUP_MILLIS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = JmhDefaults.MEASUREMENT_ITERATIONS, time = JmhDefaults.MEASUREMENT_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
public class CompressionBenchmark {
    private static final int RING = Payloads.RING;

    @Param({"64", "256", "4096"})
    public int payloadBytes;

    private byte[][] json;
    private byte[][] sse;
    private int next;
    private GzipEventStream gzip;
    private PerMessageDeflater takeover;
    private PerMessageDeflater noTakeover;

    @Setup
    public void setUp() {
        json = new byte[RING][];
        sse = new byte[RING][];
        for (int i = 0; i < RING; i++) {
            json[i] = Payloads.json(i, payloadBytes);
            sse[i] = SseEncoder.event(Payloads.SEQ + i, json[i]);
        }
        gzip = new GzipEventStream(Deflater.DEFAULT_COMPRESSION);
        takeover = new PerMessageDeflater(Deflater.DEFAULT_COMPRESSION, true);
        noTakeover = new PerMessageDeflater(Deflater.DEFAULT_COMPRESSION, false);
    }

    @TearDown
    public void tearDown() {
        gzip.close();
        takeover.close();
        noTakeover.close();
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (RING - 1);
        return i;
    }

    @Benchmark
    public int sseGzipSyncFlush() {
        byte[] e = sse[nextIndex()];
        return gzip.write(e, 0, e.length);
    }

    @Benchmark
    public int wsDeflateContextTakeover() {
        byte[] m = json[nextIndex()];
        return takeover.compress(m, 0, m.length);
    }

    @Benchmark
    public int wsDeflateNoContextTakeover() {
        byte[] m = json[nextIndex()];
        return noTakeover.compress(m, 0, m.length);
    }
}
