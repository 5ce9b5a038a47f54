package io.pushbench.loadgen.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The feed's schedule as the subscribers saw it: the scheduled time of each seq received by anyone, learned from
 * the messages themselves. It answers "which seq was the first one scheduled at or after time T" at the end of a
 * run, which is how a subscriber that received neither the "subscribed" marker nor any message is charged with
 * what it was owed, and how the steady window maps to a range of seqs.
 *
 * <pre>{@code
 * PublishedSchedule s = new PublishedSchedule(1 << 16);
 * s.record(seq, scheduledTime);                 // hot path, any thread: a read, and a write once per seq
 * PublishedSchedule.Lookup l = s.lookup();      // at the end, writers quiescent
 * long first = l.firstSeqAtOrAfter(acceptedAt); // same time axis as the recorded times
 * }</pre>
 *
 * <p>Times are on one axis chosen by the caller ({@link TransportMeter}: the message's {@code mono} on the same-host
 * basis, {@code ts} in ns on the epoch basis). Slots form a ring indexed by seq, sized by the meter for the whole
 * run; a run with more seqs than slots forgets the oldest, and a look-up older than every remembered seq answers
 * the oldest remembered one (it charges less, never more). Lock-free: every subscriber that receives a seq reads
 * its slot, and only the first one writes it (the time of a seq is the same for everyone, so a race between two
 * first writers is benign).
 */
public final class PublishedSchedule {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int mask;
    private final long[] seqs;
    private final long[] times;

    /** @param capacity slots, rounded up to a power of two (>= 2) */
    public PublishedSchedule(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be >= 2, was " + capacity);
        }
        int size = Integer.highestOneBit(capacity - 1) << 1;
        this.mask = size - 1;
        this.seqs = new long[size];
        this.times = new long[size];
    }

    /** Remembers that {@code seq} was scheduled at {@code time}; {@code seq >= 1}. */
    public void record(long seq, long time) {
        int i = (int) (seq & mask);
        if ((long) SLOTS.getAcquire(seqs, i) == seq) {
            return;
        }
        SLOTS.setOpaque(times, i, time);
        SLOTS.setRelease(seqs, i, seq);   // the time is visible before the seq that validates it
    }

    /** Slots (a power of two). */
    public int capacity() {
        return mask + 1;
    }

    /** The remembered seqs in order, for look-ups; call once the writers are quiescent. */
    public Lookup lookup() {
        int n = 0;
        long[] s = new long[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            long seq = (long) SLOTS.getAcquire(seqs, i);
            if (seq > 0) {
                s[n++] = seq;
            }
        }
        s = Arrays.copyOf(s, n);
        Arrays.sort(s);
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            t[k] = (long) SLOTS.getOpaque(times, (int) (s[k] & mask));
        }
        return new Lookup(s, t);
    }

    /** Remembered seqs sorted, with their scheduled times (non-decreasing in seq: the schedule is monotonic). */
    public static final class Lookup {
        private final long[] seqs;
        private final long[] times;

        Lookup(long[] seqs, long[] times) {
            this.seqs = seqs;
            this.times = times;
        }

        /** Whether no seq is known (nobody received anything). */
        public boolean isEmpty() {
            return seqs.length == 0;
        }

        /**
         * The first seq scheduled at or after {@code time}; the newest known seq + 1 when every known seq is older;
         * 0 when nothing is known.
         */
        public long firstSeqAtOrAfter(long time) {
            if (seqs.length == 0) {
                return 0;
            }
            int lo = 0;
            int hi = seqs.length;     // first index with times[i] >= time
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] >= time) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (lo == seqs.length) {
                return seqs[seqs.length - 1] + 1;
            }
            // A gap in what anyone received just below: the first seq at or after time may be unknown; seqs
            // between the previous known one and this one have unknown times, so charge from this one (less,
            // never more).
            return seqs[lo];
        }
    }
}
