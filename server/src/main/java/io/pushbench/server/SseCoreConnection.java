package io.pushbench.server;

import io.pushbench.wire.Transport;
import io.pushbench.wire.Protocol;

import io.pushbench.wire.FeedContract;
import io.pushbench.wire.SseEncoder;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One SSE stream of the {@code sseCore} variant: writes through the core {@link Response} with one write in
 * flight, serialised by an {@link IteratingCallback}. A single queued event is written by wrapping the shared
 * bytes (no copy); with a write batch above 1, a backlog of up to that many is gathered into one buffer per write,
 * as the servlet's output aggregation does. Items count as delivered when their write completes.
 */
final class SseCoreConnection extends Subscriber {
    private static final byte[] HEARTBEAT = SseEncoder.comment("hb");
    private static final int GATHER_BYTES = 32 * 1024;

    private final Response response;
    private final Callback requestCallback;
    private final Flusher flusher = new Flusher();
    private final int writeBatch;
    private volatile boolean closing;

    SseCoreConnection(Feed feed, Protocol protocol, Response response, Callback requestCallback) {
        super(Transport.SSE, protocol, feed, response.getRequest().getConnectionMetaData());
        this.response = response;
        this.requestCallback = requestCallback;
        this.writeBatch = feed.writeBatch();
    }

    void start() {
        flusher.iterate();
    }

    @Override
    protected void drain() {
        flusher.iterate();
    }

    @Override
    protected void abort(String reason) {
        flusher.abort(new IOException(reason));
    }

    @Override
    protected void closeCleanly(String reason) {
        closing = true;
        flusher.iterate();
    }

    void idleTimeout(Throwable timeout) {
        flusher.abort(timeout);
    }

    private static byte[] bytesOf(Object item) {
        if (item instanceof Published p) {
            return p.message().sse();
        }
        Control c = (Control) item;
        return switch (c.kind()) {
            case HEARTBEAT -> HEARTBEAT;
            case RETRY -> SseEncoder.retry(c.millis());
            case SUBSCRIBED -> SseEncoder.event(-1, FeedContract.SUBSCRIBED_EVENT, c.json());
            case LOST -> SseEncoder.event(-1, FeedContract.LOST_EVENT, c.json());
        };
    }

    private final class Flusher extends IteratingCallback {
        private boolean committed;
        private boolean finished;
        private int items;
        private int messages;
        private long bytes;

        @Override
        protected Action process() {
            if (finished) {
                return Action.SUCCEEDED;
            }
            if (closing) {
                finished = true;
                response.write(true, BufferUtil.EMPTY_BUFFER, this);
                return Action.SCHEDULED;
            }
            Object first = queue.next();
            if (first == null) {
                if (committed) {
                    return Action.IDLE;
                }
                committed = true; // send the headers now: clients time the connect to them
                response.write(false, BufferUtil.EMPTY_BUFFER, this);
                return Action.SCHEDULED;
            }
            committed = true;
            byte[] b = bytesOf(first);
            count(first, b);
            ByteBuffer out;
            int gathered = 1;
            Object next = b.length < GATHER_BYTES && gathered < writeBatch ? queue.next() : null;
            if (next == null) {
                out = ByteBuffer.wrap(b);
            } else {
                ByteBuffer gather = ByteBuffer.allocate(GATHER_BYTES);
                gather.put(b);
                while (next != null) {
                    byte[] nb = bytesOf(next);
                    count(next, nb);
                    if (nb.length > gather.remaining()) {
                        ByteBuffer bigger = ByteBuffer.allocate(gather.position() + nb.length);
                        gather.flip();
                        bigger.put(gather);
                        gather = bigger;
                    }
                    gather.put(nb);
                    gathered++;
                    next = gather.position() < GATHER_BYTES && gathered < writeBatch ? queue.next() : null;
                }
                out = gather.flip();
            }
            response.write(false, out, this);
            return Action.SCHEDULED;
        }

        private void count(Object item, byte[] b) {
            items++;
            bytes += b.length;
            if (item instanceof Published) {
                messages++;
            }
        }

        @Override
        protected void onSuccess() {
            if (items > 0) {
                queue.completed(items);
                metrics.written(transport, messages, bytes);
                items = 0;
                messages = 0;
                bytes = 0;
            }
        }

        @Override
        protected void onCompleteSuccess() {
            requestCallback.succeeded();
            ended();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            requestCallback.failed(cause);
            ended();
        }
    }
}
