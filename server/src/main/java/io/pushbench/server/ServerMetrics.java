package io.pushbench.server;

import io.pushbench.wire.Transport;
import io.pushbench.wire.Protocol;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, updated by the publisher, the subscribers and the endpoints, and read by
 * {@link MetricsHandler}. Deliveries and bytes are counted when the transport reports the write complete
 * (not when a message is queued), per transport; connections per transport and protocol.
 *
 * <p>Hot counters are {@link LongAdder}s (many writer threads, one reader per second).
 *
 * <p>Every figure is monotonic (a total or a maximum since start), never reset on read: a reader computes a window's
 * figures by differencing two reads, so a second reader (someone's {@code curl}) cannot disturb the orchestrator's.
 * That is why the publisher lag is also kept as a cumulative histogram ({@link #publisherLagHistogram()}): the
 * difference of two reads gives the lag distribution, hence the maximum lag, of the window between them.
 */
public final class ServerMetrics {
    private final long startNanos = System.nanoTime();
    private final AtomicLongArray connections = new AtomicLongArray(Transport.values().length * Protocol.values().length);
    private final LongAdder[] deliveries = adders();
    private final LongAdder[] bytes = adders();
    private final LongAdder[] slowConsumerDisconnects = adders();
    private final LongAdder published = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final AtomicLong lastSeq = new AtomicLong();
    private volatile long lagCurrentNanos;
    private volatile double publishRate = Double.NaN;
    private final AtomicLong lagMaxNanos = new AtomicLong();
    private final LongAdder lateMessages = new LongAdder();
    private final AtomicLong maxQueueDepth = new AtomicLong();
    /** Lag of every publication, ns; the publisher is its only writer (wait-free), readers fold it into the total. */
    private final Recorder lagRecorder = new Recorder(LAG_HIGHEST_NANOS, LAG_DIGITS);
    private final Histogram lagTotal = new Histogram(LAG_HIGHEST_NANOS, LAG_DIGITS);
    private Histogram lagInterval;

    /** Largest lag the lag histogram holds (longer lags are recorded as this): one hour. */
    public static final long LAG_HIGHEST_NANOS = 3_600_000_000_000L;
    /** Significant digits of the lag histogram: the maximum of a window is known within 0.1%. */
    public static final int LAG_DIGITS = 3;

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Transport.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    private static int index(Transport t, Protocol p) {
        return t.ordinal() * Protocol.values().length + p.ordinal();
    }

    void connected(Transport t, Protocol p) {
        connections.incrementAndGet(index(t, p));
    }

    void disconnected(Transport t, Protocol p) {
        connections.decrementAndGet(index(t, p));
    }

    void written(Transport t, int messages, long byteCount) {
        if (messages > 0) {
            deliveries[t.ordinal()].add(messages);
        }
        bytes[t.ordinal()].add(byteCount);
    }

    void slowConsumer(Transport t) {
        slowConsumerDisconnects[t.ordinal()].increment();
    }

    /** A TCP connection was accepted (whatever it later carries: a subscription, /metrics, an admin call). */
    void accepted() {
        connectionsAccepted.increment();
    }

    /**
     * The feed continues a durable log whose last seq is {@code lastSeq}: {@link #lastSeq()} starts there (it is the
     * newest seq of the feed), {@link #published()} still counts only this process's messages.
     */
    void continuedAt(long lastSeq) {
        this.lastSeq.set(lastSeq);
    }

    /** Called by the publisher for each message, with how late it was published. */
    void published(long seq, long lagNanos, boolean late) {
        published.increment();
        lastSeq.set(seq);
        lagCurrentNanos = lagNanos;
        lagMaxNanos.accumulateAndGet(lagNanos, Math::max);
        lagRecorder.recordValue(Math.min(Math.max(0, lagNanos), LAG_HIGHEST_NANOS));
        if (late) {
            lateMessages.increment();
        }
    }

    /** Records a queue depth; cheap when it is not a new maximum (one volatile read). */
    void queueDepth(long depth) {
        if (depth > maxQueueDepth.get()) {
            maxQueueDepth.accumulateAndGet(depth, Math::max);
        }
    }

    public long uptimeMillis() { return (System.nanoTime() - startNanos) / 1_000_000; }
    public long connections(Transport t, Protocol p) { return connections.get(index(t, p)); }
    public long connections(Transport t) {
        long n = 0;
        for (Protocol p : Protocol.values()) {
            n += connections(t, p);
        }
        return n;
    }
    public long deliveries(Transport t) { return deliveries[t.ordinal()].sum(); }
    public long bytes(Transport t) { return bytes[t.ordinal()].sum(); }
    public long slowConsumerDisconnects(Transport t) { return slowConsumerDisconnects[t.ordinal()].sum(); }
    public long published() { return published.sum(); }
    /** TCP connections accepted since start (a total: two reads give the accept rate in between). */
    public long connectionsAccepted() { return connectionsAccepted.sum(); }
    public long lastSeq() { return lastSeq.get(); }
    public long lagCurrentNanos() { return lagCurrentNanos; }
    /** The publisher's current mean rate, msg/s (changed by {@code /admin/rate}); NaN before it is set. */
    public double publishRate() { return publishRate; }
    void publishRate(double perSec) { publishRate = perSec; }
    public long lagMaxNanos() { return lagMaxNanos.get(); }
    public long lateMessages() { return lateMessages.sum(); }
    public long maxQueueDepth() { return maxQueueDepth.get(); }

    /**
     * Every publication's lag since start (ns, 3 significant digits), as a copy. Cumulative: subtract an earlier read
     * to get the lags of the publications in between.
     */
    public synchronized Histogram publisherLagHistogram() {
        lagInterval = lagRecorder.getIntervalHistogram(lagInterval);
        lagTotal.add(lagInterval);
        return lagTotal.copy();
    }
}
