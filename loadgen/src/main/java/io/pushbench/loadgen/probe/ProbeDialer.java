package io.pushbench.loadgen.probe;

import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.Transport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import io.pushbench.loadgen.jetty.JettyClients;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * The Jetty clients of the {@link ConnectProbe} and one dial of the transport under test: opens a fresh HTTP/1.1
 * connection, reports the instant the server's answer is in (SSE response headers / WebSocket 101), then closes it.
 *
 * <pre>{@code
 * try (ProbeDialer d = ProbeDialer.start(settings, clock)) {
 *     d.dial(outcome);          // outcome.begin(t0), then connected(t1) | rejected() | failed(t), on Jetty's threads
 * }
 * }</pre>
 * Threads: a daemon {@code QueuedThreadPool} of at most 8 and a daemon scheduler, all named
 * {@code pushbench-connect-probe*}, so the probe never competes with Gatling's event loops for threads and never
 * keeps a JVM alive; {@link #close()} stops them.
 */
final class ProbeDialer implements AutoCloseable {
    private static final CancellationException PROBE_DONE = new CancellationException("connect probe: headers seen");

    /** What one dial reports; {@code begin} first, then exactly one of the others may follow (or more: callers dedupe). */
    interface Outcome {
        /** Read just before the client call. */
        void begin(long nanos);

        /** SSE response headers with status 200, or the validated WebSocket 101. */
        void connected(long nanos);

        /** The server answered with another status. */
        void rejected();

        /** No answer: refused, timed out, reset... */
        void failed(Throwable t);
    }

    private final ConnectProbe.Settings settings;
    private final NanoClock clock;
    private final URI target;
    private final HttpClient http;
    private final WebSocketClient ws;

    private ProbeDialer(ConnectProbe.Settings settings, NanoClock clock) {
        this.settings = settings;
        this.clock = clock;
        String base = settings.baseUri().toString().replaceAll("/+$", "");
        this.target = switch (settings.transport()) {
            case SSE -> URI.create(base + FeedContract.SSE_PATH);
            case WS -> URI.create("ws://" + base.substring("http://".length()) + FeedContract.WS_PATH);
        };
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("pushbench-connect-probe");
        threads.setDaemon(true);
        threads.setStopTimeout(1000);
        http = new HttpClient();
        http.setExecutor(threads);
        http.setScheduler(new ScheduledExecutorScheduler("pushbench-connect-probe-scheduler", true));
        http.setConnectTimeout(settings.timeoutMs());
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        if (settings.transport() == Transport.WS) {
            ws = new WebSocketClient(http);
            ws.setStopAtShutdown(false);
            ws.setMaxTextMessageSize(4L << 20);   // a feed message may arrive before the close: never fail on it
        } else {
            ws = null;
        }
    }

    /** Builds and starts the clients. */
    static ProbeDialer start(ConnectProbe.Settings settings, NanoClock clock) throws Exception {
        ProbeDialer d = new ProbeDialer(settings, clock);
        try {
            d.http.start();
            if (d.ws != null) {
                d.ws.start();
            }
        } catch (Exception e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** One connect of the transport under test; never throws (a failure to even start is reported as failed). */
    void dial(Outcome o) {
        try {
            if (ws == null) {
                sse(o);
            } else {
                ws(o);
            }
        } catch (Throwable t) {
            o.failed(t);
        }
    }

    /** {@code GET /sse}, {@code Connection: close} (a fresh socket), no resume point; aborted at the headers. */
    private void sse(Outcome o) {
        Request req = http.newRequest(target).method(HttpMethod.GET).version(HttpVersion.HTTP_1_1)
                .headers(h -> h.put(HttpHeader.CONNECTION, "close").put(HttpHeader.ACCEPT, "text/event-stream"))
                .timeout(settings.timeoutMs(), TimeUnit.MILLISECONDS)
                .onResponseHeaders(r -> {
                    long end = clock.nanoTime();
                    if (r.getStatus() == 200) {
                        o.connected(end);
                    } else {
                        o.rejected();
                    }
                    r.abort(PROBE_DONE);      // closes the socket: the probe takes no feed message
                });
        o.begin(clock.nanoTime());
        req.send(result -> {
            if (result.isFailed()) {
                o.failed(result.getFailure());   // also after our own abort: the caller keeps the first outcome
            } else {
                o.rejected();                    // completed without its headers being reported: not a stream
            }
        });
    }

    /** {@code GET /ws} upgrade; timed to the validated 101, closed as soon as the session opens. */
    private void ws(Outcome o) throws IOException {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setTimeout(settings.timeoutMs(), TimeUnit.MILLISECONDS);
        JettyUpgradeListener at101 = new JettyUpgradeListener() {
            @Override
            public void onHandshakeResponse(Request request, Response response) {
                // Jetty calls this once the 101 is parsed and its headers validated, before the session opens
                o.connected(clock.nanoTime());
            }
        };
        o.begin(clock.nanoTime());
        ws.connect(CloseOnOpen.INSTANCE, target, upgrade, at101).whenComplete((session, failure) -> {
            if (failure != null) {
                o.failed(failure);
            } else if (session.isOpen()) {
                session.close(StatusCode.NORMAL, "connect probe", Callback.NOOP);
            }
        });
    }

    /** The WebSocket endpoint: closes on open, ignores whatever it receives (public: Jetty binds its methods). */
    public static final class CloseOnOpen implements Session.Listener.AutoDemanding {
        static final CloseOnOpen INSTANCE = new CloseOnOpen();

        @Override
        public void onWebSocketOpen(Session session) {
            session.close(StatusCode.NORMAL, "connect probe", Callback.NOOP);
        }
    }

    /** Stops both clients and their threads (dials under way fail). */
    @Override
    public void close() {
        JettyClients.stopQuietly(ws, "pushbench connect probe");
        JettyClients.stopQuietly(http, "pushbench connect probe");
    }
}
