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
 * {@code isReady()} turning true again). Drain and {@link #onWritePossible()} are serialised by one lock, so the
 * container's callback and a writer's drain never interleave; the publisher only tries it ({@link #tryDrain()}).
 */
final class SseConnection extends Subscriber implements WriteListener, AsyncListener {
    private static final byte[] HEARTBEAT = SseEncoder.comment("hb");

    private final HttpServletRequest request;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final int writeBatch;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private boolean flushed;
    private int unflushed;
    private int pendingItems;
    private int pendingMessages;
    private long pendingBytes;
    private boolean done;

    SseConnection(Feed feed, Protocol protocol, HttpServletRequest request, AsyncContext async,
                  ServletOutputStream out) {
        super(Transport.SSE, protocol, feed,
                ServletContextRequest.getServletContextRequest(request).getConnectionMetaData());
        this.request = request;
        this.async = async;
        this.out = out;
        this.writeBatch = feed.writeBatch();
    }

    @Override
    protected void drain() {
        lock.lock();
        try {
            drainLocked();
        } finally {
            lock.unlock();
        }
    }

    /** The publisher never waits for another thread's drain: if one is running, the pool takes this one. */
    @Override
    protected boolean tryDrain() {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            drainLocked();
        } finally {
            lock.unlock();
        }
        return true;
    }

    private void drainLocked() {
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
        lock.lock();
        try {
            done = true;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            done = true;
        } finally {
            lock.unlock();
        }
        // Fails the exchange: HTTP/1.1 closes the connection without the terminating chunk, HTTP/2 resets the stream.
        ServletContextRequest.getServletContextRequest(request).getServletChannel().abort(new IOException(reason));
    }

    @Override
    protected void closeCleanly(String reason) {
        lock.lock();
        try {
            done = true;
            try {
                async.complete();
            } catch (IllegalStateException ignored) {
                // already completed
            }
        } finally {
            lock.unlock();
        }
    }

    /** The connection was idle for the idle timeout; Jetty fails the exchange after this. */
    void idleTimeout() {
        lock.lock();
        try {
            done = true;
        } finally {
            lock.unlock();
        }
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
