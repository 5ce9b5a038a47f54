package io.pushbench.loadgen.browser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a page's clock ({@code performance.now()}, ms since the page's time origin) maps to the load generator's
 * {@code System.nanoTime()}: {@code jvmNanos = offsetNanos + pageMs * 1e6}, wrong by at most
 * {@link #errorBoundNanos()}. Built by {@link ClockOffsetEstimator}.
 *
 * <pre>{@code
 * ClockOffset o = estimator.best();
 * long recv = o.toJvmNanos(12.3);          // the page's 12.3 ms on the JVM's clock
 * }</pre>
 *
 * @param offsetNanos     the JVM's nanoTime at the page's time origin
 * @param errorBoundNanos the most the mapping can be wrong by
 * @param minRttNanos     the smallest round trip of the samples
 * @param stepNanos       the page clock's step (Chromium: 5 µs cross-origin isolated, 100 µs otherwise)
 * @param samples         round trips taken
 */
public record ClockOffset(long offsetNanos, long errorBoundNanos, long minRttNanos, long stepNanos, int samples) {
    /** The page's {@code performance.now()} value {@code pageMs} on the JVM's clock. */
    public long toJvmNanos(double pageMs) {
        return offsetNanos + Math.round(pageMs * 1e6);
    }

    /** The figures for the results, in µs. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("minRttUs", minRttNanos / 1e3);
        m.put("stepUs", stepNanos / 1e3);
        m.put("errorBoundUs", errorBoundNanos / 1e3);
        return m;
    }
}
