package io.pushbench.server;

import io.pushbench.wire.FeedContract;
import io.pushbench.wire.FeedJson;
import io.pushbench.wire.Transport;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write variants, identical on both transports: every combination of writers (publisher thread, pool,
 * dedicated threads) and write batch (1: one message per write; 64: coalescing) delivers a resumed backlog and the
 * live feed after it gap-free and in order on SSE and WebSocket, and counts every message written.
 * {@code POST /admin/rate} changes the rate of the running feed without a gap.
 */
@Timeout(60)
class WriteVariantsTest {
    private static final int BACKLOG = 300;

    @ParameterizedTest(name = "writers {0}, write batch {1}")
    @CsvSource({"publisher, 1", "publisher, 64", "pool, 1", "pool, 64", "2, 1", "2, 64"})
    void backlogAndLiveFeedArriveGapFreeOnBothTransports(String writers, int batch) throws Exception {
        ServerConfig cfg = ServerConfig.builder().port(0).rate(2_000).writers(Writers.parse(writers))
                .writeBatch(batch).build();
        try (FeedServer server = FeedServer.start(cfg)) {
            HttpClient http = new HttpClient();
            http.start();
            WebSocketClient ws = new WebSocketClient(http);
            ws.start();
            try {
                while (server.metrics().lastSeq() < BACKLOG + 10) {
                    Thread.sleep(20);
                }
                // resume from seq 10: a backlog of hundreds replayed at once, which the batch gathers
                SseTestClient sse = SseTestClient.open(http, server.baseUri().resolve(FeedContract.SSE_PATH), "10");
                WsTestClient wsc = new WsTestClient();
                Session session = ws.connect(wsc, URI.create("ws://127.0.0.1:" + server.port()
                        + FeedContract.WS_PATH + "?" + FeedContract.LAST_EVENT_ID_PARAM + "=10")).get(10, TimeUnit.SECONDS);
                long sseLast = 10;
                long wsLast = 10;
                for (int i = 0; i < BACKLOG * 2; i++) {
                    long s = FeedJson.longField(sse.take().data(), FeedJson.SEQ);
                    assertThat(s).as("SSE seq after %d", sseLast).isEqualTo(sseLast + 1);
                    sseLast = s;
                    long w = FeedJson.longField(wsc.take(), FeedJson.SEQ);
                    assertThat(w).as("WS seq after %d", wsLast).isEqualTo(wsLast + 1);
                    wsLast = w;
                }
                ServerMetrics m = server.metrics();
                assertThat(m.deliveries(Transport.SSE)).isGreaterThan(BACKLOG);
                assertThat(m.deliveries(Transport.WS)).isGreaterThan(BACKLOG);
                sse.close();
                session.close();
            } finally {
                ws.stop();
                http.stop();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void adminRateChangesTheRunningRateWithoutAGap() throws Exception {
        ServerConfig cfg = ServerConfig.builder().port(0).rate(50).adminToken("t0ken").build();
        try (FeedServer server = FeedServer.start(cfg)) {
            HttpClient http = new HttpClient();
            http.start();
            try {
                SseTestClient sse = SseTestClient.open(http, server.baseUri().resolve(FeedContract.SSE_PATH), null);
                long last = FeedJson.longField(sse.take().data(), FeedJson.SEQ);
                ContentResponse bad = http.newRequest(server.baseUri().resolve(FeedContract.ADMIN_RATE_PATH + "?perSec=0"))
                        .method(HttpMethod.POST).headers(h -> h.put("Authorization", "Bearer t0ken")).send();
                assertThat(bad.getStatus()).isEqualTo(400);
                assertThat(bad.getContentAsString()).contains("perSec must be a number in (0, 1000000], was '0'");
                ContentResponse ok = http.newRequest(server.baseUri().resolve(FeedContract.ADMIN_RATE_PATH + "?perSec=1000"))
                        .method(HttpMethod.POST).headers(h -> h.put("Authorization", "Bearer t0ken")).send();
                assertThat(ok.getStatus()).isEqualTo(200);
                assertThat(server.metrics().publishRate()).isEqualTo(1000.0);
                long start = System.nanoTime();
                for (int i = 0; i < 500; i++) { // 10 s at the old rate, 0.5 s at the new one
                    long s = FeedJson.longField(sse.take().data(), FeedJson.SEQ);
                    assertThat(s).isEqualTo(last + 1);
                    last = s;
                }
                assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
                sse.close();
            } finally {
                http.stop();
            }
        }
    }
}
