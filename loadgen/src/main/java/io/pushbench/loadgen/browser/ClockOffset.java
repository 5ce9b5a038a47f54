package io.pushbench.loadgen.browser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a page's clock ({@code performance.now()}, ms since the page's time origin) maps to the load generator's
 * {@code System.nanoTime()}: {@code jvmNanos = offsetNanos + pageMs * 1e6}, within {@link #errorBoundNanos()}.
 *
 * <pre>{@code
 * ClockOffset o = estimator.best();
 * long recv = o.toJvmNanos(12.3);          // the page's 12.3 ms on the JVM's clock
 * o.errorBoundNanos();                     // half the round trip of the sample it came from, plus the page's step
 * }</pre>
 *
 * @param offsetNanos   the JVM's nanoTime at the page's time origin
 * @param rttNanos      the round trip of the sample it came from (the smallest seen)
 * @param resolutionNanos the page clock's step (Chromium: 5 µs cross-origin isolated, 100 µs otherwise)
 * @param samples       round trips taken
 */
public record ClockOffset(long offsetNanos, long rttNanos, long resolutionNanos, int samples) {
    /** The page's {@code performance.now()} value {@code pageMs} on the JVM's clock. */
    public long toJvmNanos(double pageMs) {
        return offsetNanos + Math.round(pageMs * 1e6);
    }

    /**
     * The most the mapping can be wrong by: the page read its clock somewhere within the round trip, so the midpoint
     * is at most half of it away; the page clock's step adds to that.
     */
    public long errorBoundNanos() {
        return rttNanos / 2 + resolutionNanos;
    }

    /** The figures for the results, in µs. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("minRttUs", rttNanos / 1e3);
        m.put("resolutionUs", resolutionNanos / 1e3);
        m.put("errorBoundUs", errorBoundNanos() / 1e3);
        return m;
    }
}
