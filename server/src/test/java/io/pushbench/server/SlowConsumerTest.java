package io.pushbench.server;

import io.pushbench.wire.Transport;

import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that never reads is disconnected by the shared policy and counted, on both transports. Large messages
 * and a small receive window fill the kernel buffers in well under a second, then the small queue overflows.
 */
@Timeout(60)
class SlowConsumerTest {
    FeedServer server;

    @BeforeEach
    void start() throws Exception {
        server = FeedServer.start(ServerConfig.builder().port(0).rate(200).payloadBytes(32 * 1024).queue(16).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void sseClientThatNeverReadsIsDisconnectedAndCounted() throws Exception {
        try (RawClient c = new RawClient(server.port(), 4096)) {
            c.send("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            awaitDisconnect(Transport.SSE);
        }
        assertServes();
    }

    @Test
    void webSocketClientThatNeverReadsIsDisconnectedAndCounted() throws Exception {
        try (RawClient c = new RawClient(server.port(), 4096)) {
            c.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            awaitDisconnect(Transport.WS);
        }
        assertServes();
    }

    @Test
    void sseOverH2cStreamThatNeverReadsIsResetAndCounted() throws Exception {
        org.eclipse.jetty.http2.client.HTTP2Client h2 = new org.eclipse.jetty.http2.client.HTTP2Client();
        h2.setInitialStreamRecvWindow(65_535); // a small window, so flow control stalls the stream quickly
        HttpClient client = new HttpClient(new org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2(h2));
        client.start();
        try {
            java.util.concurrent.CompletableFuture<org.eclipse.jetty.client.Result> done = new java.util.concurrent.CompletableFuture<>();
            client.newRequest(server.baseUri().resolve("/sse"))
                    .onResponseContentSource((response, source) -> { /* never reads, never demands */ })
                    .send(done::complete);
            awaitDisconnect(Transport.SSE);
            assertThat(done.get(10, java.util.concurrent.TimeUnit.SECONDS).isFailed()).isTrue();
        } finally {
            client.stop();
        }
        assertServes();
    }

    private void awaitDisconnect(Transport t) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.metrics().slowConsumerDisconnects(t) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.metrics().slowConsumerDisconnects(t)).isEqualTo(1);
        assertThat(server.metrics().maxQueueDepth()).isEqualTo(16);
        while (server.metrics().connections(t) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.metrics().connections(t)).isZero();
    }

    private void assertServes() throws Exception {
        try (RawClient c = new RawClient(server.port(), 0)) {
            c.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(c.readHead(5_000)).startsWith("HTTP/1.1 200");
        }
    }
}
