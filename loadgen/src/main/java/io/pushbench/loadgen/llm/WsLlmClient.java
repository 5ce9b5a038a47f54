package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.RequestTimeline.Failure;
import io.pushbench.wire.llm.LlmContract;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket client of the Responses API: a pool of connections to {@code /v1/responses}, each carrying one
 * response at a time ({@code response.create} out, that response's events in, then the connection is idle again),
 * as OpenAI's WebSocket mode allows. A request takes the most recently idle connection; when none is idle it opens a
 * new one, and that connect time is inside its latency (it counts from the scheduled arrival), as it would be for a
 * user. Each text message is timed when Jetty hands it over (after its frame was read and decoded: the closest the
 * client allows).
 *
 * <p>What ends a request here: a refused upgrade ({@code HTTP_STATUS}) or connect ({@code CONNECT}); a close with
 * status 1011 mid-response, the server's "I failed" ({@code HTTP_STATUS}, as an SSE 5xx); a connection otherwise
 * closed or broken mid-response ({@code CLOSED_EARLY}, or a resume: {@code response.resume} with the response id and
 * the last sequence number on a new connection, see {@link ResumePolicy}). A connection whose response failed by a
 * malformed event is closed, never reused.
 */
final class WsLlmClient extends JettyLlmClient {
    private final WebSocketClient ws;
    private final URI target;
    private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();
    private final Set<Conn> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connects = new AtomicLong();
    private volatile boolean closed;

    WsLlmClient(LlmJetty jetty, LlmClient.Settings s) {
        super(jetty, s);
        this.ws = jetty.ws();
        String b = s.baseUrl().toString().replaceAll("/+$", "");
        this.target = URI.create((b.startsWith("https://") ? "wss://" + b.substring(8) : "ws://" + b.substring(7))
                + LlmContract.RESPONSES_WS_PATH);
    }

    @Override
    public void start(Exchange x) {
        ResponseStream rs = new ResponseStream(x, settings.api(), settings.resume());
        acquire(rs, bodies.responseCreate(x.request()), false);
    }

    /** Sends {@code message} for {@code rs} on an idle connection, or on a new one. */
    private void acquire(ResponseStream rs, String message, boolean resume) {
        Exchange x = rs.exchange();
        if (x.isEnded()) {
            return;
        }
        Conn c;
        while ((c = idle.pollFirst()) != null) {
            if (c.isOpen()) {
                c.begin(rs, message, resume);
                return;
            }
        }
        if (closed) {
            x.fail(clock.nanoTime(), Failure.NOT_SENT, "the client was closed");
            return;
        }
        Conn fresh = new Conn();
        connects.incrementAndGet();
        open.add(fresh);
        x.onAbort(fresh::close);
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        if (settings.apiKey() != null) {
            upgrade.setHeader("Authorization", "Bearer " + settings.apiKey());
        }
        try {
            ws.connect(fresh, target, upgrade).whenComplete((session, failure) -> {
                if (failure == null) {
                    fresh.begin(rs, message, resume);
                } else {
                    open.remove(fresh);
                    connectFailed(rs, failure, resume);
                }
            });
        } catch (java.io.IOException e) {
            open.remove(fresh);
            connectFailed(rs, e, resume);
        }
    }

    private void connectFailed(ResponseStream rs, Throwable failure, boolean resume) {
        long now = clock.nanoTime();
        Exchange x = rs.exchange();
        UpgradeException up = find(failure);
        if (resume) {
            if (up != null && up.getResponseStatusCode() > 0) {
                rs.refused(now, "upgrade answered HTTP " + up.getResponseStatusCode());
            } else {
                scheduleResume(rs, rs.dropped(now, Failure.CLOSED_EARLY, Failures.describe(failure)));
            }
        } else if (up != null && up.getResponseStatusCode() > 0) {
            x.fail(now, Failure.HTTP_STATUS, "WebSocket upgrade to " + target.getPath() + " answered HTTP "
                    + up.getResponseStatusCode());
        } else {
            x.fail(now, Failure.CONNECT, Failures.describe(failure));   // no session: the request was never sent
        }
    }

    private static UpgradeException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UpgradeException u) {
                return u;
            }
        }
        return null;
    }

    private void scheduleResume(ResponseStream rs, long waitNs) {
        if (waitNs >= 0) {
            jetty.http().getScheduler().schedule(() -> acquire(rs, bodies.responseResume(rs.responseId(),
                    rs.resumePoint()), true), waitNs, TimeUnit.NANOSECONDS);
        }
    }

    /** WebSocket connections this client tried to open (each a request found none idle, or a resume). */
    long webSocketConnects() {
        return connects.get();
    }

    @Override
    public void close() {
        closed = true;
        for (Conn c : open) {
            c.close();
        }
        super.close();
    }

    /** One connection and the response it carries (public: Jetty binds its listener methods). */
    public final class Conn implements Session.Listener.AutoDemanding {
        private volatile Session session;
        private volatile ResponseStream current;

        boolean isOpen() {
            Session s = session;
            return s != null && s.isOpen();
        }

        void begin(ResponseStream rs, String message, boolean resume) {
            Exchange x = rs.exchange();
            if (x.isEnded()) {
                release();      // aborted while this connection was being opened
                return;
            }
            current = rs;
            x.onAbort(this::close);
            x.active(clock.nanoTime());
            // sent when the frame was written, as SSE's is when its request was committed to the connection
            session.sendText(message, Callback.from(() -> {
                if (!resume) {
                    x.sent(clock.nanoTime());
                }
            }, this::broken));
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String text) {
            long recv = clock.nanoTime();
            events.incrementAndGet();
            ResponseStream rs = current;
            if (rs == null) {
                return;     // nothing in flight (a late event of an aborted response)
            }
            // a completed response, or one the server ended with an error event, leaves the connection usable: it is
            // idle again before the request's end is told (a closed loop's next request may take it at once)
            boolean[] released = {false};
            if (rs.onEvent(text, recv, () -> {
                current = null;
                released[0] = true;
                release();
            }) == ResponseStream.Next.STOP && !released[0]) {
                current = null;     // malformed, or the request had ended (timeout): not reused
                close();
            }
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            open.remove(this);
            idle.remove(this);      // closed while idle (the server's idle timeout): never hand it out again
            String detail = "WebSocket closed: " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
            ResponseStream rs = current;
            if (status == StatusCode.SERVER_ERROR && rs != null) {
                // 1011 is the server saying it failed the request: the WebSocket twin of an HTTP 5xx, not a drop
                current = null;
                rs.exchange().fail(clock.nanoTime(), Failure.HTTP_STATUS, detail + " (server error)");
                return;
            }
            dropped(detail);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            open.remove(this);
            dropped(Failures.describe(cause));
        }

        private void broken(Throwable cause) {
            dropped("send failed: " + Failures.describe(cause));
            close();
        }

        private void dropped(String detail) {
            ResponseStream rs = current;
            current = null;
            if (rs != null) {
                scheduleResume(rs, rs.dropped(clock.nanoTime(), Failure.CLOSED_EARLY, detail));
            }
        }

        private void release() {
            if (!closed && isOpen()) {
                idle.offerFirst(this);
            } else {
                close();
            }
        }

        void close() {
            Session s = session;
            if (s != null && s.isOpen()) {
                s.close(StatusCode.NORMAL, "pushbench: done", Callback.NOOP);
            }
        }
    }
}
