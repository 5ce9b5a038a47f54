package io.pushbench.server;

import io.pushbench.wire.Transport;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The idle timeout ends silent streams, and a flowing feed (or heartbeats) keeps streams alive past it. */
@Timeout(60)
class IdleTimeoutTest {

    @Test
    void flowingStreamsOutliveTheIdleTimeout() throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().port(0).rate(20).idleTimeoutMs(500).build())) {
            HttpClient h1 = new HttpClient();
            HttpClient h2 = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
            h1.start();
            h2.start();
            WebSocketClient ws1 = new WebSocketClient(h1);
            WebSocketClient ws2 = new WebSocketClient(h2);
            ws1.start();
            ws2.start();
            try {
                SseTestClient s1 = SseTestClient.open(h1, server.baseUri().resolve("/sse"), null);
                SseTestClient s2 = SseTestClient.open(h2, server.baseUri().resolve("/sse"), null);
                URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
                WsTestClient w1 = new WsTestClient();
                WsTestClient w2 = new WsTestClient();
                ws1.connect(w1, ws).get(10, TimeUnit.SECONDS);
                ws2.connect(w2, ws).get(10, TimeUnit.SECONDS);
                Thread.sleep(2_000); // four idle timeouts
                assertThat(s1.done).isNotDone();
                assertThat(s2.done).isNotDone();
                assertThat(w1.closed).isNotDone();
                assertThat(w2.closed).isNotDone();
                assertThat(server.metrics().connections(Transport.SSE) + server.metrics().connections(Transport.WS))
                        .isEqualTo(4);
                s1.close();
                s2.close();
            } finally {
                ws1.stop();
                ws2.stop();
                h1.stop();
                h2.stop();
            }
        }
    }

    @Test
    void silentStreamsEndAtTheIdleTimeoutAndHeartbeatsPreventIt() throws Exception {
        ServerConfig.Builder quiet = ServerConfig.builder().port(0).rate(0.001).idleTimeoutMs(500);
        try (FeedServer silent = FeedServer.start(quiet.heartbeatMs(0).build());
             FeedServer beating = FeedServer.start(quiet.heartbeatMs(150).build())) {
            HttpClient h1 = new HttpClient();
            h1.start();
            WebSocketClient ws = new WebSocketClient(h1);
            ws.start();
            try {
                SseTestClient sseSilent = SseTestClient.open(h1, silent.baseUri().resolve("/sse"), null);
                WsTestClient wsSilent = new WsTestClient();
                ws.connect(wsSilent, URI.create("ws://127.0.0.1:" + silent.port() + "/ws")).get(10, TimeUnit.SECONDS);
                SseTestClient sseBeating = SseTestClient.open(h1, beating.baseUri().resolve("/sse"), null);
                WsTestClient wsBeating = new WsTestClient();
                ws.connect(wsBeating, URI.create("ws://127.0.0.1:" + beating.port() + "/ws")).get(10, TimeUnit.SECONDS);
                sseSilent.done.get(10, TimeUnit.SECONDS);
                wsSilent.closed.get(10, TimeUnit.SECONDS);
                Thread.sleep(1_000);
                assertThat(sseBeating.done).isNotDone();
                assertThat(wsBeating.closed).isNotDone();
                for (int i = 0; i < 200 && silent.metrics().connections(Transport.SSE) + silent.metrics().connections(Transport.WS) > 0; i++) {
                    Thread.sleep(10);
                }
                assertThat(silent.metrics().connections(Transport.SSE) + silent.metrics().connections(Transport.WS)).isZero();
                sseBeating.close();
            } finally {
                ws.stop();
                h1.stop();
            }
        }
    }
}
