package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.wire.Protocol;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Jetty clients of one {@link JettyDriver} run, sized for the run: one {@link HttpClient} (HTTP/1.1, or h2c with
 * prior knowledge) and, for WebSocket, a {@link WebSocketClient} on it (RFC 6455 upgrade over HTTP/1.1, RFC 8441
 * extended CONNECT over h2c).
 *
 * <pre>{@code
 * try (JettyClients c = JettyClients.start(config)) {
 *     c.http().newRequest(...);   c.ws().connect(...);   c.scheduler().schedule(...);
 * }
 * }</pre>
 *
 * <p>Sizing, so that the client never silently queues or shares what the run asked for: selectors = the cores this
 * JVM may use; HTTP/1.1 allows one connection per subscriber (Jetty's default of 64 per destination would queue the
 * rest); over h2c, {@code ceil(connections / streamsPerConnection)} connections each carrying at most
 * {@code streamsPerConnection} streams (room for twice as many: see the pool's comment) (the pool's multiplex is fixed here, not taken from the server's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS}). The executor is a small {@link QueuedThreadPool}: subscribers' reads are
 * non-blocking tasks the selector may run in place.
 */
public final class JettyClients implements StreamClients {
    private final DriverConfig config;
    private final QueuedThreadPool threads;
    private final java.util.concurrent.Executor executor;
    private final Scheduler scheduler;
    private final HttpClient http;
    private final WebSocketClient ws;
    private final int selectors;

    private JettyClients(DriverConfig config, boolean websocket) {
        this.config = config;
        int cores = Runtime.getRuntime().availableProcessors();
        this.selectors = Math.max(1, cores);
        threads = new QueuedThreadPool(Math.max(16, 8 * cores), Math.max(4, cores + 2));
        threads.setName("pushbench-jetty");
        threads.setDaemon(true);
        threads.setStopTimeout(2000);
        scheduler = new ScheduledExecutorScheduler("pushbench-jetty-scheduler", true);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(selectors);
        // HttpClient hands its executor to the connector at start: set the same one on both
        executor = Boolean.getBoolean("pushbench.jetty.blockingListeners") ? threads
                : new SelectorInlineExecutor(threads);
        connector.setExecutor(executor);
        connector.setScheduler(scheduler);
        connector.setTCPNoDelay(true);
        connector.setConnectTimeout(java.time.Duration.ofSeconds(10));
        int subscribers = config.connections();
        HttpClientTransport transport;
        if (config.protocol() == Protocol.H2C) {
            HTTP2Client h2 = new HTTP2Client(connector);
            h2.setMaxConcurrentPushedStreams(0);
            HttpClientTransportOverHTTP2 t = new HttpClientTransportOverHTTP2(h2);
            // Room for as many connections again: Jetty 12.1's WebSocket client over RFC 8441 never releases the
            // stream slot of a tunnel the server reset or closed (its exchange never completes), so a subscriber
            // that reconnects after a stream-level drop needs a connection of its own (seen: every reconnect after
            // /admin/drop queued forever on a pool without room). Connections open on demand only.
            int tcp = config.tcpConnections() * 2;
            int streams = config.streamsPerConnection();
            t.setConnectionPoolFactory(destination -> new FixedMultiplexPool(destination, tcp, streams));
            transport = t;
        } else {
            transport = new HttpClientTransportOverHTTP(connector);
        }
        // Every listener this driver installs only parses and counts (never blocks): letting the selector thread
        // run them in place saves a thread hand-off per read, which is most of a client's CPU per message.
        if (!Boolean.getBoolean("pushbench.jetty.blockingListeners")) {
            transport.setInvocationType(org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING);
        }
        http = new HttpClient(transport);
        http.setExecutor(executor);
        http.setScheduler(scheduler);
        http.setMaxConnectionsPerDestination(config.protocol() == Protocol.H2C ? config.tcpConnections() * 2
                : subscribers + 16);
        http.setMaxRequestsQueuedPerDestination(subscribers + 1024);
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        // a stream is quiet between messages: never time it out for that (a run's end closes every stream)
        http.setIdleTimeout(0);
        if (websocket) {
            ws = new WebSocketClient(http);
            ws.setStopAtShutdown(false);
            ws.setIdleTimeout(java.time.Duration.ZERO);
            ws.setMaxTextMessageSize(4L << 20);
        } else {
            ws = null;
        }
    }

    /** Builds and starts the clients for {@code config}. */
    static JettyClients start(DriverConfig config, boolean websocket) throws Exception {
        JettyClients c = new JettyClients(config, websocket);
        try {
            c.threads.start();      // not a bean of the clients when wrapped: started and stopped here
            c.http.start();
            if (c.ws != null) {
                c.ws.start();
            }
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    HttpClient http() {
        return http;
    }

    /** The WebSocket client (null for an SSE run). */
    WebSocketClient ws() {
        return ws;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public JettySubscriber.Stream stream(URI base, NanoClock clock) {
        return ws != null ? new WsStream(ws, base, clock) : new SseStream(http, base, config.protocol(), clock);
    }

    /** What the results record about the client. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (config.protocol() != Protocol.H2C) {
            m.put("h1Client", JettyDriver.H1Client.HTTPCLIENT.key());
        }
        m.put("client", "Jetty " + HttpClient.class.getPackage().getImplementationVersion() + " "
                + (ws != null ? "WebSocketClient on " : "") + "HttpClient over "
                + (config.protocol() == Protocol.H2C ? "h2c (prior knowledge" + (ws != null ? ", RFC 8441)" : ")")
                : "HTTP/1.1"));
        m.put("selectors", selectors);
        m.put("maxThreads", threads.getMaxThreads());
        m.put("threadsAtEnd", threads.getThreads());
        m.put("maxConnectionsPerDestination", http.getMaxConnectionsPerDestination());
        return m;
    }

    @Override
    public void close() {
        stopQuietly(ws, "pushbench jetty");
        stopQuietly(http, "pushbench jetty");
        stopQuietly(threads, "pushbench jetty");
    }

    /** Stops {@code c} (null: nothing), printing a failure as one line prefixed by {@code who}; never throws. */
    public static void stopQuietly(LifeCycle c, String who) {
        if (c == null) {
            return;
        }
        try {
            c.stop();
        } catch (Exception e) {
            System.err.println(who + ": stopping " + c.getClass().getSimpleName() + ": " + e);
        }
    }

    /**
     * A multiplexed pool whose per-connection stream limit is ours: Jetty's {@link MultiplexConnectionPool} takes
     * each connection's limit from the server's settings, which would put every stream on as few connections as the
     * server allows.
     */
    private static final class FixedMultiplexPool extends MultiplexConnectionPool {
        FixedMultiplexPool(org.eclipse.jetty.client.Destination destination, int maxConnections, int streams) {
            super(destination, () -> new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, maxConnections,
                    connection -> streams), streams);
        }
    }
}
