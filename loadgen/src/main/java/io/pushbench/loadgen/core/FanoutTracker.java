package io.pushbench.loadgen.core;

import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Fan-out completion per seq: from the scheduled publish time to the moment the <em>last</em> subscriber received
 * it, i.e. the largest latency of that seq over all subscribers.
 *
 * <pre>{@code
 * FanoutTracker f = new FanoutTracker(8192);
 * f.record(seq, latencyNanos);        // any thread, lock-free (one CAS-max per receipt)
 * f.complete(newestSeq - horizon, h); // sampler thread: seqs older than the horizon go into h (ns)
 * }</pre>
 *
 * <p>Slots form a ring indexed by seq; the sampler completes a seq once it is older than a horizon (seqs
 * published more than ~2 s before the newest), records its maximum and frees the slot. A receipt whose slot is
 * still held by an older, uncompleted seq (the ring is too small for the rate) or that arrives after its seq was
 * completed is counted in {@link #dropped()} and not in any fan-out figure.
 */
public final class FanoutTracker {
    private final int mask;
    private final AtomicLongArray tags;
    private final AtomicLongArray maxLatency;
    private final AtomicLongArray receipts;
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();
    private volatile long newest;
    private volatile long completedBelow;
    private long nextToComplete = -1;

    /** @param capacity ring size, rounded up to a power of two; must exceed the seqs published per horizon */
    public FanoutTracker(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be >= 2, was " + capacity);
        }
        int size = Integer.highestOneBit(capacity - 1) << 1;
        this.mask = size - 1;
        this.tags = new AtomicLongArray(size);
        this.maxLatency = new AtomicLongArray(size);
        this.receipts = new AtomicLongArray(size);
    }

    /** Records that one subscriber received {@code seq} {@code latencyNanos} after its scheduled publish. */
    public void record(long seq, long latencyNanos) {
        int i = (int) (seq & mask);
        long tag = tags.get(i);
        if (tag != seq) {
            // already completed, or the slot is held by another seq (ring too small for the rate), or lost a race
            if (seq < completedBelow || tag != 0 || (!tags.compareAndSet(i, 0, seq) && tags.get(i) != seq)) {
                dropped.increment();
                return;
            }
        }
        maxLatency.accumulateAndGet(i, latencyNanos, Math::max);
        receipts.incrementAndGet(i);
        if (seq > newest) {
            newest = seq; // benign race: only used as a horizon hint
        }
    }

    /** Newest seq seen (a hint). */
    public long newest() {
        return newest;
    }

    /**
     * Completes every seq up to {@code upToSeq} (inclusive) that some subscriber received, recording its fan-out
     * time (ns) into {@code into}. Single caller (the sampler).
     *
     * @return the number of seqs completed
     */
    public int complete(long upToSeq, Histogram into) {
        if (nextToComplete < 0) {
            // start at the oldest seq present in the ring
            long oldest = Long.MAX_VALUE;
            for (int i = 0; i <= mask; i++) {
                long t = tags.get(i);
                if (t != 0 && t < oldest) {
                    oldest = t;
                }
            }
            if (oldest == Long.MAX_VALUE) {
                return 0;
            }
            nextToComplete = oldest;
        }
        int n = 0;
        for (long s = nextToComplete; s <= upToSeq; s++) {
            int i = (int) (s & mask);
            if (tags.get(i) == s) {
                long max = maxLatency.getAndSet(i, 0);
                receipts.set(i, 0);
                tags.set(i, 0);
                into.recordValue(Math.min(max, into.getHighestTrackableValue()));
                n++;
            }
            nextToComplete = s + 1;
            completedBelow = s + 1;
        }
        return n;
    }

    /** Receipts not attributed to any fan-out figure. */
    public long dropped() {
        return dropped.sum();
    }
}
