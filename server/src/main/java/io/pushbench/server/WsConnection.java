package io.pushbench.server;

import io.pushbench.wire.Transport;
import io.pushbench.wire.Protocol;

import io.pushbench.wire.WebSocketFrames;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One WebSocket session (HTTP/1.1 upgrade or RFC 8441 over h2c): each feed message is one text frame whose
 * payload is a slice of the message's one shared read-only buffer ({@link Published#ws()}), sent through the
 * {@link CoreSession} (the Jetty API's {@code sendText(String)} would re-encode UTF-8 per session).
 *
 * <p>A drain hands every queued frame to the core session at once; Jetty's frame flusher gathers them into
 * one write. A frame counts as delivered, and leaves the queue depth, when its callback succeeds, so frames
 * waiting in Jetty's flusher still count against the bound. Client frames are read (auto-demand) and
 * discarded; a frame over the frame limit closes the session with 1009. No text/binary handler is declared on
 * purpose: each declared handler costs Jetty a method-handle binding and a message sink per session (~0.3 KB).
 */
public final class WsConnection extends Subscriber implements Session.Listener.AutoDemanding {
    private final long lastEventId;
    private volatile CoreSession core;

    WsConnection(Feed feed, Protocol protocol, ConnectionMetaData connection, long lastEventId) {
        super(Transport.WS, protocol, feed, connection);
        this.lastEventId = lastEventId;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        core = ((WebSocketSession) session).getCoreSession();
        feedSubscribe();
    }

    private void feedSubscribe() {
        feed().subscribe(this, lastEventId, List.of());
    }

    @Override
    protected void drain() {
        CoreSession c = core;
        Object item;
        while ((item = queue.next()) != null) {
            send(c, item);
        }
    }

    private void send(CoreSession c, Object item) {
        Frame frame;
        int messages = 0;
        if (item instanceof Published p) {
            frame = new Frame(OpCode.TEXT, p.wsSlice());
            messages = 1;
        } else {
            Control ctl = (Control) item;
            frame = switch (ctl.kind()) {
                case SUBSCRIBED, LOST -> new Frame(OpCode.TEXT, ByteBuffer.wrap(ctl.json()).asReadOnlyBuffer());
                case HEARTBEAT -> new Frame(OpCode.PING);
                case RETRY -> null; // SSE only
            };
            if (frame == null) {
                queue.completed(1);
                return;
            }
        }
        long bytes = WebSocketFrames.headerLength(frame.getPayloadLength()) + frame.getPayloadLength();
        int delivered = messages;
        c.sendFrame(frame, Callback.from(() -> {
            queue.completed(1);
            metrics.written(transport, delivered, bytes);
        }, x -> {
            queue.completed(1);
            terminate(true, "write failed: " + x);
        }), false);
    }

    @Override
    protected void abort(String reason) {
        CoreSession c = core;
        if (c != null) {
            c.abort();
        }
    }

    @Override
    protected void closeCleanly(String reason) {
        CoreSession c = core;
        if (c != null) {
            c.close(StatusCode.SHUTDOWN, reason, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
        ended();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        ended();
    }
}
