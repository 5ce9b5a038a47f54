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
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.internal.FrameFlusher;

import java.lang.reflect.Field;
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
 * variant) every feed message is its own write, without a copy (a lone control frame is copied: see the Sender).
 * Frames count as delivered, and leave the queue depth, when their write completes, so a backlog never hides in
 * Jetty's flusher. Client frames are read
 * (auto-demand) and discarded; a frame over the frame limit closes the session with 1009. No text/binary handler is
 * declared on purpose: each declared handler costs Jetty a method-handle binding and a message sink per session
 * (~0.3 KB).
 */
public final class WsConnection extends Subscriber implements Session.Listener.AutoDemanding {
    /**
     * {@code WebSocketConnection.flusher}, or null when this Jetty has no such field. Jetty 12.1 (12.1.14, and the
     * 12.1 source as of this writing) builds the connection's frame flusher in the connection's constructor, where the
     * flusher copies {@code isUseOutputDirectByteBuffers()} while it is still false; the handshaker sets it from
     * {@code HttpConfiguration} (true by default, as SSE's output gets) only afterwards, and the setter does not
     * forward it. So every frame header and batch buffer is a heap buffer, and each thread that writes one gets from
     * the JDK a temporary direct buffer plus a per-thread cache of them (a 1,024-slot {@code ByteBuffer[]}, 4 KB of
     * heap). See {@link #outputBuffersAsConfigured}.
     */
    private static final Field FLUSHER = flusherField();

    private static Field flusherField() {
        try {
            Field f = WebSocketConnection.class.getDeclaredField("flusher");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another Jetty: its own buffers, as before
        }
    }

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
        outputBuffersAsConfigured(core);
        feedSubscribe();
    }

    /**
     * Gives the session's frame flusher the direct/heap choice the handshaker took from {@code HttpConfiguration}
     * (the one SSE's output follows), which Jetty fails to pass on (see {@link #FLUSHER}). Measured with class
     * histograms at 1,000 idle sessions: the per-thread caches of the ~55 pool threads that wrote a "subscribed"
     * marker cost 0.21-0.25 KB per connection, which the bare floor (it never writes a frame) does not pay. A cost per
     * thread, not per connection, but real heap; and WebSocket batches no longer take a heap-to-direct copy that SSE's
     * aggregation buffer does not. The bytes and writes are unchanged.
     */
    private static void outputBuffersAsConfigured(CoreSession core) {
        if (FLUSHER != null && core instanceof WebSocketCoreSession s && s.getConnection() != null) {
            WebSocketConnection connection = s.getConnection();
            try {
                FrameFlusher flusher = (FrameFlusher) FLUSHER.get(connection);
                flusher.setUseDirectByteBuffers(connection.isUseOutputDirectByteBuffers());
            } catch (IllegalAccessException | ClassCastException e) {
                // leave Jetty's choice
            }
        }
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
            boolean firstIsControl = false;
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
                    first = f; // held back: a lone feed message goes out unbatched, without a copy
                    firstIsControl = !(item instanceof Published) && f.hasPayload();
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
            if (frames == 1 && !firstIsControl) {
                c.sendFrame(first, this, false);
            } else {
                if (frames == 1) {
                    // A lone control frame (the "subscribed" marker every session gets first, a lost signal) is
                    // copied into the flusher's pooled batch buffer, not written from its heap array: a heap buffer
                    // handed to the socket costs the writing thread the JDK's temporary direct buffer cache (see
                    // FLUSHER). Same bytes, same one write; the frame is a few dozen bytes.
                    c.sendFrame(first, Callback.NOOP, true);
                }
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
