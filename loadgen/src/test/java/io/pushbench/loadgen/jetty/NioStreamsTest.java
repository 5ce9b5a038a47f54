package io.pushbench.loadgen.jetty;

import io.pushbench.analysis.results.Driver;
import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.core.ProcessProbe;
import io.pushbench.loadgen.driver.ClientBehaviour;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.wire.FeedJson;
import io.pushbench.wire.FeedMessage;
import io.pushbench.wire.Transport;
import io.pushbench.wire.WebSocketFrames;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean HTTP/1.1 streams ({@link NioSseStream}, {@link NioWsStream}) against a scripted server on a loopback
 * socket that writes its bytes in small pieces, so that chunk sizes, events, frames and the response head are cut
 * at arbitrary places between reads: what is delivered, what is sent back, and how an attempt fails.
 */
class NioStreamsTest {
    private ServerSocket listener;
    private ScheduledExecutorScheduler scheduler;
    private NioLoops loops;

    @BeforeEach
    void start() throws Exception {
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        scheduler = new ScheduledExecutorScheduler("nio-test-scheduler", true);
        scheduler.start();
        loops = NioLoops.start(2);
    }

    @AfterEach
    void stop() throws Exception {
        loops.close();
        scheduler.stop();
        listener.close();
    }

    @Test
    void requestsCarryTheResumePoint() {
        NioTarget t = NioTarget.of(URI.create("http://127.0.0.1:8080/"));
        NanoClock clock = NanoClock.system();
        assertThat(new String(new NioSseStream(loops, t, clock).request(42), StandardCharsets.US_ASCII))
                .isEqualTo("GET /sse HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: text/event-stream\r\n"
                        + "Last-Event-ID: 42\r\n\r\n");
        assertThat(new String(new NioSseStream(loops, t, clock).request(0), StandardCharsets.US_ASCII))
                .doesNotContain("Last-Event-ID");
        assertThat(new String(new NioWsStream(loops, t, clock).request("a2V5", 42), StandardCharsets.US_ASCII))
                .startsWith("GET /ws?lastEventId=42 HTTP/1.1\r\n").contains("Sec-WebSocket-Key: a2V5\r\n");
        // RFC 6455 section 1.3's example
        assertThat(NioWsStream.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    @Timeout(20)
    void sseEventsCutAcrossChunksAndReadsAreDeliveredOnce() throws Exception {
        String body = "retry: 2500\n\n"
                + "data: {\"event\":\"subscribed\",\"next\":1}\n\n"
                + ": heartbeat\n\n"
                + "id: 1\r\ndata: " + json(1) + "\r\n\r\n"
                + "id: 2\ndata: " + json(2) + "\n\n"
                + "id: 3\rdata: " + json(3) + "\r\r";
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
        int[] sizes = {5, 1, 30, 7, 200};
        byte[] b = ascii(body);
        for (int off = 0, i = 0; off < b.length; i++) {
            int n = Math.min(sizes[i % sizes.length], b.length - off);
            wire.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
            wire.write(b, off, n);
            wire.writeBytes(ascii("\r\n"));
            off += n;
        }
        CompletableFuture<String> request = new CompletableFuture<>();
        Thread server = Thread.ofVirtual().start(() -> serve(s -> {
            request.complete(readHead(s.getInputStream()));
            writeInPieces(s.getOutputStream(), wire.toByteArray(), 3);
            Thread.sleep(5_000);    // the stream stays open until the subscriber closes it
        }));
        JettySubscriber sub = subscriber(Transport.SSE, false);
        sub.connect();
        assertThat(request.get(5, TimeUnit.SECONDS)).startsWith("GET /sse HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + listener.getLocalPort() + "\r\n").doesNotContain("Last-Event-ID");
        awaitReceipts(sub.probe(), 3);
        sub.stop();
        assertThat(sub.awaitClosed(5_000)).isTrue();
        assertThat(sub.probe().receipts()).isEqualTo(3);
        assertThat(sub.probe().resumePoint()).isEqualTo(3);
        assertThat(sub.probe().retryMs()).isEqualTo(2500);
        assertThat(loops.failures()).isZero();
        server.interrupt();
    }

    /**
     * A slow reader does not read its socket for its delay after a read: the second event, written 300 ms after the
     * first, is read no sooner than 500 ms after the first.
     */
    @Test
    @Timeout(20)
    void aSlowReaderLeavesItsSocketUnreadForItsDelay() throws Exception {
        Thread server = Thread.ofVirtual().start(() -> serve(s -> {
            readHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
            for (int seq = 1; seq <= 3; seq++) {
                String event = "id: " + seq + "\ndata: " + json(seq) + "\n\n";
                out.write(ascii(Integer.toHexString(event.length()) + "\r\n" + event + "\r\n"));
                out.flush();
                Thread.sleep(seq == 1 ? 300 : 10);
            }
            Thread.sleep(5_000);
        }));
        JettySubscriber sub = subscriber(Transport.SSE, true);
        sub.connect();
        awaitReceipts(sub.probe(), 1);
        long first = System.nanoTime();
        awaitReceipts(sub.probe(), 2);
        long second = System.nanoTime();
        awaitReceipts(sub.probe(), 3);
        sub.stop();
        assertThat(sub.awaitClosed(5_000)).isTrue();
        assertThat(sub.probe().receipts()).isEqualTo(3);
        assertThat(TimeUnit.NANOSECONDS.toMillis(second - first)).isGreaterThanOrEqualTo(450);
        server.interrupt();
    }

    @Test
    @Timeout(20)
    void webSocketUpgradeIsValidatedAndPingsAndClosesAreAnsweredMasked() throws Exception {
        CompletableFuture<byte[]> pong = new CompletableFuture<>();
        CompletableFuture<byte[]> close = new CompletableFuture<>();
        Thread server = Thread.ofVirtual().start(() -> serve(s -> {
            String head = readHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream w = new ByteArrayOutputStream();
            w.writeBytes(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + NioWsStream.acceptFor(key(head)) + "\r\n\r\n"));
            w.writeBytes(WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, ascii(json(1))));   // with the 101
            byte[] two = ascii(json(2));
            w.writeBytes(fragment(false, WebSocketFrames.OP_TEXT, java.util.Arrays.copyOf(two, 10)));
            w.writeBytes(fragment(true, WebSocketFrames.OP_CONTINUATION,
                    java.util.Arrays.copyOfRange(two, 10, two.length)));
            w.writeBytes(WebSocketFrames.serverFrame(WebSocketFrames.OP_PING, ascii("p!")));
            writeInPieces(out, w.toByteArray(), 4);
            pong.complete(readClientFrame(s.getInputStream(), WebSocketFrames.OP_PONG));
            writeInPieces(out, WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, ascii(json(3))), 2);
            out.write(WebSocketFrames.serverFrame(WebSocketFrames.OP_CLOSE, new byte[]{0x03, (byte) 0xE9}));
            close.complete(readClientFrame(s.getInputStream(), WebSocketFrames.OP_CLOSE));
        }));
        JettySubscriber sub = subscriber(Transport.WS, false);
        sub.connect();
        assertThat(pong.get(5, TimeUnit.SECONDS)).isEqualTo(ascii("p!"));
        assertThat(close.get(5, TimeUnit.SECONDS)).as("the server's status code echoed").containsExactly(0x03, 0xE9);
        awaitReceipts(sub.probe(), 3);
        sub.stop();
        assertThat(sub.awaitClosed(5_000)).isTrue();
        assertThat(sub.probe().receipts()).isEqualTo(3);
        assertThat(sub.probe().resumePoint()).isEqualTo(3);
        server.join(5_000);
    }

    @Test
    @Timeout(20)
    void aWrongAcceptKeyFailsTheAttemptBeforeItConnects() throws Exception {
        Thread server = Thread.ofVirtual().start(() -> serve(s -> {
            readHead(s.getInputStream());
            s.getOutputStream().write(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSBoYXNo\r\n\r\n"));
            s.getOutputStream().write(WebSocketFrames.serverFrame(WebSocketFrames.OP_TEXT, ascii(json(1))));
            Thread.sleep(5_000);
        }));
        JettySubscriber sub = subscriber(Transport.WS, false);
        sub.connect();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (loops.failures() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        sub.stop();
        assertThat(sub.awaitClosed(5_000)).isTrue();
        assertThat(loops.firstFailure()).contains("Sec-WebSocket-Accept bm90IHRoZSBoYXNo");
        assertThat(sub.probe().receipts()).as("nothing delivered from a refused upgrade").isZero();
        server.interrupt();
    }

    private JettySubscriber subscriber(Transport t, boolean slow) throws IOException {
        DriverConfig c = DriverConfig.builder().driver(Driver.JETTY).transport(t)
                .baseUrl("http://127.0.0.1:" + listener.getLocalPort()).connections(1).rate(20)
                .ramp(Duration.ZERO).warmup(Duration.ZERO).duration(Duration.ofSeconds(30)).drain(Duration.ZERO)
                .connectProbeRate(0).behaviour(slow ? ClientBehaviour.STEADY.withSlow(1.0, Duration.ofMillis(500))
                        : ClientBehaviour.STEADY).runId("nio-" + t.key()).outDir(Path.of("target", "it", "nio")).build();
        LoadSession session = LoadSession.manual(c, NanoClock.system(), ProcessProbe.system(),
                new PrintStream(new ByteArrayOutputStream()));
        NioTarget target = NioTarget.of(URI.create(c.baseUrl() + "/"));
        JettySubscriber.Stream stream = t == Transport.WS ? new NioWsStream(loops, target, session.clock())
                : new NioSseStream(loops, target, session.clock());
        return new JettySubscriber(session, stream, scheduler, slow);
    }

    private static String json(long seq) {
        long mono = System.nanoTime();
        return new String(FeedJson.encode(new FeedMessage(seq, System.currentTimeMillis() * 1000, mono), 64),
                StandardCharsets.UTF_8);
    }

    private static void awaitReceipts(ConnectionProbe p, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (p.receipts() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private interface Script {
        void run(Socket s) throws Exception;
    }

    private void serve(Script script) {
        try (Socket s = listener.accept()) {
            s.setTcpNoDelay(true);
            script.run(s);
        } catch (InterruptedException e) {
            // the test is over
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** Writes {@code b} in pieces of {@code n} bytes, a millisecond apart, so that the client reads them apart. */
    private static void writeInPieces(OutputStream out, byte[] b, int n) throws Exception {
        for (int off = 0; off < b.length; off += n) {
            out.write(b, off, Math.min(n, b.length - off));
            out.flush();
            Thread.sleep(1);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the client closed before the end of its request head: " + head);
            }
            head.append((char) c);
        }
        return head.toString();
    }

    private static String key(String head) {
        Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)\r\n").matcher(head);
        assertThat(m.find()).as(head).isTrue();
        return m.group(1);
    }

    /** Reads one client frame, which must be final, masked and of {@code opcode}; returns its unmasked payload. */
    private static byte[] readClientFrame(InputStream in, int opcode) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int b0 = d.readUnsignedByte();
        int b1 = d.readUnsignedByte();
        assertThat(b0).as("FIN and opcode").isEqualTo(0x80 | opcode);
        assertThat(b1 & 0x80).as("client frames are masked").isEqualTo(0x80);
        int len = b1 & 0x7F;
        byte[] mask = d.readNBytes(4);
        byte[] payload = d.readNBytes(len);
        for (int i = 0; i < len; i++) {
            payload[i] ^= mask[i & 3];
        }
        return payload;
    }

    private static byte[] fragment(boolean fin, int opcode, byte[] payload) {
        byte[] f = WebSocketFrames.serverFrame(opcode, payload);
        if (!fin) {
            f[0] &= 0x7F;
        }
        return f;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
