package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.driver.FeedEvents;
import io.pushbench.wire.FeedContract;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;

/**
 * A WebSocket subscription over Jetty's {@link WebSocketClient} (RFC 6455 over HTTP/1.1, RFC 8441 over h2c, as the
 * client's HttpClient speaks): {@code /ws}, with {@code ?lastEventId=} when resuming. Each text message is timed
 * when Jetty hands it over (after its frame was read and decoded: the closest the client allows) and goes to
 * {@link FeedEvents}.
 */
final class WsStream implements JettySubscriber.Stream {
    private final WebSocketClient ws;
    private final String target;
    private final NanoClock clock;

    WsStream(WebSocketClient ws, URI base, NanoClock clock) {
        this.ws = ws;
        String b = base.toString().replaceAll("/+$", "");
        this.target = (b.startsWith("https://") ? "wss://" + b.substring(8) : "ws://" + b.substring(7))
                + FeedContract.WS_PATH;
        this.clock = clock;
    }

    @Override
    public void open(JettySubscriber.Attempt attempt, long resumePoint) {
        URI uri = URI.create(resumePoint > 0
                ? target + "?" + FeedContract.LAST_EVENT_ID_PARAM + "=" + resumePoint : target);
        // No request timeout: over RFC 8441 the upgrade is an extended CONNECT whose exchange lasts as long as the
        // tunnel, so Jetty's request timeout would cut every stream after it (seen: all streams stalled at 10 s, the
        // sessions left open). The connector's connect timeout still bounds the TCP connect; the run's end closes
        // anything else.
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        Endpoint endpoint = attempt.readDelayNanos() > 0 ? new SlowEndpoint(attempt) : new AutoEndpoint(attempt);
        JettyUpgradeListener handshake = new JettyUpgradeListener() {
            @Override
            public void onHandshakeResponse(Request request, Response response) {
                attempt.connected();    // the validated 101 (h1) or 200 (RFC 8441)
            }
        };
        attempt.onAbort(endpoint::close);
        try {
            ws.connect(endpoint, uri, upgrade, handshake).whenComplete((session, failure) -> {
                if (failure != null) {
                    attempt.end(failure);
                }
            });
        } catch (java.io.IOException e) {
            attempt.end(e);
        }
    }

    /** The endpoint of one attempt (public: Jetty binds its listener methods). */
    public abstract class Endpoint implements Session.Listener {
        final JettySubscriber.Attempt attempt;
        final ConnectionProbe probe;
        volatile Session session;
        private volatile boolean closeRequested;

        Endpoint(JettySubscriber.Attempt attempt) {
            this.attempt = attempt;
            this.probe = attempt.probe();
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            if (closeRequested) {
                close();
            }
        }

        @Override
        public void onWebSocketText(String text) {
            long recv = clock.nanoTime();
            if (attempt.isEnded()) {
                return;
            }
            FeedEvents.deliver(probe, text, text.length(), recv);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            attempt.end(cause);
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            attempt.end(null);
        }

        void close() {
            closeRequested = true;
            Session s = session;
            if (s != null && s.isOpen()) {
                s.close(StatusCode.NORMAL, "pushbench: the run is over", Callback.NOOP);
            }
        }
    }

    /** Reads every frame as soon as it arrives: Jetty demands the next one itself. */
    public final class AutoEndpoint extends Endpoint implements Session.Listener.AutoDemanding {
        AutoEndpoint(JettySubscriber.Attempt attempt) {
            super(attempt);
        }
    }

    /**
     * A slow reader (scenario {@code slow}): demands the next frame only {@code readDelayNanos} after each message,
     * so the socket is not read meanwhile and TCP's window and the server's queue fill as with a slow consumer.
     */
    public final class SlowEndpoint extends Endpoint {
        SlowEndpoint(JettySubscriber.Attempt attempt) {
            super(attempt);
        }

        @Override
        public void onWebSocketOpen(Session s) {
            super.onWebSocketOpen(s);
            s.demand();
        }

        @Override
        public void onWebSocketText(String text) {
            super.onWebSocketText(text);
            Session s = session;
            attempt.later(() -> {
                if (s.isOpen()) {
                    s.demand();
                }
            }, attempt.readDelayNanos());
        }
    }
}
