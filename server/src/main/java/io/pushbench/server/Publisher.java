package io.pushbench.server;

import io.pushbench.wire.EncodedMessage;
import io.pushbench.wire.FeedMessage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The feed's single publisher: publishes message {@code seq} when its {@link Schedule} says it is due, stamped
 * with its <em>scheduled</em> time (never the actual one), encodes it once ({@link EncodedMessage}) and hands it
 * to the sink (the {@link Feed}).
 *
 * <p>A publisher that falls behind does not skip or re-time messages: it publishes the overdue ones at once,
 * each still carrying its scheduled {@code ts}/{@code mono}, and counts the lag (now - due) so that the
 * backlog shows as latency at the clients and as {@code publisherLagUs} in {@code /metrics}.
 *
 * <p>A message is taken as published only when the sink returned: a sink that throws (a durable log that
 * cannot write) gets the <em>same</em> seq, with the same scheduled time, again on the next attempt, so the
 * seqs stay gap-free and the delay shows as lag. A restarted server continues its log's seqs
 * ({@code firstSeq}); the schedule starts afresh at the restart (nothing is published while the server is down).
 *
 * <pre>{@code
 * Publisher p = new Publisher(Schedule.fixedRate(100), 256, NanoClock.SYSTEM, Publisher::epochMicros, feed::publish, metrics);
 * p.start();          // a daemon thread runs publishDue() and parks until the next due time
 * p.close();
 * }</pre>
 * Tests drive {@link #publishDue()} directly with a fake clock.
 */
public final class Publisher implements AutoCloseable {
    /**
     * A message published more than this after its due time counts as late. 5 ms, not less: on a shared 2-vCPU
     * VM a 1 ms sleep oversleeps by 2.9 ms at p99.9 and scheduling hiccups reach 4 ms (docs/method.md), so a lower
     * threshold would flag the machine's noise floor, not a publisher that fell behind. The lag itself is never
     * hidden: every message keeps its scheduled time, and the maximum lag is reported whatever the threshold.
     */
    public static final long LATE_THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Schedule schedule;
    private final AtomicReference<Schedule> pending = new AtomicReference<>();
    private final int payloadBytes;
    private final NanoClock clock;
    private final Consumer<EncodedMessage> sink;
    private final ServerMetrics metrics;
    private final long t0;
    private final long epochMicrosAtT0;
    private long nextSeq;
    private long nextDue;
    private long base; // schedule offsets count from here: t0, or the instant of the last rate change
    private long lastDue = Long.MIN_VALUE;
    private volatile boolean running;
    private volatile Thread thread;

    public Publisher(Schedule schedule, int payloadBytes, NanoClock clock, LongSupplier epochMicros,
                     Consumer<EncodedMessage> sink, ServerMetrics metrics) {
        this(schedule, payloadBytes, clock, epochMicros, sink, metrics, 1);
    }

    /**
     * A publisher whose first message is {@code firstSeq}, due at the start ({@code t0}): after a restart, the log's
     * last seq + 1.
     */
    public Publisher(Schedule schedule, int payloadBytes, NanoClock clock, LongSupplier epochMicros,
                     Consumer<EncodedMessage> sink, ServerMetrics metrics, long firstSeq) {
        if (firstSeq < 1) {
            throw new IllegalArgumentException("firstSeq must be >= 1, was " + firstSeq);
        }
        this.nextSeq = firstSeq;
        this.schedule = schedule;
        this.payloadBytes = payloadBytes;
        this.clock = clock;
        this.sink = sink;
        this.metrics = metrics;
        this.t0 = clock.nanoTime();
        this.epochMicrosAtT0 = epochMicros.getAsLong();
        this.base = t0;
        this.nextDue = t0 + schedule.nextOffsetNanos();
    }

    /**
     * Changes the schedule while running (a capacity search's next step on the same warm server): the next
     * {@link #publishDue()} (at once: the publisher thread is woken) first publishes whatever the old schedule owed
     * up to that instant, then starts {@code next} there (its offset 0 is due at that instant), so the change leaves
     * no hole and no instant twice. The seqs go on without a gap and every message still carries its scheduled time.
     * Any thread.
     */
    public void reschedule(Schedule next) {
        pending.set(java.util.Objects.requireNonNull(next, "next"));
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Wall-clock epoch microseconds. */
    public static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** The publisher's start instant on its clock; message times are offsets from it. */
    public long t0() {
        return t0;
    }

    /**
     * Publishes every message due by now (possibly several when behind) and returns the due time of the next.
     * Single-threaded: only the publisher thread (or a test) calls it.
     */
    public long publishDue() {
        long now = clock.nanoTime();
        Schedule next = pending.getAndSet(null);
        if (next != null) {
            publishUntil(now);   // what the old schedule owed up to the change is published (late, if it is late)
            schedule = next;
            base = Math.max(now, lastDue + 1); // no instant twice
            nextDue = base + schedule.nextOffsetNanos();
        }
        return publishUntil(now);
    }

    private long publishUntil(long now) {
        while (nextDue <= now) {
            long due = nextDue;
            long seq = nextSeq;
            FeedMessage m = new FeedMessage(seq, epochMicrosAtT0 + (due - t0) / 1_000, due);
            sink.accept(EncodedMessage.of(m, payloadBytes)); // throws: same seq and due time next attempt
            nextSeq++;
            long lag = Math.max(0, now - due);
            metrics.published(seq, lag, lag > LATE_THRESHOLD_NANOS);
            lastDue = due;
            nextDue = base + schedule.nextOffsetNanos();
            now = clock.nanoTime();
        }
        return nextDue;
    }

    /** Starts the publisher thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("publisher already started");
        }
        running = true;
        thread = new Thread(this::run, "pushbench-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long previous = clock.nanoTime();
        long lastReport = 0;
        long unreported = 0;
        while (running) {
            long next;
            try {
                next = publishDue();
            } catch (RuntimeException e) {
                // A publisher that dies silently would look like an idle feed: report, keep the schedule, retry the
                // same message in 1 ms. At most one line a second: a full disk would otherwise print 1,000.
                long now = clock.nanoTime();
                if (lastReport == 0 || now - lastReport >= 1_000_000_000L) {
                    System.err.println("pushbench publisher: " + e
                            + (unreported > 0 ? " (and " + unreported + " more failures)" : ""));
                    lastReport = now;
                    unreported = 0;
                } else {
                    unreported++;
                }
                next = now + 1_000_000;
            }
            waitUntil(next, spinNanos(next - previous));
            previous = next;
        }
    }

    /**
     * How long to spin before a due time. A parked thread wakes late (on a shared 2-vCPU VM a 1 ms sleep oversleeps
     * by ~75 µs at p50 and ~235 µs at p99), and since latency is measured from the scheduled time, that oversleep
     * would be charged to the transport. So the publisher parks until shortly before the due time and spins the
     * rest: at most {@value #MAX_SPIN_MICROS} µs and never more than a tenth of the interval, which bounds the
     * cost at 10% of one core at high rates (2.5% at 100 msg/s). The same for both transports.
     */
    static long spinNanos(long intervalNanos) {
        return Math.max(0, Math.min(MAX_SPIN_MICROS * 1_000L, intervalNanos / 10));
    }

    /** Longest spin before a due time, in microseconds. */
    static final long MAX_SPIN_MICROS = 250;

    private void waitUntil(long due, long spin) {
        long wait = due - clock.nanoTime();
        if (wait > spin) {
            LockSupport.parkNanos(this, wait - spin);
        }
        // a rate change ends the wait: the new schedule may be due before the old one's next instant
        while (running && pending.get() == null && clock.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
