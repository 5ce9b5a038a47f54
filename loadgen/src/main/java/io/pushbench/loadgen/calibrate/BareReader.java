package io.pushbench.loadgen.calibrate;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.loadgen.core.ProcessProbe;
import io.pushbench.loadgen.run.AdminDrop;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.Transport;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bare reader of the real pushbench feed: one thread, one NIO selector, N non-blocking HTTP/1.1 connections (SSE:
 * a raw {@code GET /sse}; WebSocket: a raw RFC 6455 upgrade of {@code GET /ws}), a minimal boundary scan (an SSE
 * event ends at a blank line, after undoing HTTP/1.1 chunking; a WebSocket frame by its header's length, server
 * frames being unmasked), and per message the {@code seq} and {@code mono} fields ({@code FeedJson.longField}) and one
 * histogram record. What any client must do at least; the drivers' CPU per message is set against it.
 *
 * <pre>{@code
 * Calibration.BareReader b = BareReader.run(launch, URI.create("http://127.0.0.1:8080"), token, Transport.WS, 1000,
 *         4, CompileWarmup.NONE, Duration.ofSeconds(2), Duration.ofSeconds(5), log);   // its own JVM, pinned
 * b.cpuNsPerMessage();   // process CPU over the window / messages received in it
 * }</pre>
 *
 * <p>Every connection must be subscribed (status 200 or 101) before the warm-up starts; the measured window follows
 * the warm-up. Latency = {@link System#nanoTime()} right after the read that brought the message − its
 * {@code mono}. A seq above the previous one of its connection + 1 counts the seqs in between as gaps, one at or
 * below it as duplicated; both must stay 0. CPU per message has the definition of the load generator's
 * ({@code LoadgenFigures.cpuNsPerMessage}): process CPU time over the window / messages received in it.
 */
public final class BareReader {
    /** Connects in flight at once: a connect storm of thousands would overflow the server's accept queue. */
    static final int MAX_PENDING_CONNECTS = 256;
    static final long SUBSCRIBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int READ_BUFFER = 256 * 1024;

    private final Transport transport;
    private final InetSocketAddress server;
    private final int connections;
    private final Histogram latency = new Histogram(1, TimeUnit.HOURS.toNanos(1), 3);
    private boolean measuring;
    private long delivered;
    private long gaps;
    private long duplicated;

    private BareReader(Transport transport, InetSocketAddress server, int connections) {
        this.transport = transport;
        this.server = server;
        this.connections = connections;
    }

    /**
     * Runs the reader in its own JVM on the load generator's CPUs against {@code serverUrl}, starting with
     * {@code burst}: the reader raises the server's rate to the burst's through {@code POST /admin/rate} (with
     * {@code adminToken}) once every connection subscribed, reads it untimed, and sets the rate back to {@code rate}.
     */
    public static Calibration.BareReader run(Launch launch, URI serverUrl, String adminToken, Transport transport,
                                             int connections, double rate, CompileWarmup burst, Duration warmup,
                                             Duration duration, Consumer<String> log)
            throws IOException, InterruptedException {
        try (ChildRun reader = ChildRun.start("bare-reader-" + transport.key(), launch.jvm(Launch.Side.LOADGEN,
                BareReader.class, serverUrl.getHost(), Integer.toString(serverUrl.getPort()), transport.key(),
                Integer.toString(connections), Double.toString(rate), Long.toString(warmup.toMillis()),
                Long.toString(duration.toMillis()), adminToken, Long.toString(burst.messages()),
                Double.toString(burst.rate())), log)) {
            return reader.result(Calibration.BareReader.class, burst.duration().plus(warmup).plus(duration).toMillis()
                    + TimeUnit.NANOSECONDS.toMillis(SUBSCRIBE_TIMEOUT_NANOS) + 30_000);
        }
    }

    /**
     * Reads in this thread: subscribes {@code connections}, warms up, measures for {@code duration}.
     *
     * @param rate the feed's rate (recorded with the figure; the server sets it)
     */
    public static Calibration.BareReader read(InetSocketAddress server, Transport transport, int connections,
                                              double rate, Duration warmup, Duration duration) throws IOException {
        if (connections < 1 || connections > 19_000) {
            throw new IllegalArgumentException("bare reader connections must be 1..19000, was " + connections);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("bare reader duration must be > 0, was " + duration);
        }
        return read(server, transport, connections, rate, null, CompileWarmup.NONE, warmup, duration);
    }

    /**
     * {@link #read(InetSocketAddress, Transport, int, double, Duration, Duration)} starting with {@code burst} (see
     * {@link #run}); {@code adminToken} may be null only when there is no burst.
     */
    public static Calibration.BareReader read(InetSocketAddress server, Transport transport, int connections,
                                              double rate, String adminToken, CompileWarmup burst, Duration warmup,
                                              Duration duration) throws IOException {
        if (connections < 1 || connections > 19_000) {
            throw new IllegalArgumentException("bare reader connections must be 1..19000, was " + connections);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("bare reader duration must be > 0, was " + duration);
        }
        if (burst.any() && adminToken == null) {
            throw new IllegalArgumentException("a compile warm-up burst changes the server's rate: it needs the admin"
                    + " token");
        }
        return new BareReader(transport, server, connections).readAll(rate, adminToken, burst, warmup, duration);
    }

    private Calibration.BareReader readAll(double rate, String adminToken, CompileWarmup burst, Duration warmup,
                                           Duration duration) throws IOException {
        ProcessProbe probe = ProcessProbe.system();
        ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER);
        List<Connection> all = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            byte[] request = request().getBytes(StandardCharsets.US_ASCII);
            ArrayDeque<Integer> toOpen = new ArrayDeque<>();
            for (int i = 0; i < connections; i++) {
                toOpen.add(i);
            }
            long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT_NANOS;
            int subscribed = 0;
            int pending = 0;
            while (subscribed < connections) {
                while (pending < MAX_PENDING_CONNECTS && !toOpen.isEmpty()) {
                    toOpen.poll();
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    Connection c = new Connection(ch, transport, request);
                    all.add(c);
                    ch.register(selector, ch.connect(server) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
                    pending++;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(subscribed + " of " + connections + " " + transport.key()
                            + " connections subscribed within " + TimeUnit.NANOSECONDS.toSeconds(SUBSCRIBE_TIMEOUT_NANOS)
                            + " s");
                }
                selector.select(100);
                int before = countSubscribed(all);
                handle(selector, buf);
                int after = countSubscribed(all);
                pending -= after - before;
                subscribed = after;
            }
            if (burst.any()) {
                setRate(adminToken, burst.rate());
                readUntil(System.nanoTime() + burst.duration().toNanos(), selector, buf);
                setRate(adminToken, rate);
            }
            readUntil(System.nanoTime() + warmup.toNanos(), selector, buf);
            long cpu0 = probe.sample().cpuTimeNs();
            long t0 = System.nanoTime();
            long delivered0 = delivered;
            measuring = true;
            long end = t0 + duration.toNanos();
            while (System.nanoTime() < end) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
                handle(selector, buf);
            }
            measuring = false;
            long cpu1 = probe.sample().cpuTimeNs();
            double window = (System.nanoTime() - t0) / 1e9;
            long n = delivered - delivered0;
            double cpuPerMessage = cpu0 < 0 || n == 0 ? -1 : Math.round((double) (cpu1 - cpu0) / n * 10.0) / 10.0;
            return new Calibration.BareReader(transport, connections, rate, n, gaps, duplicated,
                    Math.round(window * 1000.0) / 1000.0, cpuPerMessage, Percentiles.fromNanos(latency));
        } finally {
            for (Connection c : all) {
                c.channel.close();
            }
        }
    }

    private void readUntil(long deadline, Selector selector, ByteBuffer buf) throws IOException {
        while (System.nanoTime() < deadline) {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            handle(selector, buf);
        }
    }

    private void setRate(String adminToken, double perSec) throws IOException {
        try {
            AdminDrop.rate("http://" + server.getHostString() + ":" + server.getPort(), adminToken, perSec);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the server's rate to " + perSec, e);
        }
    }

    private static int countSubscribed(List<Connection> all) {
        int n = 0;
        for (Connection c : all) {
            n += c.subscribed ? 1 : 0;
        }
        return n;
    }

    private String request() {
        String host = "Host: " + server.getHostString() + ":" + server.getPort() + "\r\n";
        return transport == Transport.SSE
                ? "GET " + FeedContract.SSE_PATH + " HTTP/1.1\r\n" + host + "Accept: text/event-stream\r\n\r\n"
                // A fixed key: the client only checks the server's accept hash, which this reader does not need.
                : "GET " + FeedContract.WS_PATH + " HTTP/1.1\r\n" + host + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    private void handle(Selector selector, ByteBuffer buf) throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            Connection c = (Connection) key.attachment();
            if (key.isConnectable()) {
                c.channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
            } else if (key.isWritable()) {
                c.channel.write(c.request);
                if (!c.request.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } else if (key.isReadable()) {
                buf.clear();
                int n = c.channel.read(buf);
                if (n < 0) {
                    throw new IOException("the server closed a " + transport.key() + " connection");
                }
                long now = System.nanoTime();
                buf.flip();
                c.consume(buf, now, this);
            }
        }
        selector.selectedKeys().clear();
    }

    /** One feed message of a connection: accounting, and the latency while measuring. */
    void onMessage(Connection c, long seq, long mono, long now) {
        if (seq <= c.lastSeq) {
            duplicated++;
            return;
        }
        if (c.lastSeq > 0 && seq > c.lastSeq + 1) {
            gaps += seq - c.lastSeq - 1;
        }
        c.lastSeq = seq;
        delivered++;
        if (measuring) {
            latency.recordValue(Math.max(0, now - mono));
        }
    }

    /**
     * {@code BareReader HOST PORT sse|ws CONNECTIONS RATE WARMUP_MS DURATION_MS TOKEN BURST BURST_RATE}: prints the
     * result line.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 10) {
            throw new IllegalArgumentException("usage: BareReader HOST PORT sse|ws CONNECTIONS RATE WARMUP_MS"
                    + " DURATION_MS TOKEN BURST BURST_RATE");
        }
        ChildRun.emit(read(new InetSocketAddress(args[0], Integer.parseInt(args[1])), Transport.parse(args[2]),
                Integer.parseInt(args[3]), Double.parseDouble(args[4]), args[7],
                new CompileWarmup(Long.parseLong(args[8]), Double.parseDouble(args[9])),
                Duration.ofMillis(Long.parseLong(args[5])), Duration.ofMillis(Long.parseLong(args[6]))));
    }
}
