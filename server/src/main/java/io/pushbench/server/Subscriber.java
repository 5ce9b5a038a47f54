package io.pushbench.server;

import io.pushbench.wire.Transport;
import io.pushbench.wire.Protocol;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One connection subscribed to the {@link Feed}, of either transport. Everything that decides fairness lives
 * here and in {@link SubscriberQueue}, shared by both transports: the bound, the wake-up hand-off, the
 * slow-consumer disconnect and the accounting. A transport only says how to write an item ({@link #drain()})
 * and how to end the connection ({@link #abort}, {@link #closeCleanly}).
 *
 * <p>Each subscriber knows the TCP connection its stream runs on ({@link #tcp()}): over HTTP/1.1 its own, over h2c
 * the one it shares with the other streams of that HTTP/2 connection, which {@code /admin/drop?mode=connection}
 * closes as a whole.
 */
public abstract class Subscriber {
    protected final Transport transport;
    protected final Protocol protocol;
    protected final SubscriberQueue queue;
    protected final ServerMetrics metrics;
    private final Feed feed;
    private final EndPoint tcp;
    // A volatile flag set once through a VarHandle, not an AtomicBoolean: one object (16 B) less per connection.
    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(Subscriber.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean ended;
    private volatile boolean registered;

    /**
     * @param connection the request's connection: over h2c the HTTP/2 connection (not the stream), so that
     *                   {@link #tcp()} is the TCP connection; null when unknown
     */
    protected Subscriber(Transport transport, Protocol protocol, Feed feed, ConnectionMetaData connection) {
        this.tcp = connection == null || connection.getConnection() == null ? null
                : connection.getConnection().getEndPoint();
        this.transport = transport;
        this.protocol = protocol;
        this.feed = feed;
        this.metrics = feed.metrics();
        this.queue = new SubscriberQueue(feed.queueCapacity());
    }

    protected final Feed feed() {
        return feed;
    }

    public Transport transport() {
        return transport;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The TCP connection's end point (shared by every stream of one HTTP/2 connection), or null when unknown. */
    final EndPoint tcp() {
        return tcp;
    }

    /**
     * Offers a live item; never blocks and never writes. Returns true when the caller must schedule
     * {@link #drain()}. On overflow the subscriber is counted as a slow consumer and aborted (off this thread).
     */
    final boolean offer(Object item) {
        SubscriberQueue.Offer o = queue.offer(item);
        switch (o) {
            case WAKE, QUEUED -> {
                metrics.queueDepth(queue.depthAfterOffer());
                return o == SubscriberQueue.Offer.WAKE;
            }
            case OVERFLOW -> {
                metrics.slowConsumer(transport);
                feed.executor().execute(() -> terminate(true, "slow consumer: queue of " + queue.capacity() + " full"));
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Writes queued items until the queue is empty or the transport is not ready; any thread, one drain at a time,
     * and never waits for another thread's drain (the publisher writes through here: one blocked connection must
     * not stall the feed).
     */
    protected abstract void drain();

    /** Ends the connection without a clean end of stream (TCP close or HTTP/2 stream reset). */
    protected abstract void abort(String reason);

    /** Ends the stream cleanly (SSE: end of response; WebSocket: close frame 1001). */
    protected abstract void closeCleanly(String reason);

    /** Drops this subscriber: unsubscribes, then aborts or closes the connection. */
    final void terminate(boolean abort, String reason) {
        queue.close();
        if (abort) {
            abort(reason);
        } else {
            closeCleanly(reason);
        }
        ended();
    }

    /** Schedules a drain on the shared pool. */
    protected final void wake() {
        feed.executor().execute(this::drainSafely);
    }

    final void drainSafely() {
        try {
            drain();
        } catch (RuntimeException e) {
            terminate(true, "drain failed: " + e);
        }
    }

    /** Called by {@link Feed#subscribe} when this subscriber is registered. */
    final void registered() {
        registered = true;
        metrics.connected(transport, protocol);
    }

    /** The connection is gone (closed by either side, failed or dropped); idempotent. */
    protected final void ended() {
        if (ENDED.compareAndSet(this, false, true)) {
            queue.close();
            feed.unsubscribe(this);
            if (registered) {
                metrics.disconnected(transport, protocol);
            }
        }
    }

    protected final boolean isEnded() {
        return ended;
    }
}
