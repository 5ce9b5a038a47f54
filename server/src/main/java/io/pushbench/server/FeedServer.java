package io.pushbench.server;

import io.pushbench.server.llm.LlmService;
import io.pushbench.server.log.SegmentLog;
import io.pushbench.wire.FeedContract;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.compression.gzip.GzipEncoderConfig;
import org.eclipse.jetty.compression.server.CompressionConfig;
import org.eclipse.jetty.compression.server.CompressionHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pushbench feed server: one publisher, one feed, pushed over SSE ({@code /sse}) and WebSocket
 * ({@code /ws}) on one port that speaks HTTP/1.1 and h2c (prior knowledge and upgrade; WebSocket over h2c by
 * RFC 8441), plus {@code /health}, {@code /metrics}, {@code /admin/drop} and the browser driver's subscriber page
 * ({@code /browser/subscriber.html}, {@link BrowserPageServlet}); with {@link ServerConfig#tls()} the same endpoints
 * on a second port over TLS (HTTP/1.1 and HTTP/2 by ALPN, {@link TlsCertificate}); and, on the same port, pool and
 * fairness rules, the simulated model server's LLM endpoints ({@code /v1/chat/completions}, {@code /v1/responses}
 * over SSE and WebSocket; {@link LlmService}, docs/llm.md).
 *
 * <pre>{@code
 * ServerConfig cfg = ServerConfig.builder().host("127.0.0.1").port(0).rate(100).payloadBytes(256).build();
 * try (FeedServer server = FeedServer.start(cfg)) {
 *     URI base = server.baseUri();           // http://127.0.0.1:PORT
 *     String token = server.adminToken();    // for POST /admin/drop
 * }
 * }</pre>
 *
 * <p>Durability: with {@link ServerConfig#logDir()} set, the feed is written ahead to a {@link SegmentLog} in that
 * directory; a server started again on it (after a SIGKILL, say) recovers the log, replays its newest
 * {@code ring} messages byte for byte and continues the seqs at the log's last + 1. Without it, the replay ring is
 * in memory only and a restart begins at seq 1.
 *
 * <p>Fairness: both transports share the thread pool, the per-connection bound and the slow-consumer rule
 * ({@link SubscriberQueue}), and write the same encoded bytes. The asymmetric settings are named variants:
 * {@code gzip} (SSE), {@code wsDeflate} (WebSocket) and {@code sseCore} (SSE through a core handler).
 */
public final class FeedServer implements AutoCloseable {
    /**
     * Most bytes one coalesced write gathers, the same on both transports: the servlet's output aggregation buffer
     * (SSE events written before one flush) and the WebSocket frame flusher's batch buffer (batched frames). Jetty's
     * defaults differ (8 KiB and 4 KiB), which would give SSE twice the coalescing of WebSocket under
     * {@code --write-batch}.
     */
    static final int WRITE_AGGREGATE_BYTES = 8 * 1024;

    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector tlsConnector;
    private final TlsCertificate certificate;
    private final Feed feed;
    private final Publisher publisher;
    private final ScheduledExecutorService heartbeats;
    private final SegmentLog log;
    private final LlmService llm;
    private final ExecutorService writerThreads;
    private final java.util.concurrent.atomic.AtomicLong rateChanges = new java.util.concurrent.atomic.AtomicLong();

    private FeedServer(ServerConfig config, SegmentLog log, TlsCertificate certificate) {
        this.certificate = certificate;
        this.config = config;
        this.log = log;
        this.metrics = new ServerMetrics();
        QueuedThreadPool pool = new QueuedThreadPool(config.threads(), Math.min(8, config.threads()));
        pool.setName("pushbench-pool");
        this.server = new Server(pool);
        server.setStopTimeout(1_000);
        this.writerThreads = config.writers().mode() == Writers.Mode.DEDICATED
                ? Executors.newFixedThreadPool(config.writers().threads(), daemon("pushbench-writer-")) : null;
        Executor writerExecutor = switch (config.writers().mode()) {
            case PUBLISHER, POOL -> pool;
            case DEDICATED -> writerThreads;
        };
        this.feed = new Feed(config.ring(), config.queue(), pool, metrics, log, config.writers(), writerExecutor,
                config.writeBatch());
        this.llm = new LlmService(config.llm(), config.queue(), config.wsDeflate(), pool, NanoClock.SYSTEM);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(config.maxRequestHeaderBytes());
        http.setOutputAggregationSize(WRITE_AGGREGATE_BYTES);
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
        h2c.setConnectProtocolEnabled(true); // RFC 8441 WebSocket over HTTP/2
        h2c.setMaxConcurrentStreams(config.h2MaxConcurrentStreams());
        connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http), h2c);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeoutMs());
        connector.setAcceptQueueSize(1_024);
        connector.getSelectorManager().addEventListener(new SelectorManager.AcceptListener() {
            @Override
            public void onAccepted(SelectableChannel channel) {
                metrics.accepted();
            }
        });
        server.addConnector(connector);
        tlsConnector = certificate == null ? null : tlsConnector(http, certificate);
        if (tlsConnector == null) {
            server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
        } else {
            server.addConnector(tlsConnector);
            server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector, tlsConnector));
        }

        server.setHandler(handlers());

        Schedule schedule = config.poisson() ? Schedule.poisson(config.rate(), config.seed())
                : Schedule.fixedRate(config.rate());
        // After a restart on a log, the first message continues its seqs and is due now: nothing is published for
        // the time the server was down, and the new schedule starts at this start.
        this.publisher = new Publisher(schedule, config.payloadBytes(), NanoClock.SYSTEM, Publisher::epochMicros,
                feed::publish, metrics, feed.lastSeq() + 1);
        metrics.publishRate(config.rate());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushbench-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The TLS port: ALPN offers h2 then http/1.1, as a browser expects; HTTP/2 allows RFC 8441 extended CONNECT like
     * the h2c port. The SNI host check is off: a client that connects to 127.0.0.1 sends no SNI.
     */
    private ServerConnector tlsConnector(HttpConfiguration http, TlsCertificate cert) {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory h1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
        h2.setConnectProtocolEnabled(true);
        h2.setMaxConcurrentStreams(config.h2MaxConcurrentStreams());
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), h1.getProtocol());
        alpn.setDefaultProtocol(h1.getProtocol());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(cert.keyStore().toString());
        ssl.setKeyStorePassword(TlsCertificate.PASSWORD);
        ssl.setKeyStoreType("PKCS12");
        SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
        ServerConnector c = new ServerConnector(server, 1, -1, tls, alpn, h2, h1);
        c.setHost(config.host());
        c.setPort(config.tlsPort());
        c.setIdleTimeout(config.idleTimeoutMs());
        c.setAcceptQueueSize(1_024);
        return c;
    }

    private Handler handlers() {
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder sse = new ServletHolder("sse", new SseServlet(feed, config.retryMs()));
        sse.setAsyncSupported(true);
        context.addServlet(sse, FeedContract.SSE_PATH);
        context.addServlet(new ServletHolder("health", new HealthServlet(feed)), FeedContract.HEALTH_PATH);
        context.addServlet(new ServletHolder("metrics", new MetricsHandler(metrics, config, log, llm)), FeedContract.METRICS_PATH);
        ServletHolder admin = new ServletHolder("admin", new AdminHandler(feed, llm, this::changeRate, config.adminToken()));
        context.getServletHandler().addServletWithMapping(admin, FeedContract.ADMIN_DROP_PATH);
        context.getServletHandler().addServletWithMapping(admin, FeedContract.ADMIN_GC_PATH);
        context.getServletHandler().addServletWithMapping(admin, FeedContract.ADMIN_RATE_PATH);
        context.addServlet(new ServletHolder("browser", new BrowserPageServlet(this::tlsInfo)),
                BrowserPageServlet.PATH + "/*");

        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMillis(config.idleTimeoutMs()));
            container.setMaxTextMessageSize(config.maxClientFrameBytes());
            container.setMaxBinaryMessageSize(config.maxClientFrameBytes());
            // The frame size limit applies to both directions in Jetty: with auto-fragmenting off (a feed message
            // is always ONE text frame) it must admit the payload; a larger client frame is closed with 1009.
            container.setMaxFrameSize(Math.max(config.maxClientFrameBytes(), config.payloadBytes() + 1_024));
            container.setAutoFragment(false);
            // The batch buffer that gathers a coalesced WebSocket write: as large as SSE's output aggregation buffer.
            container.setOutputBufferSize(WRITE_AGGREGATE_BYTES);
            container.addMapping(FeedContract.WS_PATH, new WsCreator(feed, config.wsDeflate()));
            llm.addWebSocket(container);
        });
        llm.addServlets(context);
        if (config.sseCore()) {
            SseCoreHandler sseCore = new SseCoreHandler(feed, config.retryMs());
            sseCore.setHandler(context);
            ws.setHandler(sseCore);
        } else {
            ws.setHandler(context);
        }
        if (!config.gzip()) {
            return ws;
        }
        // Variant: gzip on SSE. event-stream must be included explicitly (the defaults exclude it) and the
        // encoder must sync-flush, or events sit in the deflater until its buffer fills.
        GzipEncoderConfig encoder = new GzipEncoderConfig();
        encoder.setSyncFlush(true);
        GzipCompression gzip = new GzipCompression();
        gzip.setDefaultEncoderConfig(encoder);
        CompressionHandler compression = new CompressionHandler(ws);
        compression.putCompression(gzip);
        compression.putConfiguration(FeedContract.SSE_PATH, CompressionConfig.builder()
                .compressIncludeMimeType("text/event-stream")
                .build());
        return compression;
    }

    /** The ring holds each message twice (JSON and SSE bytes): refuse a ring that cannot fit in half the heap. */
    private static void checkRingFits(ServerConfig config) {
        long perMessage = 2L * Math.max(config.payloadBytes(), 64) + 160;
        long need = perMessage * config.ring();
        long max = Runtime.getRuntime().maxMemory();
        if (max != Long.MAX_VALUE && need > max / 2) {
            throw new IllegalArgumentException("a ring of " + config.ring() + " messages of " + config.payloadBytes()
                    + " bytes needs about " + (need >> 20) + " MiB, more than half the heap (" + (max >> 20)
                    + " MiB); lower --ring or --payload, or raise -Xmx");
        }
    }

    /**
     * Opens and recovers the log (when configured; a problem found is reported in one line on stderr), then starts
     * a server (listening when this returns) and its publisher.
     *
     * @throws IllegalArgumentException when the ring does not fit in the heap, or the log directory cannot be
     *                                  opened or is in use by another server (one-line message)
     */
    public static FeedServer start(ServerConfig config) throws Exception {
        checkRingFits(config);
        SegmentLog log = config.logEnabled() ? openLog(config) : null;
        FeedServer s;
        try {
            s = new FeedServer(config, log, config.tls() ? certificate(config) : null);
        } catch (RuntimeException e) {
            if (log != null) {
                log.close();
            }
            throw e;
        }
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw e;
        }
        s.publisher.start();
        s.llm.start();
        if (config.heartbeatMs() > 0) {
            long period = config.heartbeatMs();
            long quietNanos = TimeUnit.MILLISECONDS.toNanos(period);
            s.heartbeats.scheduleAtFixedRate(() -> s.feed.heartbeatIfQuiet(quietNanos), period, period,
                    TimeUnit.MILLISECONDS);
        }
        return s;
    }

    private static TlsCertificate certificate(ServerConfig config) {
        try {
            return TlsCertificate.loadOrCreate(config.tlsDir());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot prepare the TLS certificate in " + config.tlsDir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static SegmentLog openLog(ServerConfig config) {
        try {
            return SegmentLog.open(config.logOptions(), line -> {
                System.err.println(line);
                System.err.flush();
            });
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot open the feed log in " + config.logDir() + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The durable log, or null when the server runs without one. */
    public SegmentLog log() {
        return log;
    }

    /** The bound port (the real one when configured with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://HOST:PORT}. */
    public URI baseUri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** {@code https://HOST:TLSPORT}, or null without {@link ServerConfig#tls()}. */
    public URI tlsUri() {
        if (tlsConnector == null) {
            return null;
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("https://" + host + ":" + tlsConnector.getLocalPort());
    }

    /** The TLS certificate, or null without {@link ServerConfig#tls()}. */
    public TlsCertificate certificate() {
        return certificate;
    }

    /** {@code GET /browser/tls.json}: the TLS URL and the certificate's SPKI pin, or {@code {"tls":false}}. */
    private String tlsInfo() {
        URI u = tlsUri();
        return u == null ? "{\"tls\":false}" : "{\"tls\":true,\"url\":\"" + u + "\",\"spkiSha256\":\""
                + certificate.spkiSha256() + "\"}";
    }

    public String adminToken() {
        return config.adminToken();
    }

    public ServerConfig config() {
        return config;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** The simulated model server (LLM endpoints). */
    public LlmService llm() {
        return llm;
    }

    /** Stops publishing (then fsyncs and closes the log), ends every stream cleanly and closes the port. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        if (writerThreads != null) {
            writerThreads.shutdownNow();
        }
        publisher.close();
        if (log != null) {
            try {
                log.close();
            } catch (UncheckedIOException e) {
                System.err.println("pushbench log: " + e.getMessage());
            }
        }
        // End every stream cleanly first, so that the graceful stop has nothing left to wait for.
        llm.close();
        for (Subscriber s : feed.subscribers()) {
            s.terminate(false, "server shutting down");
        }
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // graceful period over: Jetty has closed what was left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("server stop failed: " + e, e);
        }
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** {@code /admin/rate}: the same kind of schedule (fixed or Poisson) at the new mean rate. */
    private void changeRate(double perSec) {
        // each change draws its own Poisson gaps (the seed and the change's number), not the same ones rescaled
        long seed = config.seed() + 0x9E3779B97F4A7C15L * rateChanges.incrementAndGet();
        publisher.reschedule(config.poisson() ? Schedule.poisson(perSec, seed) : Schedule.fixedRate(perSec));
        metrics.publishRate(perSec);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
