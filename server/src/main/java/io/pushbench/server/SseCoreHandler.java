package io.pushbench.server;

import io.pushbench.wire.FeedContract;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Variant {@code sseCore}: {@code GET /sse} served by a Jetty core handler instead of the async servlet, with the
 * same feed, queue, policy and wire bytes ({@link SseCoreConnection}). It exists to measure what the ee10 servlet
 * layer costs per connection and per message; every other request passes through to the next handler.
 *
 * <pre>{@code
 * SseCoreHandler sse = new SseCoreHandler(feed, retryMs);
 * sse.setHandler(servletContext);            // everything but GET /sse
 * }</pre>
 */
final class SseCoreHandler extends Handler.Wrapper {
    private final Feed feed;
    private final int retryMs;

    SseCoreHandler(Feed feed, int retryMs) {
        this.feed = feed;
        this.retryMs = retryMs;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!FeedContract.SSE_PATH.equals(Request.getPathInContext(request))
                || !HttpMethod.GET.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        String raw = request.getHeaders().get(FeedContract.LAST_EVENT_ID_HEADER);
        long lastEventId;
        try {
            if (raw == null) {
                raw = Request.extractQueryParameters(request, StandardCharsets.UTF_8).getValue(FeedContract.LAST_EVENT_ID_PARAM);
            }
            lastEventId = FeedContract.parseEventId(raw);
        } catch (IllegalArgumentException e) {
            Responses.plain(response, callback, 400, "bad " + FeedContract.LAST_EVENT_ID_HEADER + ": " + e.getMessage());
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        SseCoreConnection c = new SseCoreConnection(feed,
                HttpProtocols.of(request.getConnectionMetaData().getHttpVersion()), response, callback);
        request.addIdleTimeoutListener(timeout -> {
            c.idleTimeout(timeout);
            return true;
        });
        feed.subscribe(c, lastEventId, retryMs > 0 ? List.of(Control.retry(retryMs)) : List.of());
        c.start(); // commits the headers even when nothing is queued yet
        return true;
    }
}
