package io.pushbench.server;

import org.eclipse.jetty.websocket.api.Session;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test WebSocket endpoint that queues each text message and records the close (the status code, -1 on an error):
 * what the feed's {@link WsTestClient} and the LLM tests' {@code LlmClients.Ws} build on.
 */
public class QueueingWsEndpoint implements Session.Listener.AutoDemanding {
    /** Text messages in arrival order. */
    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    /** Completes with the close status code, or -1 on an error. */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** The session, once open. */
    public volatile Session session;

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
    }

    @Override
    public void onWebSocketText(String message) {
        texts.add(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
        closed.complete(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(-1);
    }
}
