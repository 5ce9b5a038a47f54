package io.pushbench.loadgen.llm;

import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;

import java.net.URI;

/**
 * A transport's client for the load engine: starts requests without blocking and ends each exactly once through its
 * {@link Exchange}. One client serves one step; {@link #close()} drops every connection.
 *
 * <pre>{@code
 * try (LlmClient c = LlmClient.start(settings)) {     // SseLlmClient or WsLlmClient, started
 *     c.start(exchange);
 * }
 * }</pre>
 */
public interface LlmClient extends AutoCloseable {
    /** Sends the request and streams its answer; returns at once. Failures end the exchange, never throw. */
    void start(Exchange x);

    /** Events received so far, all requests (the client's CPU per event). */
    long events();

    /** TCP connections the client opened so far; -1 when it does not know. */
    default long connectionsOpened() {
        return -1;
    }

    /** What the results record about the client. */
    String describe();

    @Override
    void close();

    /**
     * What a client is built from.
     *
     * @param baseUrl        the server, {@code http://HOST:PORT}
     * @param transport      SSE or WebSocket
     * @param protocol       HTTP/1.1 or h2c (prior knowledge; WebSocket over RFC 8441)
     * @param api            Responses (both transports) or chat completions (SSE only)
     * @param model          the {@code model} field
     * @param ignoreEos      send {@code ignore_eos: true} (see {@link RequestBodies})
     * @param apiKey         sent as {@code Authorization: Bearer}; null for none (never recorded)
     * @param resume         what a dropped Responses stream does
     * @param maxConnections connections the client may open (HTTP/1.1 SSE and WebSocket: one per request in flight,
     *                       so this bounds concurrency; Jetty would otherwise cap them at 64 and silently queue the
     *                       rest); h2c SSE multiplexes streams on at most {@link #H2C_CONNECTIONS}
     * @param clock          receive and send times
     */
    record Settings(URI baseUrl, Transport transport, Protocol protocol, LlmContract.Api api, String model,
                    boolean ignoreEos, String apiKey, ResumePolicy resume, int maxConnections, NanoClock clock) {
        /** Default {@link #maxConnections}. */
        public static final int DEFAULT_MAX_CONNECTIONS = 2048;
        /** TCP connections an h2c SSE client multiplexes its streams on. */
        public static final int H2C_CONNECTIONS = 4;

        public Settings {
            java.util.Objects.requireNonNull(baseUrl, "baseUrl");
            java.util.Objects.requireNonNull(transport, "transport");
            java.util.Objects.requireNonNull(protocol, "protocol");
            java.util.Objects.requireNonNull(api, "api");
            java.util.Objects.requireNonNull(resume, "resume");
            java.util.Objects.requireNonNull(clock, "clock");
            if (api == LlmContract.Api.CHAT && transport == Transport.WS) {
                throw new IllegalArgumentException("--api chat is SSE only (chat completions have no WebSocket form);"
                        + " use --api responses or --transports sse");
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("max connections must be >= 1, was " + maxConnections);
            }
            new RequestBodies(model);   // the model name's check
        }
    }

    /** The started client of {@code s.transport()}. */
    static LlmClient start(Settings s) throws Exception {
        LlmJetty jetty = LlmJetty.start(s);
        return s.transport() == Transport.WS ? new WsLlmClient(jetty, s) : new SseLlmClient(jetty, s);
    }
}
