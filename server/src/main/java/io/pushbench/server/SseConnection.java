package io.pushbench.server;

import io.pushbench.wire.Transport;
import io.pushbench.wire.Protocol;

import io.pushbench.wire.FeedContract;
import io.pushbench.wire.SseEncoder;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;

/**
 * One SSE stream: an async servlet response written through a {@link WriteListener}, every write and flush
 * guarded by {@link ServletOutputStream#isReady()}.
 *
 * <p>Writes take the shared {@code EncodedMessage.sse()} bytes as they are. A drain writes up to the feed's
 * write batch of queued items (Jetty aggregates small writes), then flushes, and goes on while the stream stays
 * ready: with a batch of 1 (the plain variant) every event is one flush, that is one socket write, as every frame is
 * on WebSocket. Items count as delivered, and leave the queue depth, when the flush has completed (observed as
 * {@code isReady()} turning true again). Drains ({@link #onWritePossible()}, the writers', the publisher's) are
 * serialised by a work-in-progress counter, never by a lock: one runs at a time and none waits for another, as the
 * WebSocket side's {@code IteratingCallback} does.
 */
final class SseConnection extends Subscriber implements WriteListener, AsyncListener {
    private static final byte[] HEARTBEAT = SseEncoder.comment("hb");

    private final HttpServletRequest request;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final int writeBatch;
    private final java.util.concurrent.atomic.AtomicInteger wip = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closeRequested;
    private boolean flushed;
    private int unflushed;
    private int pendingItems;
    private int pendingMessages;
    private long pendingBytes;
    private volatile boolean done;

    SseConnection(Feed feed, Protocol protocol, HttpServletRequest request, AsyncContext async,
                  ServletOutputStream out) {
        super(Transport.SSE, protocol, feed,
                ServletContextRequest.getServletContextRequest(request).getConnectionMetaData());
        this.request = request;
        this.async = async;
        this.out = out;
        this.writeBatch = feed.writeBatch();
    }

    /**
     * Serialised without a lock: the caller that finds no drain running runs it, and runs it again for every call
     * that arrived meanwhile, so no thread ever waits for another's drain (the publisher writes through here).
     */
    @Override
    protected void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            drainSerially();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainSerially() {
        if (closeRequested && !done) {
            done = true;
            try {
                async.complete();
            } catch (IllegalStateException ignored) {
                // already completed
            }
            return;
        }
        try {
            while (!done && out.isReady()) {
                if (flushed && pendingItems > 0) {
                    commit();
                }
                Object item = unflushed < writeBatch ? queue.next() : null;
                if (item != null) {
                    byte[] bytes = bytesOf(item);
                    out.write(bytes);
                    unflushed++;
                    pendingItems++;
                    pendingBytes += bytes.length;
                    if (item instanceof Published) {
                        pendingMessages++;
                    }
                    flushed = false;
                } else if (!flushed) {
                    out.flush();
                    flushed = true;
                    unflushed = 0;
                } else {
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            fail(e);
        }
    }

    private void commit() {
        queue.completed(pendingItems);
        metrics.written(transport, pendingMessages, pendingBytes);
        pendingItems = 0;
        pendingMessages = 0;
        pendingBytes = 0;
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

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    private void fail(Throwable t) {
        done = true;
        queue.close();
        try {
            async.complete();
        } catch (IllegalStateException ignored) {
            // already completed or aborted
        }
        ended();
    }

    @Override
    protected void abort(String reason) {
        done = true;
        // Fails the exchange: HTTP/1.1 closes the connection without the terminating chunk, HTTP/2 resets the stream.
        ServletContextRequest.getServletContextRequest(request).getServletChannel().abort(new IOException(reason));
    }

    @Override
    protected void closeCleanly(String reason) {
        closeRequested = true; // completed inside the serialised drain, never beside a write
        drain();
    }

    /** The connection was idle for the idle timeout; Jetty fails the exchange after this. */
    void idleTimeout() {
        done = true;
        queue.close();
        ended();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ended();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        fail(event.getThrowable());
    }

    @Override
    public void onError(AsyncEvent event) {
        fail(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }
}
