package io.pushbench.server;

import io.pushbench.wire.Protocol;

import io.pushbench.wire.FeedContract;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /sse}: a {@code text/event-stream} of the feed, over HTTP/1.1 or h2c, resumable with the
 * {@code Last-Event-ID} header (or the {@code lastEventId} query parameter, for clients that cannot set it;
 * the header wins when both are present). A malformed or too long id answers 400 with a one-line reason.
 */
final class SseServlet extends HttpServlet {
    private final transient Feed feed;
    private final int retryMs;

    SseServlet(Feed feed, int retryMs) {
        this.feed = feed;
        this.retryMs = retryMs;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String raw = request.getHeader(FeedContract.LAST_EVENT_ID_HEADER);
        if (raw == null) {
            raw = request.getParameter(FeedContract.LAST_EVENT_ID_PARAM);
        }
        long lastEventId;
        try {
            lastEventId = FeedContract.parseEventId(raw);
        } catch (IllegalArgumentException e) {
            Responses.plain(response, 400, "bad " + FeedContract.LAST_EVENT_ID_HEADER + ": " + e.getMessage());
            return;
        }
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
        Protocol protocol = HttpProtocols.of(core.getConnectionMetaData().getHttpVersion());
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the connection / HTTP/2 stream idle timeout governs, heartbeats keep it alive
        ServletOutputStream out = response.getOutputStream();
        SseConnection c = new SseConnection(feed, protocol, request, async, out);
        async.addListener(c);
        // With an async timeout of 0, Jetty ignores an idle timeout when no write is pending: end silent streams
        // here (a flowing feed or heartbeats keep the connection from ever being idle).
        core.addIdleTimeoutListener(timeout -> {
            c.idleTimeout();
            return true;
        });
        out.setWriteListener(c); // the container calls onWritePossible, which commits the headers
        feed.subscribe(c, lastEventId, retryMs > 0 ? List.of(Control.retry(retryMs)) : List.of());
    }
}
