package io.pushbench.loadgen.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the busiest thread of a window from per-thread CPU times read once a second: the thread with the most CPU
 * between {@link #mark()} and the latest {@link #update}, as cores (CPU seconds per wall second; 1.0 = it ran all the
 * time). A process average over all cores hides one saturated event-loop or publisher thread; this does not.
 *
 * <pre>{@code
 * ThreadCpuTracker t = new ThreadCpuTracker();
 * t.update(threads);  t.mark();            // at the window start
 * t.update(threads);  ...                  // every second
 * ThreadCpuTracker.Busiest b = t.sinceMark(windowSeconds);   // b.cpuCores() is -1 when unknown
 * }</pre>
 *
 * <p>Read every second rather than only at the two ends, so that a thread that ends inside the window still counts
 * with the CPU it had at its last read. A thread first seen after the mark started inside the window: all its CPU
 * counts. Not thread-safe: one caller (the sampler thread, or the orchestrator after the run).
 */
public final class ThreadCpuTracker {
    /**
     * The busiest thread of a window.
     *
     * @param name     its name; null when unknown
     * @param cpuCores its CPU over the window, cores; -1 when unknown (no per-thread CPU, or no window)
     */
    public record Busiest(String name, double cpuCores) {
        public static final Busiest UNKNOWN = new Busiest(null, -1);
    }

    private final Map<Long, ThreadCpu> latest = new HashMap<>();
    private Map<Long, Long> atMark;
    private boolean seenAny;

    /** Records a read of every live thread's CPU time (an empty read means the JVM could not measure it). */
    public void update(List<ThreadCpu> threads) {
        for (ThreadCpu t : threads) {
            latest.put(t.id(), t);
            seenAny = true;
        }
    }

    /** Starts the window at the latest read. */
    public void mark() {
        atMark = new HashMap<>();
        for (ThreadCpu t : latest.values()) {
            atMark.put(t.id(), t.cpuNs());
        }
    }

    /** Whether {@link #mark()} was called. */
    public boolean marked() {
        return atMark != null;
    }

    /**
     * The busiest thread between the mark and the latest read, over a window of {@code seconds}; {@link
     * Busiest#UNKNOWN} when not marked, when no read had any thread, or when the window is empty.
     */
    public Busiest sinceMark(double seconds) {
        if (atMark == null || !seenAny || !(seconds > 0)) {
            return Busiest.UNKNOWN;
        }
        ThreadCpu busiest = null;
        long most = -1;
        for (ThreadCpu t : latest.values()) {
            long used = t.cpuNs() - atMark.getOrDefault(t.id(), 0L);
            if (used > most) {
                most = used;
                busiest = t;
            }
        }
        return busiest == null ? Busiest.UNKNOWN
                : new Busiest(busiest.name(), Math.round(most / 1e9 / seconds * 1000.0) / 1000.0);
    }
}
