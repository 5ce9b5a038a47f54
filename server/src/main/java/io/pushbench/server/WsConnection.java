package io.pushbench.server;

import io.pushbench.wire.Transport;
import io.pushbench.wire.Protocol;

import io.pushbench.wire.WebSocketFrames;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
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
 * <p>Writes mirror {@link SseConnection}'s: one write in flight per session, serialised by an
 * {@link IteratingCallback}; each write carries up to the feed's write batch of queued frames (handed to Jetty's
 * frame flusher as batched, then a flush, so the flusher copies them into its batch buffer, the WebSocket twin of the
 * servlet's output aggregation buffer, and writes it when full and at the flush); with a batch of 1 (the plain
 * variant) every frame is its own write, without a copy. Frames count as delivered, and leave the
 * queue depth, when their write completes, so a backlog never hides in Jetty's flusher. Client frames are read
 * (auto-demand) and discarded; a frame over the frame limit closes the session with 1009. No text/binary handler is
 * declared on purpose: each declared handler costs Jetty a method-handle binding and a message sink per session
 * (~0.3 KB).
 */
public final class WsConnection extends Subscriber implements Session.Listener.AutoDemanding {
    private final long lastEventId;
    private volatile CoreSession core;
    private final Sender sender = new Sender();

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
        sender.iterate();
    }

    /** Whole frame for one queue item; null for items WebSocket has no frame for (SSE's retry). */
    private static Frame frameOf(Object item) {
        if (item instanceof Published p) {
            return new Frame(OpCode.TEXT, p.wsSlice());
        }
        Control ctl = (Control) item;
        return switch (ctl.kind()) {
            case SUBSCRIBED, LOST -> new Frame(OpCode.TEXT, ByteBuffer.wrap(ctl.json()).asReadOnlyBuffer());
            case HEARTBEAT -> new Frame(OpCode.PING);
            case RETRY -> null;
        };
    }

    /** One write in flight: up to the write batch of frames, the last one carrying this callback. */
    private final class Sender extends IteratingCallback {
        private int items;
        private int messages;
        private long bytes;

        @Override
        protected Action process() {
            CoreSession c = core;
            if (c == null) {
                return Action.IDLE;
            }
            int batch = feed().writeBatch();
            Frame first = null;
            int frames = 0;
            while (items < batch) {
                Object item = queue.next();
                if (item == null) {
                    break;
                }
                items++;
                Frame f = frameOf(item);
                if (f == null) {
                    continue;
                }
                if (item instanceof Published) {
                    messages++;
                }
                bytes += WebSocketFrames.headerLength(f.getPayloadLength()) + f.getPayloadLength();
                if (++frames == 1) {
                    first = f; // held back: a lone frame goes out unbatched, without a copy
                } else {
                    if (frames == 2) {
                        c.sendFrame(first, Callback.NOOP, true);
                    }
                    c.sendFrame(f, Callback.NOOP, true); // batched: copied into Jetty's batch buffer
                }
            }
            if (frames == 0) {
                if (items > 0) { // only frameless items (retry): nothing to write
                    succeeded();
                    return Action.SCHEDULED;
                }
                return Action.IDLE;
            }
            if (frames == 1) {
                c.sendFrame(first, this, false);
            } else {
                // The flush frame queues behind every batched frame and forces them all out (a ping jumps Jetty's
                // queue, so a batch must not rely on its last frame being the one that flushes).
                c.flush(this);
            }
            return Action.SCHEDULED;
        }

        @Override
        protected void onSuccess() {
            queue.completed(items);
            if (messages > 0 || bytes > 0) {
                metrics.written(transport, messages, bytes);
            }
            items = 0;
            messages = 0;
            bytes = 0;
        }

        @Override
        protected void onCompleteFailure(Throwable x) {
            queue.completed(items);
            terminate(true, "write failed: " + x);
        }
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
