package io.pushbench.loadgen.browser;

/**
 * Estimates a {@link ClockOffset} from round trips: the JVM reads {@code System.nanoTime()} before and after asking
 * the page for {@code performance.now()}; the sample with the smallest round trip wins (the least time for either
 * side to be descheduled), and the page's reading is taken to be at that round trip's midpoint.
 *
 * <pre>{@code
 * ClockOffsetEstimator e = new ClockOffsetEstimator(resolutionNanos);
 * for (int i = 0; i < 30; i++) {
 *     long before = System.nanoTime();
 *     double pageMs = page.now();              // executeScript("return performance.now()")
 *     e.add(before, pageMs, System.nanoTime());
 * }
 * ClockOffset o = e.best();
 * }</pre>
 *
 * <p>Why no drift term: Chromium's {@code performance.now()} and the JVM's {@code nanoTime} both read Linux's
 * {@code CLOCK_MONOTONIC} on one host, so the offset is constant; the driver estimates it again at the end of the run
 * and records the difference ({@code extensions.browser.clock.driftUs}) as a check.
 */
public final class ClockOffsetEstimator {
    private final long resolutionNanos;
    private long bestRtt = Long.MAX_VALUE;
    private long bestOffset;
    private int samples;

    /** @param resolutionNanos the page clock's step, added to the error bound */
    public ClockOffsetEstimator(long resolutionNanos) {
        if (resolutionNanos < 0) {
            throw new IllegalArgumentException("resolution must be >= 0, was " + resolutionNanos);
        }
        this.resolutionNanos = resolutionNanos;
    }

    /**
     * One round trip: the JVM's nanoTime just before the call, the page's {@code performance.now()} (ms) and the
     * JVM's nanoTime just after.
     */
    public void add(long beforeNanos, double pageMs, long afterNanos) {
        if (afterNanos < beforeNanos) {
            throw new IllegalArgumentException("a round trip cannot end before it starts: " + beforeNanos + " > "
                    + afterNanos);
        }
        samples++;
        long rtt = afterNanos - beforeNanos;
        if (rtt < bestRtt) {
            bestRtt = rtt;
            long mid = beforeNanos + rtt / 2;
            bestOffset = mid - Math.round(pageMs * 1e6);
        }
    }

    /** Round trips added so far. */
    public int samples() {
        return samples;
    }

    /** The estimate from the smallest round trip; IllegalStateException before any sample. */
    public ClockOffset best() {
        if (samples == 0) {
            throw new IllegalStateException("no round trip measured");
        }
        return new ClockOffset(bestOffset, bestRtt, resolutionNanos, samples);
    }
}
