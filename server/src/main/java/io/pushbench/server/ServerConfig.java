package io.pushbench.server;

import io.pushbench.server.log.FsyncPolicy;
import io.pushbench.server.log.SegmentLog;
import io.pushbench.server.llm.LlmConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable configuration of a {@link FeedServer}, built and validated by {@link Builder}.
 *
 * <pre>{@code
 * ServerConfig cfg = ServerConfig.builder().host("127.0.0.1").port(0).rate(100).payloadBytes(256).build();
 * try (FeedServer server = FeedServer.start(cfg)) { ... }
 * }</pre>
 *
 * <p>Every limit applies identically to SSE and WebSocket; the only asymmetric settings are the named variants
 * {@code gzip} (SSE only), {@code wsDeflate} (WebSocket only) and {@code sseCore} (SSE through a Jetty core
 * handler instead of the async servlet).
 *
 * <p>The durable feed log is on when {@link #logDir()} is set ({@link SegmentLog}); {@code fsync},
 * {@code fsyncInterval} and {@code segmentBytes} tune it and are refused without a log directory, so that nobody
 * believes a feed durable that is not:
 * <pre>{@code
 * ServerConfig.builder().logDir(Path.of("/var/tmp/feed")).fsync(FsyncPolicy.INTERVAL)
 *         .fsyncInterval(Duration.ofMillis(200)).build();
 * }</pre>
 */
public final class ServerConfig {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final double DEFAULT_RATE = 10;
    public static final int DEFAULT_PAYLOAD = 256;
    public static final int DEFAULT_RING = 10_000;
    public static final int DEFAULT_QUEUE = 1_024;
    public static final int DEFAULT_RETRY_MS = 2_000;
    public static final int DEFAULT_HEARTBEAT_MS = 15_000;
    public static final int DEFAULT_IDLE_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_MAX_CONNECTIONS = 19_000;
    public static final int DEFAULT_THREADS = 64;
    public static final int DEFAULT_MAX_CLIENT_FRAME = 4_096;
    public static final int DEFAULT_MAX_REQUEST_HEADER = 8_192;
    public static final int DEFAULT_H2_MAX_STREAMS = 1_024;
    /** One message per write: the plain variant, identical on both transports. */
    public static final int DEFAULT_WRITE_BATCH = 1;
    /** Most messages one write may carry ({@code --write-batch}). */
    public static final int MAX_WRITE_BATCH = 1_024;
    public static final FsyncPolicy DEFAULT_FSYNC = SegmentLog.DEFAULT_FSYNC;
    public static final Duration DEFAULT_FSYNC_INTERVAL = SegmentLog.DEFAULT_FSYNC_INTERVAL;
    public static final long DEFAULT_SEGMENT_BYTES = SegmentLog.DEFAULT_SEGMENT_BYTES;
    /** Smallest {@code segmentBytes}: 1 KiB (about 27 records; small segments are for tests). */
    public static final long MIN_SEGMENT_BYTES = 1L << 10;
    /** Largest {@code segmentBytes}: 1 GiB. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;
    /** Shortest {@code fsyncInterval}: 1 ms. */
    public static final Duration MIN_FSYNC_INTERVAL = Duration.ofMillis(1);
    /** Longest {@code fsyncInterval}: 1 h. */
    public static final Duration MAX_FSYNC_INTERVAL = Duration.ofHours(1);

    private final String host;
    private final int port;
    private final double rate;
    private final boolean poisson;
    private final long seed;
    private final int payloadBytes;
    private final int ring;
    private final int queue;
    private final int retryMs;
    private final int heartbeatMs;
    private final int idleTimeoutMs;
    private final int maxConnections;
    private final int threads;
    private final boolean gzip;
    private final boolean wsDeflate;
    private final boolean sseCore;
    private final int writeBatch;
    private final Writers writers;
    private final String adminToken;
    private final boolean adminTokenGenerated;
    private final boolean allowNonLoopback;
    private final int maxClientFrameBytes;
    private final int maxRequestHeaderBytes;
    private final int h2MaxConcurrentStreams;
    private final Path logDir;
    private final FsyncPolicy fsync;
    private final Duration fsyncInterval;
    private final long segmentBytes;
    private final LlmConfig llm;
    private final boolean tls;
    private final int tlsPort;
    private final Path tlsDir;

    private ServerConfig(Builder b, String token, boolean generated) {
        host = b.host;
        port = b.port;
        rate = b.rate;
        poisson = b.poisson;
        seed = b.seed;
        payloadBytes = b.payloadBytes;
        ring = b.ring;
        queue = b.queue;
        retryMs = b.retryMs;
        heartbeatMs = b.heartbeatMs;
        idleTimeoutMs = b.idleTimeoutMs;
        maxConnections = b.maxConnections;
        threads = b.threads;
        gzip = b.gzip;
        wsDeflate = b.wsDeflate;
        sseCore = b.sseCore;
        writeBatch = b.writeBatch;
        writers = b.writers;
        adminToken = token;
        adminTokenGenerated = generated;
        allowNonLoopback = b.allowNonLoopback;
        maxClientFrameBytes = b.maxClientFrameBytes;
        maxRequestHeaderBytes = b.maxRequestHeaderBytes;
        h2MaxConcurrentStreams = b.h2MaxConcurrentStreams;
        logDir = b.logDir;
        fsync = b.fsync == null ? DEFAULT_FSYNC : b.fsync;
        fsyncInterval = b.fsyncInterval == null ? DEFAULT_FSYNC_INTERVAL : b.fsyncInterval;
        segmentBytes = b.segmentBytes == null ? DEFAULT_SEGMENT_BYTES : b.segmentBytes;
        llm = b.llm;
        tls = b.tls;
        tlsPort = b.tlsPort;
        tlsDir = b.tlsDir == null ? TlsCertificate.defaultDir() : b.tlsDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() { return host; }
    public int port() { return port; }
    /** Mean publish rate, messages per second. */
    public double rate() { return rate; }
    /** Poisson arrivals instead of a fixed interval. */
    public boolean poisson() { return poisson; }
    /** Seed of the Poisson schedule. */
    public long seed() { return seed; }
    /** Size of each message's JSON, bytes. */
    public int payloadBytes() { return payloadBytes; }
    /** Replay ring depth, messages. */
    public int ring() { return ring; }
    /** Per-connection queue bound, messages (queued plus handed to the transport and not yet written). */
    public int queue() { return queue; }
    /** SSE {@code retry:} value sent once per stream; 0 sends none. */
    public int retryMs() { return retryMs; }
    /** Heartbeat period when the feed is quiet; 0 disables heartbeats. */
    public int heartbeatMs() { return heartbeatMs; }
    /** Idle timeout of connections, HTTP/2 streams and WebSocket sessions. */
    public int idleTimeoutMs() { return idleTimeoutMs; }
    /** Most open TCP connections; more wait in the accept backlog (Jetty {@code NetworkConnectionLimit}). */
    public int maxConnections() { return maxConnections; }
    /** Size of the one thread pool (Jetty I/O; SSE and WebSocket writes with {@code --writers pool}). */
    public int threads() { return threads; }
    /** Variant: gzip on SSE (Jetty CompressionHandler, sync flush). */
    public boolean gzip() { return gzip; }
    /** Variant: accept permessage-deflate on WebSocket (refused otherwise). */
    public boolean wsDeflate() { return wsDeflate; }
    /** Variant: serve /sse from a Jetty core handler instead of the async servlet. */
    public boolean sseCore() { return sseCore; }
    /**
     * Most queued messages one write carries, on both transports alike: 1 (the default) writes every message on its
     * own (SSE: one event, then a flush; WebSocket: one frame, then the next once it is written); N gathers up to N
     * queued ones into one write (SSE: N events, one flush; WebSocket: N frames batched into one write). Only a
     * backlog is gathered: an idle subscriber's single message is written at once either way.
     */
    public int writeBatch() { return writeBatch; }
    /** Which threads write to the sockets ({@link Writers}). */
    public Writers writers() { return writers; }
    /** Bearer token for the admin endpoints. */
    public String adminToken() { return adminToken; }
    /** True when no token was configured and {@link #adminToken()} was generated. */
    public boolean adminTokenGenerated() { return adminTokenGenerated; }
    public boolean allowNonLoopback() { return allowNonLoopback; }
    /**
     * Largest WebSocket frame a client may send; larger closes with 1009. The effective limit is
     * {@code max(this, payloadBytes + 1024)}, because Jetty applies one frame limit to both directions and a feed
     * message always goes out as a single frame.
     */
    public int maxClientFrameBytes() { return maxClientFrameBytes; }
    /** Largest request header block; larger answers 431. */
    public int maxRequestHeaderBytes() { return maxRequestHeaderBytes; }
    /** HTTP/2 max concurrent streams per connection. */
    public int h2MaxConcurrentStreams() { return h2MaxConcurrentStreams; }
    /** Directory of the durable feed log; null: no log (the replay ring in memory only, as before the log existed). */
    public Path logDir() { return logDir; }
    /** True when the durable feed log is on. */
    public boolean logEnabled() { return logDir != null; }
    /** When the log fsyncs (meaningful with a log only). */
    public FsyncPolicy fsync() { return fsync; }
    /** Period of {@link FsyncPolicy#INTERVAL}. */
    public Duration fsyncInterval() { return fsyncInterval; }
    /** A log segment rolls past this size, bytes. */
    public long segmentBytes() { return segmentBytes; }

    /** The simulated model server's settings ({@code /v1/chat/completions}, {@code /v1/responses}). */
    public LlmConfig llm() { return llm; }
    /**
     * A second, TLS port besides the cleartext one: HTTP/1.1 and HTTP/2 negotiated by ALPN, same endpoints (what a
     * browser needs for HTTP/2; it never speaks h2c). Its URL is in {@code GET /browser/tls.json}.
     */
    public boolean tls() { return tls; }
    /** The TLS port (0: a free one). */
    public int tlsPort() { return tlsPort; }
    /** Where the self-signed certificate is kept (generated on first use; {@link TlsCertificate}). */
    public Path tlsDir() { return tlsDir; }

    /** The log's options: this config's directory and fsync settings, keeping {@link #ring()} records for replay. */
    public SegmentLog.Options logOptions() {
        if (logDir == null) {
            throw new IllegalStateException("no log dir configured");
        }
        return new SegmentLog.Options(logDir, fsync, fsyncInterval, segmentBytes, ring);
    }

    /** The settings as reported in {@code /metrics} (without the admin token). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put("rate", rate);
        m.put("poisson", poisson);
        m.put("seed", seed);
        m.put("payloadBytes", payloadBytes);
        m.put("ring", ring);
        m.put("queue", queue);
        m.put("retryMs", retryMs);
        m.put("heartbeatMs", heartbeatMs);
        m.put("idleTimeoutMs", idleTimeoutMs);
        m.put("maxConnections", maxConnections);
        m.put("threads", threads);
        m.put("gzip", gzip);
        m.put("wsDeflate", wsDeflate);
        m.put("sseCore", sseCore);
        m.put("writeBatch", writeBatch);
        m.put("writers", writers.key());
        m.put("maxClientFrameBytes", maxClientFrameBytes);
        m.put("maxRequestHeaderBytes", maxRequestHeaderBytes);
        m.put("h2MaxConcurrentStreams", h2MaxConcurrentStreams);
        m.put("logDir", logDir == null ? null : logDir.toString());
        if (logDir != null) {
            m.put("fsync", fsync.key());
            m.put("fsyncIntervalMs", fsyncInterval.toNanos() / 1e6);
            m.put("segmentBytes", segmentBytes);
        }
        m.put("llm", llm.toMap());
        m.put("tls", tls);
        return m;
    }

    @Override
    public String toString() {
        return "ServerConfig" + toMap();
    }

    /** Validating builder; {@link #build()} throws IllegalArgumentException with a one-line reason. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private double rate = DEFAULT_RATE;
        private boolean poisson;
        private long seed = 1;
        private int payloadBytes = DEFAULT_PAYLOAD;
        private int ring = DEFAULT_RING;
        private int queue = DEFAULT_QUEUE;
        private int retryMs = DEFAULT_RETRY_MS;
        private int heartbeatMs = DEFAULT_HEARTBEAT_MS;
        private int idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int threads = DEFAULT_THREADS;
        private boolean gzip;
        private boolean wsDeflate;
        private boolean sseCore;
        private int writeBatch = DEFAULT_WRITE_BATCH;
        private Writers writers = Writers.PUBLISHER;
        private String adminToken;
        private boolean allowNonLoopback;
        private int maxClientFrameBytes = DEFAULT_MAX_CLIENT_FRAME;
        private int maxRequestHeaderBytes = DEFAULT_MAX_REQUEST_HEADER;
        private int h2MaxConcurrentStreams = DEFAULT_H2_MAX_STREAMS;
        // null: not set (the default applies); set without a log dir is an error
        private Path logDir;
        private FsyncPolicy fsync;
        private Duration fsyncInterval;
        private Long segmentBytes;
        private LlmConfig llm = LlmConfig.DEFAULT;
        private boolean tls;
        private int tlsPort;
        private Path tlsDir;

        private Builder() {
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder poisson(boolean v) { poisson = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder payloadBytes(int v) { payloadBytes = v; return this; }
        public Builder ring(int v) { ring = v; return this; }
        public Builder queue(int v) { queue = v; return this; }
        public Builder retryMs(int v) { retryMs = v; return this; }
        public Builder heartbeatMs(int v) { heartbeatMs = v; return this; }
        public Builder idleTimeoutMs(int v) { idleTimeoutMs = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder gzip(boolean v) { gzip = v; return this; }
        public Builder wsDeflate(boolean v) { wsDeflate = v; return this; }
        public Builder sseCore(boolean v) { sseCore = v; return this; }
        public Builder writeBatch(int v) { writeBatch = v; return this; }
        public Builder writers(Writers v) { writers = java.util.Objects.requireNonNull(v, "writers"); return this; }
        /** null or blank: a random token is generated. */
        public Builder adminToken(String v) { adminToken = v; return this; }
        public Builder allowNonLoopback(boolean v) { allowNonLoopback = v; return this; }
        public Builder maxClientFrameBytes(int v) { maxClientFrameBytes = v; return this; }
        public Builder maxRequestHeaderBytes(int v) { maxRequestHeaderBytes = v; return this; }
        public Builder h2MaxConcurrentStreams(int v) { h2MaxConcurrentStreams = v; return this; }
        /** Turns the durable log on, in this directory (created at start when missing); null: no log. */
        public Builder logDir(Path v) { logDir = v; return this; }
        /** null: the default, {@link ServerConfig#DEFAULT_FSYNC}. Needs {@link #logDir}. */
        public Builder fsync(FsyncPolicy v) { fsync = v; return this; }
        /** null: the default, {@link ServerConfig#DEFAULT_FSYNC_INTERVAL}. Needs {@link #logDir} and fsync interval. */
        public Builder fsyncInterval(Duration v) { fsyncInterval = v; return this; }
        /** null: the default, {@link ServerConfig#DEFAULT_SEGMENT_BYTES}. Needs {@link #logDir}. */
        public Builder segmentBytes(Long v) { segmentBytes = v; return this; }
        /** The simulated model's settings (validated by {@link LlmConfig} itself); default {@link LlmConfig#DEFAULT}. */
        /** Adds the TLS port ({@link ServerConfig#tls()}). */
        public Builder tls(boolean v) { tls = v; return this; }
        public Builder tlsPort(int v) { tlsPort = v; return this; }
        /** null: {@link TlsCertificate#defaultDir()}. */
        public Builder tlsDir(Path v) { tlsDir = v; return this; }
        public Builder llm(LlmConfig v) { llm = java.util.Objects.requireNonNull(v, "llm"); return this; }

        public ServerConfig build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            check(port >= 0 && port <= 65_535, "port must be in 0..65535, was " + port);
            check(tlsPort >= 0 && tlsPort <= 65_535, "tls-port must be in 0..65535, was " + tlsPort);
            check(rate > 0 && rate <= 1_000_000 && !Double.isNaN(rate), "rate must be in (0, 1000000] msg/s, was " + rate);
            check(payloadBytes >= 0 && payloadBytes <= 1 << 20, "payload must be in 0..1048576 bytes, was " + payloadBytes);
            check(ring >= 1 && ring <= 10_000_000, "ring must be in 1..10000000, was " + ring);
            check(queue >= 1 && queue <= 1_000_000, "queue must be in 1..1000000, was " + queue);
            check(retryMs >= 0, "retry-ms must be >= 0, was " + retryMs);
            check(heartbeatMs >= 0, "heartbeat-ms must be >= 0, was " + heartbeatMs);
            check(idleTimeoutMs >= 0, "idle-timeout-ms must be >= 0, was " + idleTimeoutMs);
            check(maxConnections >= 1, "max-connections must be >= 1, was " + maxConnections);
            check(threads >= 4 && threads <= 10_000, "threads must be in 4..10000, was " + threads);
            check(writeBatch >= 1 && writeBatch <= MAX_WRITE_BATCH, "write-batch must be in 1.." + MAX_WRITE_BATCH
                    + ", was " + writeBatch);
            check(maxClientFrameBytes >= 125, "max client frame must be >= 125 bytes, was " + maxClientFrameBytes);
            check(maxRequestHeaderBytes >= 1024, "max request header must be >= 1024 bytes, was " + maxRequestHeaderBytes);
            check(h2MaxConcurrentStreams >= 1, "h2 max concurrent streams must be >= 1, was " + h2MaxConcurrentStreams);
            checkLog();
            checkLoopback();
            boolean generated = adminToken == null || adminToken.isBlank();
            String token = generated ? newToken() : adminToken.strip();
            check(token.chars().allMatch(c -> c > 0x20 && c < 0x7f), "admin token must be printable ASCII without spaces");
            return new ServerConfig(this, token, generated);
        }

        private void checkLog() {
            if (logDir == null) {
                String set = fsync != null ? "fsync" : fsyncInterval != null ? "fsync-interval"
                        : segmentBytes != null ? "segment-bytes" : null;
                check(set == null, set + " needs log-dir: without a log directory there is no log to fsync or roll");
                return;
            }
            check(!logDir.toString().isBlank(), "log-dir must not be empty");
            check(!Files.exists(logDir) || Files.isDirectory(logDir), "log-dir " + logDir + " is not a directory");
            if (fsyncInterval != null) {
                FsyncPolicy policy = fsync == null ? DEFAULT_FSYNC : fsync;
                check(policy == FsyncPolicy.INTERVAL, "fsync-interval applies to fsync interval only, fsync is "
                        + policy.key());
                check(fsyncInterval.compareTo(MIN_FSYNC_INTERVAL) >= 0 && fsyncInterval.compareTo(MAX_FSYNC_INTERVAL) <= 0,
                        "fsync-interval must be in 1ms..1h, was "
                                + fsyncInterval.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
            }
            if (segmentBytes != null) {
                check(segmentBytes >= MIN_SEGMENT_BYTES && segmentBytes <= MAX_SEGMENT_BYTES,
                        "segment-bytes must be in " + MIN_SEGMENT_BYTES + ".." + MAX_SEGMENT_BYTES + ", was " + segmentBytes);
            }
        }

        private void checkLoopback() {
            if (allowNonLoopback) {
                return;
            }
            boolean loopback;
            try {
                loopback = InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("unknown host " + host);
            }
            check(loopback, "host " + host + " is not a loopback address; pass --allow-non-loopback to bind it");
        }

        private static String newToken() {
            byte[] b = new byte[16];
            new SecureRandom().nextBytes(b);
            return HexFormat.of().formatHex(b);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
