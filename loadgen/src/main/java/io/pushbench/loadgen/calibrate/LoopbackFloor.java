package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.Percentiles;
import org.HdrHistogram.Histogram;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The raw one-way loopback floor, no server at all: a writer JVM (pinned like the server) wakes at each due time of
 * a fixed-rate schedule and writes one message, a reader JVM (pinned like the load generator) reads it with plain
 * blocking reads. Each message is the feed's payload size; its first 16 bytes are the seq and the <em>scheduled</em>
 * {@code nanoTime} (big-endian). Latency = the reader's {@link System#nanoTime()} after the read − the scheduled
 * time: CLOCK_MONOTONIC is shared by the processes of one Linux host, as the project's {@code mono} basis relies on.
 *
 * <pre>{@code
 * Calibration.LoopbackFloor f = LoopbackFloor.run(launch, 100, CompileWarmup.of(20_000), Duration.ofSeconds(1),
 *         Duration.ofSeconds(5), 256, log);
 * f.valid();        // every seq read exactly once, in order
 * f.latencyUs();    // after the warm-up
 * }</pre>
 *
 * <p>The reader accounts for every seq: a seq it never read is lost, one at or below the previous is duplicated;
 * either makes the figure invalid. The writer waits like the server's publisher ({@link DueTime}). The first
 * messages are the {@link CompileWarmup} burst at its own rate (untimed, accounted), as the bare reader's are.
 */
public final class LoopbackFloor {
    /** Bytes of the header every message starts with: seq, scheduled nanoTime. */
    static final int HEADER = 16;
    private static final Pattern PORT = Pattern.compile("^loopback writer port (\\d+)");
    // The first message is due this long after the reader connected: both sides are running by then.
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private LoopbackFloor() {
    }

    /**
     * Runs the writer and the reader JVMs and returns the reader's figure.
     *
     * @param rate     messages per second, 1..100,000
     * @param burst    messages written first at the burst's rate, accounted, not timed
     * @param warmup   written and accounted, not timed
     * @param duration timed, > 0
     * @param payload  message size, >= {@value #HEADER} bytes
     */
    public static Calibration.LoopbackFloor run(Launch launch, double rate, CompileWarmup burst, Duration warmup,
                                                Duration duration, int payload, Consumer<String> log)
            throws IOException, InterruptedException {
        if (!(rate >= 1) || rate > 100_000) {
            throw new IllegalArgumentException("loopback floor rate must be 1..100000 msg/s, was " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("loopback floor duration must be > 0, was " + duration);
        }
        long warmupCount = burst.messages() + Math.round(rate * warmup.toNanos() / 1e9);
        long count = warmupCount + Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        int size = Math.max(HEADER, payload);
        long budgetMs = burst.duration().plus(warmup).plus(duration).toMillis() + 30_000;
        try (ChildRun writer = ChildRun.start("loopback-writer", launch.jvm(Launch.Side.SERVER, LoopbackFloor.class,
                "writer", Double.toString(rate), Long.toString(count), Integer.toString(size),
                Long.toString(burst.messages()), Double.toString(burst.rate())), log)) {
            String port = writer.awaitLine(PORT, 30_000);
            try (ChildRun reader = ChildRun.start("loopback-reader", launch.jvm(Launch.Side.LOADGEN,
                    LoopbackFloor.class, "reader", port, Double.toString(rate), Long.toString(count),
                    Long.toString(warmupCount), Integer.toString(size)), log)) {
                return reader.result(Calibration.LoopbackFloor.class, budgetMs);
            }
        }
    }

    /**
     * Writer: listens, accepts one connection, writes {@code count} messages on schedule, closes. The first
     * {@code burst} of them are due at {@code burstRate}, the rest at {@code rate} from where the burst ended.
     */
    static void write(double rate, long count, int size, long burst, double burstRate) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            System.out.println("loopback writer port " + ((InetSocketAddress) server.getLocalAddress()).getPort());
            System.out.flush();
            try (SocketChannel ch = server.accept()) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ByteBuffer buf = ByteBuffer.allocateDirect(size);
                while (buf.hasRemaining()) {
                    buf.put((byte) 'x');
                }
                long interval = Math.round(1e9 / rate);
                long burstInterval = Math.round(1e9 / burstRate);
                long t0 = System.nanoTime() + START_DELAY_NANOS;
                long spin = DueTime.spinNanos(interval);
                long burstSpin = DueTime.spinNanos(burstInterval);
                long scheduleStart = t0 + burst * burstInterval;
                for (long seq = 1; seq <= count; seq++) {
                    boolean inBurst = seq <= burst;
                    long due = inBurst ? t0 + (seq - 1) * burstInterval : scheduleStart + (seq - 1 - burst) * interval;
                    DueTime.await(due, inBurst ? burstSpin : spin);
                    buf.clear();
                    buf.putLong(0, seq).putLong(8, due);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            }
        }
    }

    /** Reader: connects, reads every message with blocking reads, accounts and times them. */
    static Calibration.LoopbackFloor read(int port, double rate, long count, long warmupCount, int size)
            throws IOException {
        Histogram latency = new Histogram(1, TimeUnit.HOURS.toNanos(1), 3);
        BitSet seen = new BitSet();
        long duplicated = 0;
        long last = 0;
        byte[] msg = new byte[size];
        ByteBuffer view = ByteBuffer.wrap(msg);
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            while (true) {
                try {
                    in.readFully(msg);
                } catch (java.io.EOFException e) {
                    break;   // the writer closed: every message it had is read
                }
                long now = System.nanoTime();
                long seq = view.getLong(0);
                long scheduled = view.getLong(8);
                if (seq <= last || seq < 1 || seq > count) {
                    duplicated++;
                    continue;
                }
                last = seq;
                seen.set((int) seq);
                if (seq > warmupCount) {
                    latency.recordValue(Math.max(0, now - scheduled));
                }
            }
        }
        long lost = count - seen.cardinality();
        return new Calibration.LoopbackFloor(rate, count, lost, duplicated, lost == 0 && duplicated == 0,
                Percentiles.fromNanos(latency));
    }

    /**
     * {@code LoopbackFloor writer RATE COUNT SIZE BURST BURST_RATE} or
     * {@code LoopbackFloor reader PORT RATE COUNT WARMUP_COUNT SIZE} (the reader prints the result line).
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 6 && args[0].equals("writer")) {
            write(Double.parseDouble(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]), Double.parseDouble(args[5]));
        } else if (args.length == 6 && args[0].equals("reader")) {
            ChildRun.emit(read(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Long.parseLong(args[3]),
                    Long.parseLong(args[4]), Integer.parseInt(args[5])));
        } else {
            throw new IllegalArgumentException("usage: LoopbackFloor writer RATE COUNT SIZE BURST BURST_RATE"
                    + " | reader PORT RATE COUNT WARMUP_COUNT SIZE");
        }
    }
}
