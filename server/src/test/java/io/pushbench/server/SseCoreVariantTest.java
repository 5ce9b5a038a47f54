package io.pushbench.server;

import io.pushbench.wire.Transport;

import io.pushbench.wire.FeedJson;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code sseCore} variant keeps the SSE contract: same stream, resume, errors, policy and drops. */
@Timeout(60)
class SseCoreVariantTest {
    static FeedServer server;
    static HttpClient h1;
    static HttpClient h2;

    @BeforeAll
    static void start() throws Exception {
        server = FeedServer.start(ServerConfig.builder().port(0).rate(200).payloadBytes(FeedServerTest.PAYLOAD)
                .ring(20).sseCore(true).adminToken("t").build());
        h1 = new HttpClient();
        h1.start();
        h2 = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        h2.start();
        while (server.metrics().lastSeq() < 50) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        h1.stop();
        h2.stop();
        server.close();
    }

    @Test
    void gapFreeOverHttp1AndH2c() throws Exception {
        for (HttpClient client : new HttpClient[]{h1, h2}) {
            try (SseTestClient c = SseTestClient.open(client, server.baseUri().resolve("/sse"), null)) {
                long prev = -1;
                for (int i = 0; i < 50; i++) {
                    SseTestClient.Event e = c.take();
                    long seq = FeedServerTest.checkMessage(e.data());
                    assertThat(e.id()).isEqualTo(Long.toString(seq));
                    assertThat(prev < 0 || seq == prev + 1).isTrue();
                    prev = seq;
                }
                assertThat(c.retry).isEqualTo(ServerConfig.DEFAULT_RETRY_MS);
            }
        }
    }

    @Test
    void resumesAndSignalsLoss() throws Exception {
        long from = server.metrics().lastSeq() - 5;
        try (SseTestClient c = SseTestClient.open(h1, server.baseUri().resolve("/sse?lastEventId=" + from), null)) {
            for (long s = from + 1; s < from + 20; s++) {
                assertThat(FeedJson.longField(c.take().data(), FeedJson.SEQ)).isEqualTo(s);
            }
        }
        try (SseTestClient c = SseTestClient.open(h1, server.baseUri().resolve("/sse"), "1")) {
            SseTestClient.Event lost = c.take();
            assertThat(lost.event()).isEqualTo("lost");
            long to = FeedJson.longField(lost.data(), "\"to\":");
            assertThat(FeedJson.longField(c.take().data(), FeedJson.SEQ)).isEqualTo(to + 1);
        }
    }

    @Test
    void badLastEventIdIs400() throws Exception {
        ContentResponse r = h1.newRequest(server.baseUri().resolve("/sse")).headers(h -> h.put("Last-Event-ID", "x1"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.getContentAsString()).isEqualTo("bad Last-Event-ID: event id must be a non-negative decimal integer\n");
        assertThat(h1.GET(server.baseUri().resolve("/health")).getStatus()).isEqualTo(200); // passes through
    }

    @Test
    void dropCloseEndsCleanlyAndAbortDoesNot() throws Exception {
        SseTestClient a = SseTestClient.open(h1, server.baseUri().resolve("/sse"), null);
        a.take();
        assertThat(drop("transport=sse&fraction=1&mode=close")).isEqualTo("{\"dropped\":1}");
        Result clean = a.done.get(10, TimeUnit.SECONDS);
        assertThat(clean.isSucceeded()).isTrue();
        SseTestClient b = SseTestClient.open(h1, server.baseUri().resolve("/sse"), null);
        b.take();
        assertThat(drop("transport=sse&fraction=1&mode=abort")).isEqualTo("{\"dropped\":1}");
        assertThat(b.done.get(10, TimeUnit.SECONDS).isFailed()).isTrue();
    }

    private static String drop(String query) throws Exception {
        return h1.newRequest(server.baseUri().resolve("/admin/drop?" + query)).method(HttpMethod.POST)
                .headers(h -> h.put("Authorization", "Bearer t")).timeout(10, TimeUnit.SECONDS).send()
                .getContentAsString();
    }

    @Test
    void neverReadingClientIsDisconnectedAndCounted() throws Exception {
        try (FeedServer s = FeedServer.start(ServerConfig.builder().port(0).rate(200).payloadBytes(32 * 1024)
                .queue(16).sseCore(true).build());
             RawClient c = new RawClient(s.port(), 4096)) {
            c.send("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            for (int i = 0; i < 3_000 && s.metrics().slowConsumerDisconnects(Transport.SSE) == 0; i++) {
                Thread.sleep(10);
            }
            assertThat(s.metrics().slowConsumerDisconnects(Transport.SSE)).isEqualTo(1);
        }
    }

    @Test
    void silentStreamEndsAtTheIdleTimeout() throws Exception {
        try (FeedServer s = FeedServer.start(ServerConfig.builder().port(0).rate(0.001).heartbeatMs(0)
                .idleTimeoutMs(300).sseCore(true).build());
             SseTestClient c = SseTestClient.open(h1, s.baseUri().resolve("/sse"), null)) {
            c.done.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 200 && s.metrics().connections(Transport.SSE) > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(s.metrics().connections(Transport.SSE)).isZero();
        }
    }
}
