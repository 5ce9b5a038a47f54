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
 * }</pre>
 */
final class ReplayRing {
    private final Published[] slots;
    private long lastSeq;

    ReplayRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring capacity must be >= 1, was " + capacity);
        }
        slots = new Published[capacity];
    }

    void add(Published m) {
        if (m.seq() != lastSeq + 1) {
            throw new IllegalStateException("ring expects seq " + (lastSeq + 1) + ", got " + m.seq());
        }
        slots[(int) ((m.seq() - 1) % slots.length)] = m;
        lastSeq = m.seq();
    }

    /** The newest seq added, 0 before the first. */
    long lastSeq() {
        return lastSeq;
    }

    /** The oldest seq still held; {@code lastSeq() + 1} when empty. */
    long oldestSeq() {
        return Math.max(1, lastSeq - slots.length + 1);
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
