package io.pushbench.loadgen.llm;

import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.time.Duration;

/**
 * The Jetty clients of one LLM step: an {@link HttpClient} (HTTP/1.1, or h2c with prior knowledge) and, for
 * WebSocket, a {@link WebSocketClient} on it (RFC 6455 over HTTP/1.1, RFC 8441 over h2c), sized so that Jetty never
 * queues what the load asked for: {@code maxConnections} per destination over HTTP/1.1 (Jetty's default is 64, beyond
 * which requests wait silently in its queue), {@link LlmClient.Settings#H2C_CONNECTIONS} over h2c, and a request
 * queue large enough that nothing is rejected. No timeouts from Jetty: the engine's watchdog applies one idle
 * limit to both transports.
 *
 * <pre>{@code
 * try (LlmJetty j = LlmJetty.start(settings)) { j.http().newRequest(...); j.ws().connect(...); }
 * }</pre>
 */
final class LlmJetty implements AutoCloseable {
    private final QueuedThreadPool threads;
    private final HttpClient http;
    private final WebSocketClient ws;
    private final org.eclipse.jetty.io.ConnectionStatistics connections = new org.eclipse.jetty.io.ConnectionStatistics();

    private LlmJetty(LlmClient.Settings s) {
        int cores = Runtime.getRuntime().availableProcessors();
        threads = new QueuedThreadPool(Math.max(32, 8 * cores), Math.max(4, cores + 2));
        threads.setName("pushbench-llm");
        threads.setDaemon(true);
        threads.setStopTimeout(2000);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(Math.max(1, cores));
        connector.setExecutor(threads);
        connector.setScheduler(new ScheduledExecutorScheduler("pushbench-llm-scheduler", true));
        connector.setTCPNoDelay(true);
        connector.setConnectTimeout(Duration.ofSeconds(10));
        HttpClientTransport transport = s.protocol() == Protocol.H2C
                ? new HttpClientTransportOverHTTP2(new HTTP2Client(connector))
                : new HttpClientTransportOverHTTP(connector);
        http = new HttpClient(transport);
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(s.protocol() == Protocol.H2C && s.transport() == Transport.SSE
                ? LlmClient.Settings.H2C_CONNECTIONS : s.maxConnections());
        http.setMaxRequestsQueuedPerDestination(Math.max(65_536, s.maxConnections()));
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        http.setIdleTimeout(0);
        // a Connection.Listener bean of the HttpClient hears of every TCP connection, WebSocket ones included
        http.addBean(connections);
        if (s.transport() == Transport.WS) {
            ws = new WebSocketClient(http);
            ws.setStopAtShutdown(false);
            ws.setIdleTimeout(Duration.ZERO);
            ws.setMaxTextMessageSize(4L << 20);
        } else {
            ws = null;
        }
    }

    static LlmJetty start(LlmClient.Settings s) throws Exception {
        LlmJetty j = new LlmJetty(s);
        try {
            j.threads.start();
            j.http.start();
            if (j.ws != null) {
                j.ws.start();
            }
        } catch (Exception e) {
            j.close();
            throw e;
        }
        return j;
    }

    /** TCP connections opened so far. */
    long connectionsOpened() {
        return connections.getConnectionsTotal();
    }

    HttpClient http() {
        return http;
    }

    WebSocketClient ws() {
        return ws;
    }

    /** E.g. "Jetty 12.1.14 WebSocketClient on HttpClient over HTTP/1.1". */
    String describe(Protocol p) {
        return "Jetty " + HttpClient.class.getPackage().getImplementationVersion() + " "
                + (ws != null ? "WebSocketClient on " : "") + "HttpClient over "
                + (p == Protocol.H2C ? "h2c (prior knowledge" + (ws != null ? ", RFC 8441)" : ")") : "HTTP/1.1");
    }

    @Override
    public void close() {
        io.pushbench.loadgen.jetty.JettyClients.stopQuietly(ws, "pushbench llm");
        io.pushbench.loadgen.jetty.JettyClients.stopQuietly(http, "pushbench llm");
        io.pushbench.loadgen.jetty.JettyClients.stopQuietly(threads, "pushbench llm");
    }
}
