package io.pushbench.server;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Named variants and optional behaviour: gzip, permessage-deflate, heartbeats, large payloads, Poisson. */
@Timeout(60)
class VariantsTest {

    private static void withServer(ServerConfig.Builder b, ServerTest test) throws Exception {
        try (FeedServer server = FeedServer.start(b.port(0).build())) {
            HttpClient http = new HttpClient();
            http.start();
            WebSocketClient ws = new WebSocketClient(http);
            ws.start();
            try {
                test.run(server, http, ws);
            } finally {
                ws.stop();
                http.stop();
            }
        }
    }

    interface ServerTest {
        void run(FeedServer server, HttpClient http, WebSocketClient ws) throws Exception;
    }

    private static Session deflateSession(FeedServer server, WebSocketClient ws, WsTestClient c) throws Exception {
        ClientUpgradeRequest rq = new ClientUpgradeRequest(URI.create("ws://127.0.0.1:" + server.port() + "/ws"));
        rq.addExtensions("permessage-deflate");
        return ws.connect(c, rq).get(10, TimeUnit.SECONDS);
    }

    @Test
    void permessageDeflateIsRefusedByDefault() throws Exception {
        withServer(ServerConfig.builder(), (server, http, ws) -> {
            WsTestClient c = new WsTestClient();
            Session s = deflateSession(server, ws, c);
            assertThat(s.getUpgradeResponse().getExtensions()).isEmpty();
            FeedServerTest.checkMessageSize(c.take(), ServerConfig.DEFAULT_PAYLOAD);
            s.close();
        });
    }

    @Test
    void permessageDeflateIsNegotiatedWithTheVariant() throws Exception {
        withServer(ServerConfig.builder().wsDeflate(true), (server, http, ws) -> {
            WsTestClient c = new WsTestClient();
            Session s = deflateSession(server, ws, c);
            assertThat(s.getUpgradeResponse().getExtensions()).extracting(ExtensionConfig::getName)
                    .contains("permessage-deflate");
            FeedServerTest.checkMessageSize(c.take(), ServerConfig.DEFAULT_PAYLOAD);
            s.close();
        });
    }

    @Test
    void gzipVariantStreamsCompressedEvents() throws Exception {
        withServer(ServerConfig.builder().gzip(true).rate(100), (server, http, ws) -> {
            try (RawClient raw = new RawClient(server.port(), 0)) {
                raw.send("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n");
                assertThat(raw.readHead(5_000)).containsIgnoringCase("Content-Encoding: gzip");
            }
            // Jetty's HttpClient asks for gzip and decodes it
            SseTestClient c = SseTestClient.open(http, server.baseUri().resolve("/sse"), null);
            long prev = -1;
            for (int i = 0; i < 20; i++) {
                long seq = FeedServerTest.checkMessageSize(c.take().data(), ServerConfig.DEFAULT_PAYLOAD);
                assertThat(prev < 0 || seq == prev + 1).isTrue();
                prev = seq;
            }
            c.close();
            // the SSE-only variant leaves WebSocket and the other endpoints untouched
            WsTestClient w = new WsTestClient();
            Session s = ws.connect(w, URI.create("ws://127.0.0.1:" + server.port() + "/ws")).get(10, TimeUnit.SECONDS);
            FeedServerTest.checkMessageSize(w.take(), ServerConfig.DEFAULT_PAYLOAD);
            s.close();
            try (RawClient raw = new RawClient(server.port(), 0)) {
                raw.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n");
                assertThat(raw.readHead(5_000)).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("Content-Encoding");
            }
        });
    }

    @Test
    void heartbeatsWhenTheFeedIsQuiet() throws Exception {
        withServer(ServerConfig.builder().rate(0.01).heartbeatMs(100), (server, http, ws) -> {
            SseTestClient c = SseTestClient.open(http, server.baseUri().resolve("/sse"), null);
            assertThat(c.comments.poll(5, TimeUnit.SECONDS)).isEqualTo("hb");
            assertThat(c.comments.poll(5, TimeUnit.SECONDS)).isEqualTo("hb");
            c.close();
        });
    }

    @Test
    void largePayloadsGoOutAsOneFrameAndOneEvent() throws Exception {
        withServer(ServerConfig.builder().payloadBytes(100_000).rate(20), (server, http, ws) -> {
            WsTestClient c = new WsTestClient();
            Session s = ws.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws")).get(10, TimeUnit.SECONDS);
            s.setMaxTextMessageSize(200_000);
            FeedServerTest.checkMessageSize(c.take(), 100_000);
            SseTestClient e = SseTestClient.open(http, server.baseUri().resolve("/sse"), null);
            FeedServerTest.checkMessageSize(e.take().data(), 100_000);
            s.close();
            e.close();
        });
    }

    @Test
    void poissonFeedIsGapFree() throws Exception {
        withServer(ServerConfig.builder().rate(300).poisson(true).seed(9), (server, http, ws) -> {
            SseTestClient c = SseTestClient.open(http, server.baseUri().resolve("/sse"), null);
            long prev = -1;
            for (int i = 0; i < 50; i++) {
                long seq = FeedServerTest.checkMessageSize(c.take().data(), ServerConfig.DEFAULT_PAYLOAD);
                assertThat(prev < 0 || seq == prev + 1).isTrue();
                prev = seq;
            }
            c.close();
        });
    }
}
