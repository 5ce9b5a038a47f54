package io.pushbench.server.llm;

import io.pushbench.server.FeedServer;
import io.pushbench.wire.llm.LlmContract;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The clients of the LLM endpoint tests, started: HTTP/1.1 ({@link #h1}), h2c ({@link #h2}) and a WebSocket client
 * over each ({@link #ws1}, {@link #ws2}, RFC 8441 over h2c).
 *
 * <pre>{@code
 * LlmTestClients clients = LlmTestClients.start();   // @BeforeAll; clients.close() in @AfterAll
 * LlmClients.Ws c = clients.ws(server, "h2c");         // connected to /v1/responses, primed
 * }</pre>
 */
final class LlmTestClients implements AutoCloseable {
    final HttpClient h1;
    final HttpClient h2;
    final WebSocketClient ws1;
    final WebSocketClient ws2;

    private LlmTestClients() {
        h1 = new HttpClient();
        h2 = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        ws1 = new WebSocketClient(h1);
        ws2 = new WebSocketClient(h2);
    }

    static LlmTestClients start() throws Exception {
        LlmTestClients c = new LlmTestClients();
        c.h1.start();
        c.h2.start();
        c.ws1.start();
        c.ws2.start();
        return c;
    }

    /** The HTTP client of {@code protocol} ("h1" or "h2c"). */
    HttpClient http(String protocol) {
        return protocol.equals("h2c") ? h2 : h1;
    }

    /** A WebSocket connection to {@code server}'s Responses endpoint over {@code protocol}, primed over h2c. */
    LlmClients.Ws ws(FeedServer server, String protocol) throws Exception {
        LlmClients.Ws c = new LlmClients.Ws();
        URI u = URI.create(server.baseUri().toString().replace("http:", "ws:") + LlmContract.RESPONSES_WS_PATH);
        (protocol.equals("h2c") ? ws2 : ws1).connect(c, u).get(10, TimeUnit.SECONDS);
        if (protocol.equals("h2c")) {
            LlmClients.prime(c);
        }
        return c;
    }

    @Override
    public void close() throws Exception {
        ws1.stop();
        ws2.stop();
        h1.stop();
        h2.stop();
    }
}
