package io.pushbench.server;

import io.pushbench.wire.FeedJson;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Resume continues exactly after the given seq; a resume point older than the ring gets the lost signal first. */
@Timeout(60)
class ResumeTest {
    static final int RING = 20;
    static FeedServer server;
    static HttpClient http;
    static WebSocketClient ws;

    @BeforeAll
    static void start() throws Exception {
        server = FeedServer.start(ServerConfig.builder().port(0).rate(200).payloadBytes(100).ring(RING).build());
        http = new HttpClient();
        http.start();
        ws = new WebSocketClient(http);
        ws.start();
        while (server.metrics().lastSeq() < 2 * RING + 5) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        ws.stop();
        http.stop();
        server.close();
    }

    static long seq(String json) {
        return FeedJson.longField(json, FeedJson.SEQ);
    }

    @Test
    void sseResumesWithTheHeader() throws Exception {
        long from = server.metrics().lastSeq() - 5;
        SseTestClient c = SseTestClient.open(http, server.baseUri().resolve("/sse"), Long.toString(from));
        expectSseFrom(c, from + 1, 30);
        // the marker names the first live seq: after the replay of from+1.., never before it
        assertThat(c.subscribedNext).isGreaterThan(from + 1);
    }

    @Test
    void sseResumesWithTheQueryParameter() throws Exception {
        long from = server.metrics().lastSeq() - 3;
        SseTestClient c = SseTestClient.open(http, server.baseUri().resolve("/sse?lastEventId=" + from), null);
        expectSseFrom(c, from + 1, 30);
    }

    private static void expectSseFrom(SseTestClient c, long first, int n) throws InterruptedException {
        for (long s = first; s < first + n; s++) {
            SseTestClient.Event e = c.take();
            assertThat(e.id()).isEqualTo(Long.toString(s));
            assertThat(seq(e.data())).isEqualTo(s);
        }
        c.close();
    }

    @Test
    void webSocketResumesWithTheQueryParameter() throws Exception {
        long from = server.metrics().lastSeq() - 7;
        WsTestClient c = new WsTestClient();
        ws.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws?lastEventId=" + from)).get(10, TimeUnit.SECONDS);
        for (long s = from + 1; s < from + 31; s++) {
            assertThat(seq(c.take())).isEqualTo(s);
        }
        assertThat(c.subscribedNext).isGreaterThan(from + 1);
        c.session.close();
    }

    @Test
    void sseResumeOlderThanTheRingGetsTheLostSignalThenTheRing() throws Exception {
        SseTestClient c = SseTestClient.open(http, server.baseUri().resolve("/sse"), "1");
        SseTestClient.Event lost = c.take();
        assertThat(lost.event()).isEqualTo("lost");
        long from = FeedJson.longField(lost.data(), "\"from\":");
        long to = FeedJson.longField(lost.data(), "\"to\":");
        assertThat(lost.data()).startsWith("{\"event\":\"lost\"");
        assertThat(from).isEqualTo(2);
        assertThat(to).isGreaterThanOrEqualTo(RING + 5);
        // order: marker, lost signal, ring, live; the marker's next lies after the ring
        assertThat(c.subscribedNext).isGreaterThan(to + 1);
        expectSseFrom(c, to + 1, RING + 10);
    }

    @Test
    void webSocketResumeOlderThanTheRingGetsTheLostSignalThenTheRing() throws Exception {
        WsTestClient c = new WsTestClient();
        ws.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws?lastEventId=3")).get(10, TimeUnit.SECONDS);
        String lost = c.take();
        assertThat(lost).startsWith("{\"event\":\"lost\",\"from\":4,\"to\":");
        long to = FeedJson.longField(lost, "\"to\":");
        assertThat(c.subscribedNext).isGreaterThan(to + 1);
        for (long s = to + 1; s < to + 1 + RING + 10; s++) {
            assertThat(seq(c.take())).isEqualTo(s);
        }
        c.session.close();
    }
}
