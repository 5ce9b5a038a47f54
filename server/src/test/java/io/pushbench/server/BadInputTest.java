package io.pushbench.server;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each bad input gets a clear answer and the server keeps serving. */
@Timeout(60)
class BadInputTest {
    static FeedServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = FeedServer.start(ServerConfig.builder().port(0).rate(100).build());
        http = new HttpClient();
        http.start();
    }

    @AfterAll
    static void stop() throws Exception {
        http.stop();
        server.close();
    }

    @AfterEach
    void stillServes() throws Exception {
        assertThat(http.GET(server.baseUri().resolve("/health")).getStatus()).isEqualTo(200);
        SseTestClient c = SseTestClient.open(http, server.baseUri().resolve("/sse"), null);
        c.take();
        c.close();
    }

    private static ContentResponse sseWithHeader(String value) throws Exception {
        return http.newRequest(server.baseUri().resolve("/sse")).headers(h -> h.put("Last-Event-ID", value))
                .timeout(10, TimeUnit.SECONDS).send();
    }

    @Test
    void malformedLastEventIdIs400WithOneLine() throws Exception {
        for (String bad : new String[]{"abc", "-1", "12x", "1.5", "0x10"}) {
            ContentResponse r = sseWithHeader(bad);
            assertThat(r.getStatus()).as(bad).isEqualTo(400);
            assertThat(r.getContentAsString()).as(bad).startsWith("bad Last-Event-ID: ").endsWith("\n");
            assertThat(r.getContentAsString().strip().lines()).hasSize(1);
        }
    }

    @Test
    void hugeLastEventIdIs400() throws Exception {
        assertThat(sseWithHeader("9".repeat(30)).getContentAsString())
                .isEqualTo("bad Last-Event-ID: event id longer than 19 characters\n");
        assertThat(sseWithHeader("9".repeat(19)).getContentAsString())
                .isEqualTo("bad Last-Event-ID: event id out of range\n");
        ContentResponse q = http.newRequest(server.baseUri().resolve("/sse?lastEventId=" + "1".repeat(5000)))
                .timeout(10, TimeUnit.SECONDS).send();
        assertThat(q.getStatus()).isEqualTo(400);
    }

    @Test
    void malformedWebSocketResumeIs400() throws Exception {
        try (RawClient c = new RawClient(server.port(), 0)) {
            c.send("GET /ws?lastEventId=nope HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(c.readHead(5_000)).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void oversizedClientFrameClosesWith1009() throws Exception {
        WebSocketClient ws = new WebSocketClient(http);
        ws.start();
        try {
            WsTestClient c = new WsTestClient();
            ws.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws")).get(10, TimeUnit.SECONDS);
            c.take();
            c.session.sendText("x".repeat(ServerConfig.DEFAULT_MAX_CLIENT_FRAME + 1), org.eclipse.jetty.websocket.api.Callback.NOOP);
            assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.MESSAGE_TOO_LARGE);
        } finally {
            ws.stop();
        }
    }

    @Test
    void headerFloodIs431() throws Exception {
        try (RawClient c = new RawClient(server.port(), 0)) {
            c.send("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Flood: " + "a".repeat(20_000) + "\r\n\r\n");
            assertThat(c.readHead(5_000)).startsWith("HTTP/1.1 431");
        }
        try (RawClient c = new RawClient(server.port(), 0)) {
            StringBuilder many = new StringBuilder("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (int i = 0; i < 2_000; i++) {
                many.append("X-H").append(i).append(": v\r\n");
            }
            c.send(many.append("\r\n").toString());
            assertThat(c.readHead(5_000)).startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void unknownPathIs404AndGarbageIs400() throws Exception {
        assertThat(http.GET(server.baseUri().resolve("/nope")).getStatus()).isEqualTo(404);
        try (RawClient c = new RawClient(server.port(), 0)) {
            c.send("\u0001\u0002garbage\r\n\r\n");
            assertThat(c.readHead(5_000)).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreNotServedUntilOneCloses() throws Exception {
        try (FeedServer small = FeedServer.start(ServerConfig.builder().port(0).maxConnections(2).build());
             RawClient a = new RawClient(small.port(), 0);
             RawClient b = new RawClient(small.port(), 0)) {
            Thread.sleep(200); // both accepted: the limit is reached
            try (RawClient extra = new RawClient(small.port(), 0)) { // completes in the kernel backlog only
                extra.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThatThrownBy(() -> extra.readHead(1_000)).isInstanceOf(SocketTimeoutException.class);
                a.socket.close();
                assertThat(extra.readHead(5_000)).startsWith("HTTP/1.1 200");
            }
            b.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(b.readHead(5_000)).startsWith("HTTP/1.1 200");
        }
    }
}
