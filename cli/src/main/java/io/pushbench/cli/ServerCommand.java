package io.pushbench.cli;

import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import io.pushbench.server.Writers;
import io.pushbench.loadgen.core.Durations;
import io.pushbench.server.llm.LlmConfig;
import io.pushbench.server.log.FsyncPolicy;
import io.pushbench.wire.llm.Distribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pushbench server}: runs the feed server until SIGTERM/SIGINT. Prints exactly one line to stdout,
 * {@code pushbench server listening on http://HOST:PORT}, once it accepts connections (orchestrators parse
 * {@code listening on (http://\S+)}); a generated admin token goes to stderr.
 *
 * <p>With {@code --log-dir} the feed is durable: a server started again on the same directory (after a SIGKILL)
 * continues the seqs and replays what clients missed; a damaged log is reported in one line on stderr at start.
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the feed server: one publisher pushed over SSE (/sse) and WebSocket (/ws), "
                + "HTTP/1.1 and h2c on one port, plus /health, /metrics and /admin/drop; and the simulated model "
                + "server (/v1/chat/completions, /v1/responses over SSE and WebSocket; --llm-* flags, docs/llm.md).",
                "Runs until SIGTERM or SIGINT."})
public final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "N", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--rate", paramLabel = "MSG/S", description = "Messages per second (default: ${DEFAULT-VALUE}).")
    double rate = ServerConfig.DEFAULT_RATE;

    @Option(names = "--poisson", description = "Poisson arrivals at --rate instead of a fixed interval.")
    boolean poisson;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the Poisson schedule (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--payload", paramLabel = "BYTES", description = "JSON size of each message (default: ${DEFAULT-VALUE}).")
    int payload = ServerConfig.DEFAULT_PAYLOAD;

    @Option(names = "--ring", paramLabel = "N", description = "Replay ring depth, messages (default: ${DEFAULT-VALUE}).")
    int ring = ServerConfig.DEFAULT_RING;

    @Option(names = "--queue", paramLabel = "N",
            description = "Per-connection queue bound, messages; a full queue disconnects the slow consumer (default: ${DEFAULT-VALUE}).")
    int queue = ServerConfig.DEFAULT_QUEUE;

    @Option(names = "--retry-ms", paramLabel = "MS", description = "SSE retry: value sent once; 0 sends none (default: ${DEFAULT-VALUE}).")
    int retryMs = ServerConfig.DEFAULT_RETRY_MS;

    @Option(names = "--heartbeat-ms", paramLabel = "MS",
            description = "Heartbeat when the feed is quiet (SSE comment, WebSocket ping); 0 disables (default: ${DEFAULT-VALUE}).")
    int heartbeatMs = ServerConfig.DEFAULT_HEARTBEAT_MS;

    @Option(names = "--idle-timeout-ms", paramLabel = "MS", description = "Connection / stream / session idle timeout (default: ${DEFAULT-VALUE}).")
    int idleTimeoutMs = ServerConfig.DEFAULT_IDLE_TIMEOUT_MS;

    @Option(names = "--max-connections", paramLabel = "N", description = "Most open TCP connections (default: ${DEFAULT-VALUE}).")
    int maxConnections = ServerConfig.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--threads", paramLabel = "N", description = "Size of the one thread pool (default: ${DEFAULT-VALUE}).")
    int threads = ServerConfig.DEFAULT_THREADS;

    @Option(names = "--gzip", description = "Variant: gzip SSE streams (sync flush) for clients that accept it.")
    boolean gzip;

    @Option(names = "--ws-deflate", description = "Variant: accept WebSocket permessage-deflate (refused by default).")
    boolean wsDeflate;

    @Option(names = "--sse-core", description = "Variant: serve /sse from a Jetty core handler instead of the async servlet.")
    boolean sseCore;

    @Option(names = "--write-batch", paramLabel = "N",
            description = "Most queued messages one socket write carries, on SSE and WebSocket alike (1..1024; "
                    + "default: ${DEFAULT-VALUE}, every message its own write). Above 1: the coalescing variant.")
    int writeBatch = ServerConfig.DEFAULT_WRITE_BATCH;

    @Option(names = "--writers", paramLabel = "publisher|pool|N",
            description = "Who writes to the sockets, for both transports: the publisher thread right after it "
                    + "offers a message to an idle subscriber (default), Jetty's pool, or N dedicated writer threads.")
    String writers = Writers.PUBLISHER.key();

    @Option(names = "--tls", description = "Also listen on a TLS port (HTTP/1.1 and HTTP/2 by ALPN, same endpoints) with"
            + " a self-signed certificate generated on first use in ~/.pushbench/tls (or $PUSHBENCH_TLS_DIR); what"
            + " the browser driver needs for HTTP/2.")
    boolean tls;

    @Option(names = "--tls-port", paramLabel = "PORT", description = "The TLS port with --tls; 0 = a free one (default: ${DEFAULT-VALUE}).")
    int tlsPort = 0;

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "Bearer token for /admin/*; generated and printed to stderr when absent.")
    String adminToken;

    @Option(names = "--allow-non-loopback", description = "Allow binding an address other than loopback.")
    boolean allowNonLoopback;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Durable feed log in DIR (created when missing): messages are written ahead of the fan-out, "
                    + "a restart continues the seqs and replays the last --ring messages. Default: no log.")
    Path logDir;

    // null defaults: the builder refuses these without --log-dir, so they must know whether they were given
    @Option(names = "--fsync", paramLabel = "never|always|interval", converter = Converters.FsyncConverter.class,
            description = "When the log fsyncs; what a power loss can lose: never: what the OS had not written back; "
                    + "interval: up to one --fsync-interval; always: nothing (one fsync per message on the publisher). "
                    + "A killed process loses nothing in any mode. Default: interval.")
    FsyncPolicy fsync;

    @Option(names = "--fsync-interval", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "Period of --fsync interval, e.g. 200ms, 1s (default: 1s).")
    Duration fsyncInterval;

    @Option(names = "--segment-bytes", paramLabel = "BYTES",
            description = "Roll the log to a new segment file past this size (default: 67108864, 64 MiB).")
    Long segmentBytes;

    // ---- the simulated model server (docs/llm.md, "The simulated model server") ----

    @Option(names = "--llm-seed", paramLabel = "N",
            description = "Seed of the simulated model, mixed with each request's seed (default: ${DEFAULT-VALUE}).")
    long llmSeed = LlmConfig.DEFAULT_SEED;

    @Option(names = "--llm-ttft", paramLabel = "DIST", converter = DurationDistribution.class,
            defaultValue = LlmConfig.DEFAULT_TTFT_TEXT,
            description = "Base time to first token: const:V, normal:MEAN,SD[,MIN,MAX], uniform:MIN,MAX or exp:MEAN "
                    + "of durations (default: ${DEFAULT-VALUE}).")
    Distribution llmTtft;

    @Option(names = "--llm-prefill-per-token", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            defaultValue = LlmConfig.DEFAULT_PREFILL_PER_TOKEN_TEXT,
            description = "Added to the TTFT per prompt token (prompt words) (default: ${DEFAULT-VALUE}).")
    Duration llmPrefillPerToken;

    @Option(names = "--llm-itl", paramLabel = "DIST", converter = DurationDistribution.class,
            defaultValue = LlmConfig.DEFAULT_ITL_TEXT,
            description = "Delay between output tokens at batch 1, a distribution of durations (default: ${DEFAULT-VALUE}).")
    Distribution llmItl;

    @Option(names = "--llm-output-tokens", paramLabel = "DIST", converter = CountDistribution.class,
            defaultValue = LlmConfig.DEFAULT_OUTPUT_TOKENS_TEXT,
            description = "Output length unless the request sets ignore_eos, capped by its max tokens (default: ${DEFAULT-VALUE}).")
    Distribution llmOutputTokens;

    @Option(names = "--llm-batch", paramLabel = "N",
            description = "Requests generating at once; more wait FIFO and the wait is part of their TTFT (default: ${DEFAULT-VALUE}).")
    int llmBatch = LlmConfig.DEFAULT_BATCH;

    @Option(names = "--llm-batch-slowdown", paramLabel = "X",
            description = "Per-token delay x (1 + X x (active - 1)) (default: ${DEFAULT-VALUE}).")
    double llmBatchSlowdown = LlmConfig.DEFAULT_BATCH_SLOWDOWN;

    @Option(names = "--llm-tokens-per-chunk", paramLabel = "K",
            description = "Output tokens per delta event; the last may carry fewer (default: ${DEFAULT-VALUE}).")
    int llmTokensPerChunk = LlmConfig.DEFAULT_TOKENS_PER_CHUNK;

    @Option(names = "--llm-retain", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            defaultValue = LlmConfig.DEFAULT_RETAIN_TEXT,
            description = "How long a Responses API response stays resumable after it ended (default: ${DEFAULT-VALUE}).")
    Duration llmRetain;

    @Option(names = "--llm-ws-concurrent", paramLabel = "N",
            description = "Responses in flight per WebSocket connection (default: ${DEFAULT-VALUE}).")
    int llmWsConcurrent = LlmConfig.DEFAULT_WS_CONCURRENT;

    /** {@link Distribution} of durations (nanoseconds), values read by {@link Durations#parse}. */
    static final class DurationDistribution extends Converters.Parsing<Distribution> {
        DurationDistribution() {
            super(text -> Distribution.parse(text, v -> Durations.parse(v).toNanos(), "distribution"));
        }
    }

    /** {@link Distribution} of plain numbers (token counts). */
    static final class CountDistribution extends Converters.Parsing<Distribution> {
        CountDistribution() {
            super(text -> Distribution.parse(text, "distribution"));
        }
    }

    /** The {@code --llm-*} flags as the server's model config. */
    LlmConfig llmConfig() {
        return new LlmConfig(llmSeed, llmTtft, llmPrefillPerToken.toNanos(), llmItl, llmOutputTokens, llmBatch,
                llmBatchSlowdown, llmTokensPerChunk, llmRetain, llmWsConcurrent);
    }

    @Override
    public Integer call() throws Exception {
        // Jetty's start-up INFO lines are noise for orchestrators; -D... on the command line still wins.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
        ServerConfig config = ServerConfig.builder()
                .host(host).port(port).rate(rate).poisson(poisson).seed(seed).payloadBytes(payload)
                .ring(ring).queue(queue).retryMs(retryMs).heartbeatMs(heartbeatMs).idleTimeoutMs(idleTimeoutMs)
                .maxConnections(maxConnections).threads(threads).gzip(gzip).wsDeflate(wsDeflate).sseCore(sseCore)
                .writeBatch(writeBatch).writers(Writers.parse(writers))
                .tls(tls).tlsPort(tlsPort)
                .adminToken(adminToken).allowNonLoopback(allowNonLoopback)
                .logDir(logDir).fsync(fsync).fsyncInterval(fsyncInterval).segmentBytes(segmentBytes)
                .llm(llmConfig())
                .build();
        FeedServer server;
        try {
            server = FeedServer.start(config);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // shutting down
            } finally {
                stopped.countDown();
            }
        }, "pushbench-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter err = spec.commandLine().getErr();
        if (config.adminTokenGenerated()) {
            err.println("pushbench server: admin token " + config.adminToken());
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("pushbench server listening on " + server.baseUri());
        if (server.tlsUri() != null) {
            out.println("pushbench server TLS (h2, http/1.1) on " + server.tlsUri() + ", certificate SPKI sha256 "
                    + server.certificate().spkiSha256());
        }
        out.flush();
        stopped.await();
        return 0;
    }
}
