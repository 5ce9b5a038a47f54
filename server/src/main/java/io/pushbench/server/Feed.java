package io.pushbench.server;

import io.pushbench.server.log.LogRecord;
import io.pushbench.server.log.SegmentLog;
import io.pushbench.wire.EncodedMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The one feed every connection subscribes to: the replay ring, the subscriber set and the fan-out.
 *
 * <p>Fan-out: {@link #publish} stores the message in the ring and takes the subscriber snapshot under one lock,
 * then, outside it, offers the <em>same</em> {@link EncodedMessage} (no encoding per connection) to every
 * subscriber's bounded queue. A subscriber whose queue was idle needs a drain; who runs it is the {@link Writers}
 * setting, the same for both transports: the publisher thread itself, right after the offer ({@code publisher}: no
 * hand-off at all), or the writer executor (the pool or dedicated threads) in chunks of {@value #WAKE_CHUNK}, so a
 * broadcast costs a few task hand-offs, not one per connection.
 *
 * <p>Resume: {@link #subscribe} computes the replay from the ring and registers the subscriber under the same
 * lock, so every message is either in the replay or offered live: no gap, no duplicate.
 *
 * <p>Durability (with a {@link SegmentLog}): {@link #publish} appends the message to the log <em>before</em> it
 * enters the ring or any queue (write-ahead), so whatever any client received, live or replayed, is in the log
 * when the process dies. A feed built on a log starts where the log ends: the ring holds the log's newest records
 * (re-encoded byte for byte) and {@link #lastSeq()} is the log's last seq, so the publisher continues at + 1.
 *
 * <pre>{@code
 * Feed feed = new Feed(10_000, 1_024, executor, metrics);          // memory only, drains on the executor
 * Feed inline = new Feed(10_000, 1_024, pool, metrics, null, Writers.PUBLISHER, writerExecutor, 1);
 * Feed durable = new Feed(10_000, 1_024, executor, metrics, log);  // continues the log, appends ahead of fan-out
 * feed.subscribe(subscriber, lastEventId, List.of(Control.retry(2000)));
 * feed.publish(EncodedMessage.of(message, 256));      // from the publisher thread only
 * }</pre>
 */
public final class Feed {
    /** Subscribers drained per pool task after a broadcast. */
    static final int WAKE_CHUNK = 64;

    private final Object lock = new Object();
    private final ReplayRing ring;
    private final SegmentLog log;
    private final int queueCapacity;
    private final Executor executor;
    private final Writers writers;
    private final Executor writerExecutor;
    private final int writeBatch;
    private final ServerMetrics metrics;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private Subscriber[] snapshot = new Subscriber[0];
    private boolean dirty;
    private volatile long lastPublishNanos = System.nanoTime();

    public Feed(int ringSize, int queueCapacity, Executor executor, ServerMetrics metrics) {
        this(ringSize, queueCapacity, executor, metrics, null);
    }

    /**
     * A feed that continues {@code log} (null: memory only): its ring starts with the log's recovered tail and every
     * published message is appended to the log before the fan-out. The caller closes the log after the publisher.
     */
    public Feed(int ringSize, int queueCapacity, Executor executor, ServerMetrics metrics, SegmentLog log) {
        this(ringSize, queueCapacity, executor, metrics, log, Writers.POOL, executor, ServerConfig.DEFAULT_WRITE_BATCH);
    }

    /**
     * A feed whose fan-out drains run as {@code writers} says: on the publisher thread ({@link Writers#PUBLISHER};
     * {@code writerExecutor} unused) or on {@code writerExecutor}; {@code executor} (the server's pool) takes
     * everything else (subscribe-time drains, slow-consumer disconnects). {@code writeBatch}: most messages per write.
     */
    public Feed(int ringSize, int queueCapacity, Executor executor, ServerMetrics metrics, SegmentLog log,
                Writers writers, Executor writerExecutor, int writeBatch) {
        if (writeBatch < 1) {
            throw new IllegalArgumentException("writeBatch must be >= 1, was " + writeBatch);
        }
        this.log = log;
        this.queueCapacity = queueCapacity;
        this.executor = executor;
        this.writers = writers;
        this.writerExecutor = writerExecutor;
        this.writeBatch = writeBatch;
        this.metrics = metrics;
        if (log == null) {
            this.ring = new ReplayRing(ringSize);
            return;
        }
        List<LogRecord> tail = log.takeRecoveredTail();
        long lastSeq = log.lastSeq();
        this.ring = new ReplayRing(ringSize, tail.isEmpty() ? lastSeq : tail.get(0).seq() - 1);
        for (LogRecord r : tail) {
            ring.add(Published.of(r.toMessage()));
        }
        if (ring.lastSeq() != lastSeq) {
            throw new IllegalStateException("log tail ends at seq " + ring.lastSeq() + ", log at " + lastSeq);
        }
        metrics.continuedAt(lastSeq);
    }

    ServerMetrics metrics() {
        return metrics;
    }

    Executor executor() {
        return executor;
    }

    int queueCapacity() {
        return queueCapacity;
    }

    /** Most messages one write carries (both transports). */
    int writeBatch() {
        return writeBatch;
    }

    /**
     * Registers {@code s}, after preloading {@code control} items, the "subscribed" marker (next = the first seq it
     * will get live), the lost signal when {@code lastEventId} is older than the ring, and the replay of everything
     * after {@code lastEventId} (0: no resume, live only). One step under the feed lock, so the marker's
     * {@code next} is exactly where the replay ends and the live items begin.
     */
    public void subscribe(Subscriber s, long lastEventId, List<Control> control) {
        SubscriberQueue.Offer o;
        synchronized (lock) {
            List<Control> pre = new ArrayList<>(control.size() + 2);
            pre.addAll(control);
            pre.add(Control.subscribed(ring.lastSeq() + 1));
            List<Published> replay = List.of();
            if (lastEventId > 0) {
                long oldest = ring.oldestSeq();
                if (lastEventId + 1 < oldest) {
                    pre.add(Control.lost(lastEventId + 1, oldest - 1));
                }
                replay = ring.after(lastEventId);
            }
            o = s.queue.preload(pre, replay);
            if (o == SubscriberQueue.Offer.CLOSED) {
                return;
            }
            subscribers.add(s);
            dirty = true;
            s.registered();
        }
        if (o == SubscriberQueue.Offer.WAKE) {
            s.wake();
        }
    }

    void unsubscribe(Subscriber s) {
        synchronized (lock) {
            if (subscribers.remove(s)) {
                dirty = true;
            }
        }
    }

    /** The current subscribers (a copy). */
    public List<Subscriber> subscribers() {
        return List.of(snapshot());
    }

    private Subscriber[] snapshot() {
        synchronized (lock) {
            if (dirty) {
                snapshot = subscribers.toArray(new Subscriber[0]);
                dirty = false;
            }
            return snapshot;
        }
    }

    /**
     * Publishes one message to every subscriber; called by the publisher thread only. With a log, the message is
     * appended first (write-ahead) and a failed append throws before anyone can see the message.
     */
    public void publish(EncodedMessage encoded) {
        if (log != null) {
            // Before the ring, not only before the queues: a subscriber may get the message from the ring (replay)
            // as soon as it is added. Outside the lock: subscribers' replays need not wait for the write.
            log.append(encoded);
        }
        Published m = Published.of(encoded);
        Subscriber[] subs;
        synchronized (lock) {
            ring.add(m);
            if (dirty) {
                snapshot = subscribers.toArray(new Subscriber[0]);
                dirty = false;
            }
            subs = snapshot;
        }
        lastPublishNanos = System.nanoTime();
        fanOut(subs, m);
    }

    /** Sends a heartbeat to everyone when nothing was published for {@code quietNanos}. */
    public void heartbeatIfQuiet(long quietNanos) {
        if (System.nanoTime() - lastPublishNanos >= quietNanos) {
            fanOut(snapshot(), Control.HEARTBEAT);
        }
    }

    private void fanOut(Subscriber[] subs, Object item) {
        if (writers.mode() == Writers.Mode.PUBLISHER) {
            // Write right after the offer: the first subscribers' bytes leave before the last ones are offered.
            for (Subscriber s : subs) {
                if (s.offer(item)) {
                    s.drainSafely();
                }
            }
            return;
        }
        Subscriber[] wake = null;
        int n = 0;
        for (Subscriber s : subs) {
            if (s.offer(item)) {
                if (wake == null) {
                    wake = new Subscriber[Math.min(WAKE_CHUNK, subs.length)];
                }
                wake[n++] = s;
                if (n == wake.length) {
                    dispatch(wake, n);
                    wake = null;
                    n = 0;
                }
            }
        }
        if (n > 0) {
            dispatch(wake, n);
        }
    }

    private void dispatch(Subscriber[] batch, int n) {
        if (n == 1) {
            Subscriber s = batch[0];
            writerExecutor.execute(s::drainSafely);
            return;
        }
        writerExecutor.execute(() -> {
            for (int i = 0; i < n; i++) {
                batch[i].drainSafely();
            }
        });
    }

    /** Seq of the newest message. */
    public long lastSeq() {
        synchronized (lock) {
            return ring.lastSeq();
        }
    }
}
