package io.pushbench.cli.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live server with a plain Java SSE client: history replayed to a late client, then live events, heartbeats,
 * resume after {@code Last-Event-ID}, the page and ECharts served from the class path, foreign Host headers refused,
 * and a port that cannot be bound giving one warning and no page.
 */
@Timeout(30)
class LiveServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aLateClientIsReplayedTheHistoryThenGetsLiveEventsAndHeartbeats() throws Exception {
        LiveEvents events = new LiveEvents(100);
        events.append("hello", Map.of("command", "run"));
        events.append("interval", Map.of("messagesPerSec", 500.0));
        try (LiveServer server = LiveServer.start(events, 0, Duration.ofMillis(200))) {
            HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(server.url().resolve("events")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/event-stream"));
            BlockingQueue<String> lines = pump(r.body());
            assertThat(next(lines, "retry:")).isEqualTo("retry: 1000");
            assertThat(next(lines, "id:")).isEqualTo("id: 1");
            assertThat(next(lines, "event:")).isEqualTo("event: hello");
            assertThat(next(lines, "data:")).isEqualTo("data: {\"command\":\"run\"}");
            assertThat(next(lines, "id:")).isEqualTo("id: 2");
            assertThat(next(lines, "data:")).isEqualTo("data: {\"messagesPerSec\":500.0}");

            events.append("interval", Map.of("messagesPerSec", 510.0));   // after the client joined
            assertThat(next(lines, "id:")).isEqualTo("id: 3");
            assertThat(next(lines, "data:")).isEqualTo("data: {\"messagesPerSec\":510.0}");
            assertThat(next(lines, ":")).isEqualTo(": heartbeat");
            assertThat(server.streams()).isEqualTo(1);
        }
    }

    @Test
    void aReconnectingClientGetsOnlyWhatItMissed() throws Exception {
        LiveEvents events = new LiveEvents(100);
        for (int i = 1; i <= 4; i++) {
            events.append("interval", Map.of("n", i));
        }
        try (LiveServer server = LiveServer.start(events, 0, Duration.ofSeconds(10))) {
            HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(server.url().resolve("events"))
                    .header("Last-Event-ID", "2").build(), HttpResponse.BodyHandlers.ofLines());
            BlockingQueue<String> lines = pump(r.body());
            assertThat(next(lines, "id:")).isEqualTo("id: 3");
            assertThat(next(lines, "id:")).isEqualTo("id: 4");
        }
    }

    @Test
    void aPageThatStopsReadingIsCutOffInsteadOfBufferedWithoutLimit() throws Exception {
        LiveEvents events = new LiveEvents(100);
        try (LiveServer server = LiveServer.start(events, 0, Duration.ofSeconds(10));
             java.net.Socket idle = new java.net.Socket("127.0.0.1", server.url().getPort())) {
            idle.setReceiveBufferSize(64 * 1024);
            idle.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + server.url().getPort()
                    + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.streams() == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(server.streams()).isEqualTo(1);
            String pad = "x".repeat(1 << 20);
            for (int i = 0; i < 40 && server.streams() > 0; i++) {   // never read: socket buffers, then the queue
                events.append("interval", Map.of("pad", pad));
                Thread.sleep(10);
            }
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.streams() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(server.streams()).as("streams after the page stopped reading").isZero();
            assertThat(events.subscribers()).isZero();
        }
    }

    @Test
    void servesThePageAndEchartsFromTheClassPathToLocalHostsOnly() throws Exception {
        try (LiveServer server = LiveServer.start(new LiveEvents(10), 0, Duration.ofSeconds(10))) {
            assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> page = get(server.url());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script src=\"echarts.min.js\"></script>").doesNotContain("://");
            HttpResponse<String> echarts = get(server.url().resolve("echarts.min.js"));
            assertThat(echarts.statusCode()).isEqualTo(200);
            assertThat(echarts.body().length()).isGreaterThan(500_000);
            assertThat(get(server.url().resolve("live.js")).body()).contains("new EventSource('events')");
            assertThat(get(server.url().resolve("nothing-here")).statusCode()).isEqualTo(404);
            // a page of another site whose name was rebound to 127.0.0.1 sends its own Host
            assertThat(rawStatus(server.url().getPort(), "evil.example:" + server.url().getPort())).isEqualTo(403);
        }
    }

    @Test
    void aPortInUseGivesOneWarningAndNoPage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            List<String> lines = new ArrayList<>();
            LiveSession s = LiveSession.start("run", taken.getLocalPort(), Duration.ofSeconds(10), 10, lines::add);
            assertThat(s.on()).isFalse();
            assertThat(lines).singleElement().asString().startsWith("live: WARNING: no live page (cannot serve "
                    + "127.0.0.1:" + taken.getLocalPort()).endsWith("the run goes on without it");
            s.close();   // harmless when off
        }
    }

    @Test
    void aSessionPrintsItsUrlInOneLine() {
        List<String> lines = new ArrayList<>();
        try (LiveSession s = LiveSession.start("compare", 0, Duration.ofSeconds(10), 10, lines::add)) {
            assertThat(s.on()).isTrue();
            assertThat(lines).containsExactly("live: " + s.url() + " shows the compare as it happens (--no-live "
                    + "turns it off)");
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** java.net.http will not send a Host header of our choosing: a raw HTTP/1.1 request instead. */
    private static int rawStatus(int port, String host) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static BlockingQueue<String> pump(Stream<String> body) {
        BlockingQueue<String> q = new ArrayBlockingQueue<>(1000);
        Thread t = new Thread(() -> {
            Iterator<String> it = body.iterator();
            while (it.hasNext()) {
                q.add(it.next());
            }
        }, "sse-test-reader");
        t.setDaemon(true);
        t.start();
        return q;
    }

    /** The next line starting with {@code prefix} (others skipped), within 5 s. */
    private static String next(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within 5 s");
    }
}
