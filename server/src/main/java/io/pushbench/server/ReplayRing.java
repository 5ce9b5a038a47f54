package io.pushbench.server;

import java.util.Arrays;
import java.util.List;

/**
 * The last {@code capacity} published messages, for resume. Not thread-safe: {@link Feed} guards it with its
 * lock so that replay and subscribe are one atomic step.
 *
 * <pre>{@code
 * ReplayRing ring = new ReplayRing(10_000);
 * ring.add(m);                              // seqs must arrive gap-free: 1, 2, 3, ...
 * List<Published> r = ring.after(41);  // 42..last, or from the oldest still held
 *
 * ReplayRing restarted = new ReplayRing(10_000, 990);   // after a restart: the log's tail begins at 991
 * }</pre>
 */
final class ReplayRing {
    private final Published[] slots;
    /** The first seq this ring was given: nothing older was ever in it (1, or where a restart's log tail begins). */
    private final long firstSeq;
    private long lastSeq;

    ReplayRing(int capacity) {
        this(capacity, 0);
    }

    /**
     * A ring whose first message will be {@code startAfter + 1}: a restarted server fills it from its log's tail,
     * and the seqs up to {@code startAfter} are older than anything it holds (resuming there gets the lost signal).
     */
    ReplayRing(int capacity, long startAfter) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring capacity must be >= 1, was " + capacity);
        }
        if (startAfter < 0) {
            throw new IllegalArgumentException("startAfter must be >= 0, was " + startAfter);
        }
        slots = new Published[capacity];
        firstSeq = startAfter + 1;
        lastSeq = startAfter;
    }

    void add(Published m) {
        if (m.seq() != lastSeq + 1) {
            throw new IllegalStateException("ring expects seq " + (lastSeq + 1) + ", got " + m.seq());
        }
        slots[(int) ((m.seq() - 1) % slots.length)] = m;
        lastSeq = m.seq();
    }

    /** The newest seq added; before the first, {@code startAfter} (0 for a fresh feed). */
    long lastSeq() {
        return lastSeq;
    }

    /** The oldest seq still held; {@code lastSeq() + 1} when empty. */
    long oldestSeq() {
        return Math.max(firstSeq, lastSeq - slots.length + 1);
    }

    /** Messages with seq > {@code afterSeq} that the ring still holds, oldest first (a copy). */
    List<Published> after(long afterSeq) {
        long from = Math.max(afterSeq + 1, oldestSeq());
        if (from > lastSeq) {
            return List.of();
        }
        Published[] out = new Published[(int) (lastSeq - from + 1)];
        for (long s = from; s <= lastSeq; s++) {
            out[(int) (s - from)] = slots[(int) ((s - 1) % slots.length)];
        }
        return Arrays.asList(out);
    }
}
