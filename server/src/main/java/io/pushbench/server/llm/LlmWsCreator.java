package io.pushbench.server.llm;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

import java.util.List;

/**
 * Accepts WebSocket upgrades at {@code /v1/responses} (HTTP/1.1 or RFC 8441 over h2c), refusing permessage-deflate
 * unless the {@code wsDeflate} variant is on (the feed's rule), and creates an {@link LlmWsConnection}.
 */
final class LlmWsCreator implements WebSocketCreator {
    private final LlmService service;
    private final boolean deflate;

    LlmWsCreator(LlmService service, boolean deflate) {
        this.service = service;
        this.deflate = deflate;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        if (!deflate) {
            response.setExtensions(List.of());
        }
        return new LlmWsConnection(service);
    }
}
