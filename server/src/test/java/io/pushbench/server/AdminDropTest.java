package io.pushbench.server;

import io.pushbench.wire.Transport;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/drop}: abort, close and connection behave as named, the token is required, bad parameters get
 * 400.
 */
@Timeout(60)
class AdminDropTest {
    static FeedServer server;
    static HttpClient http;
    static WebSocketClient ws;

    @BeforeAll
    static void start() throws Exception {
        server = FeedServer.start(ServerConfig.builder().port(0).rate(100).adminToken("s3cret").build());
        http = new HttpClient();
        http.start();
        ws = new WebSocketClient(http);
        ws.start();
    }

    @AfterAll
    static void stop() throws Exception {
        ws.stop();
        http.stop();
        server.close();
    }

    static ContentResponse drop(String query, String token) throws Exception {
        Request r = http.newRequest(server.baseUri().resolve("/admin/drop?" + query)).method(HttpMethod.POST)
                .timeout(10, TimeUnit.SECONDS);
        if (token != null) {
            r.headers(h -> h.put("Authorization", "Bearer " + token));
        }
        return r.send();
    }

    private static SseTestClient sse() throws Exception {
        SseTestClient c = SseTestClient.open(http, server.baseUri().resolve("/sse"), null);
        c.take();
        return c;
    }

    private static WsTestClient webSocket() throws Exception {
        WsTestClient c = new WsTestClient();
        ws.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws")).get(10, TimeUnit.SECONDS);
        c.take();
        return c;
    }

    private static void awaitNoConnections() throws InterruptedException {
        for (int i = 0; i < 500 && server.metrics().connections(Transport.SSE) + server.metrics().connections(Transport.WS) > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(server.metrics().connections(Transport.SSE) + server.metrics().connections(Transport.WS)).isZero();
    }

    @Test
    void closeEndsStreamsCleanly() throws Exception {
        SseTestClient s = sse();
        WsTestClient w = webSocket();
        ContentResponse r = drop("transport=all&fraction=1&mode=close", "s3cret");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).isEqualTo("{\"dropped\":2}");
        Result result = s.done.get(10, TimeUnit.SECONDS);
        assertThat(result.isSucceeded()).as("SSE response ends cleanly").isTrue();
        assertThat(w.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.SHUTDOWN);
        awaitNoConnections();
    }

    @Test
    void abortEndsStreamsWithoutACleanEnd() throws Exception {
        SseTestClient s = sse();
        WsTestClient w = webSocket();
        assertThat(drop("transport=sse&fraction=1&mode=abort", "s3cret").getContentAsString()).isEqualTo("{\"dropped\":1}");
        assertThat(drop("transport=ws&fraction=1.0&mode=abort", "s3cret").getContentAsString()).isEqualTo("{\"dropped\":1}");
        Result result = s.done.get(10, TimeUnit.SECONDS);
        assertThat(result.isFailed()).as("SSE response must not end cleanly").isTrue();
        assertThat(w.closed.get(10, TimeUnit.SECONDS)).isIn(StatusCode.ABNORMAL, -1);
        awaitNoConnections();
    }

    @Test
    void fractionDropsItsShare() throws Exception {
        List<WsTestClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(webSocket());
        }
        assertThat(drop("transport=ws&fraction=0.5", "s3cret").getContentAsString()).isEqualTo("{\"dropped\":2}");
        assertThat(drop("transport=sse&fraction=1", "s3cret").getContentAsString()).isEqualTo("{\"dropped\":0}");
        assertThat(drop("fraction=0", "s3cret").getContentAsString()).isEqualTo("{\"dropped\":0}");
        long closed = 0;
        for (int i = 0; i < 500 && closed < 2; i++) {
            Thread.sleep(10);
            closed = clients.stream().filter(c -> c.closed.isDone()).count();
        }
        Thread.sleep(100);
        closed = clients.stream().filter(c -> c.closed.isDone()).count();
        assertThat(closed).isEqualTo(2);
        drop("fraction=1", "s3cret");
        awaitNoConnections();
    }

    @Test
    void abortOverH2cResetsOnlyThatStream() throws Exception {
        HttpClient h2 = new HttpClient(new org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2(
                new org.eclipse.jetty.http2.client.HTTP2Client()));
        h2.setMaxConnectionsPerDestination(1); // both streams share one TCP connection
        h2.start();
        try (SseTestClient a = SseTestClient.open(h2, server.baseUri().resolve("/sse"), null);
             SseTestClient b = SseTestClient.open(h2, server.baseUri().resolve("/sse"), null)) {
            a.take();
            b.take();
            assertThat(drop("transport=sse&fraction=0.5&mode=abort", "s3cret").getContentAsString())
                    .isEqualTo("{\"dropped\":1}");
            for (int i = 0; i < 500 && !a.done.isDone() && !b.done.isDone(); i++) {
                Thread.sleep(10);
            }
            SseTestClient dropped = a.done.isDone() ? a : b;
            SseTestClient kept = dropped == a ? b : a;
            assertThat(dropped.done.get(10, TimeUnit.SECONDS).isFailed()).isTrue();
            kept.events.clear();
            kept.take(); // the neighbour on the same connection keeps streaming
            kept.take();
            assertThat(kept.done).isNotDone();
        } finally {
            h2.stop();
        }
        awaitNoConnections();
    }

    @Test
    void connectionModeOverH2cEndsEveryStreamOfTheConnection() throws Exception {
        HttpClient h2 = new HttpClient(new org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2(
                new org.eclipse.jetty.http2.client.HTTP2Client()));
        h2.setMaxConnectionsPerDestination(1); // both streams share one TCP connection
        h2.start();
        long acceptedBefore = server.metrics().connectionsAccepted();
        try (SseTestClient a = SseTestClient.open(h2, server.baseUri().resolve("/sse"), null);
             SseTestClient b = SseTestClient.open(h2, server.baseUri().resolve("/sse"), null)) {
            a.take();
            b.take();
            assertThat(server.metrics().connectionsAccepted()).as("two streams, one TCP connection")
                    .isEqualTo(acceptedBefore + 1);
            // one stream chosen, but its connection carries both: both end, neither with a clean end
            assertThat(drop("transport=sse&fraction=0.5&mode=connection", "s3cret").getContentAsString())
                    .isEqualTo("{\"dropped\":1,\"connections\":1}");
            assertThat(a.done.get(10, TimeUnit.SECONDS).isFailed()).isTrue();
            assertThat(b.done.get(10, TimeUnit.SECONDS).isFailed()).isTrue();
        } finally {
            h2.stop();
        }
        awaitNoConnections();
    }

    @Test
    void connectionModeOverHttp11ClosesEachChosenSubscribersConnection() throws Exception {
        SseTestClient s = sse();
        WsTestClient w = webSocket();
        assertThat(drop("fraction=1&mode=connection", "s3cret").getContentAsString())
                .isEqualTo("{\"dropped\":2,\"connections\":2}");
        assertThat(s.done.get(10, TimeUnit.SECONDS).isFailed()).as("no clean end of the SSE response").isTrue();
        assertThat(w.closed.get(10, TimeUnit.SECONDS)).as("no close frame").isIn(StatusCode.ABNORMAL, -1);
        awaitNoConnections();
    }

    @Test
    void withoutTheTokenIs401() throws Exception {
        assertThat(drop("fraction=1", null).getStatus()).isEqualTo(401);
        assertThat(drop("fraction=1", "wrong").getStatus()).isEqualTo(401);
        assertThat(drop("fraction=1", null).getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void badParametersAre400WithOneLine() throws Exception {
        for (String q : List.of("transport=smoke&fraction=1", "mode=explode&fraction=1", "fraction=1.5",
                "fraction=-0.1", "fraction=abc", "fraction=NaN", "transport=ws")) {
            ContentResponse r = drop(q, "s3cret");
            assertThat(r.getStatus()).as(q).isEqualTo(400);
            assertThat(r.getContentAsString().strip().lines()).as(q).hasSize(1);
        }
        assertThat(drop("transport=smoke&fraction=1", "s3cret").getContentAsString())
                .isEqualTo("transport must be sse, ws or all, was 'smoke'\n");
        assertThat(drop("fraction=1.5", "s3cret").getContentAsString()).isEqualTo("fraction must be in 0..1, was 1.5\n");
        assertThat(http.GET(server.baseUri().resolve("/health")).getStatus()).isEqualTo(200);
    }

    @Test
    void gcAnswersTheLiveHeapAndNeedsTheToken() throws Exception {
        Request unauthorised = http.newRequest(server.baseUri().resolve("/admin/gc")).method(HttpMethod.POST)
                .timeout(10, TimeUnit.SECONDS);
        assertThat(unauthorised.send().getStatus()).isEqualTo(401);
        SseTestClient s = sse();
        ContentResponse r = http.newRequest(server.baseUri().resolve("/admin/gc")).method(HttpMethod.POST)
                .headers(h -> h.put("Authorization", "Bearer s3cret")).timeout(30, TimeUnit.SECONDS).send();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).matches("\\{\"heapUsedBytes\":[1-9][0-9]*,\"connections\":1}");
        s.close();
        awaitNoConnections();
    }
}
