package io.pushbench.server;

import io.pushbench.wire.FeedContract;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Accepts {@code GET /ws} upgrades: reads the {@code lastEventId} query parameter (400 with a one-line reason
 * when malformed), refuses permessage-deflate unless the {@code wsDeflate} variant is on, and creates a
 * {@link WsConnection}.
 */
final class WsCreator implements WebSocketCreator {
    private final Feed feed;
    private final boolean deflate;

    WsCreator(Feed feed, boolean deflate) {
        this.feed = feed;
        this.deflate = deflate;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        long lastEventId;
        try {
            Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            lastEventId = FeedContract.parseEventId(query.getValue(FeedContract.LAST_EVENT_ID_PARAM));
        } catch (IllegalArgumentException e) {
            Responses.plain(response, callback, 400, "bad " + FeedContract.LAST_EVENT_ID_PARAM + ": " + e.getMessage());
            return null;
        }
        if (!deflate) {
            response.setExtensions(List.of()); // a named variant, never a silent default
        }
        return new WsConnection(feed, HttpProtocols.of(request.getConnectionMetaData().getHttpVersion()),
                request.getConnectionMetaData(), lastEventId);
    }
}
