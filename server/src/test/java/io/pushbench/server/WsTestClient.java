package io.pushbench.server;

import org.eclipse.jetty.websocket.api.Session;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test WebSocket endpoint: queues each text message and records the close. */
public final class WsTestClient implements Session.Listener.AutoDemanding {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile Session session;

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

    String take() throws InterruptedException {
        String s = texts.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no WebSocket message within 10 s");
        }
        return s;
    }
}
