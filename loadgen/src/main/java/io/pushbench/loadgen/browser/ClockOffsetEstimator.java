package io.pushbench.loadgen.browser;

/**
 * Estimates a {@link ClockOffset} from round trips: the JVM reads {@code System.nanoTime()} before and after asking
 * the page for {@code performance.now()}. Each round trip says the offset lies in
 * {@code [before - page - step, after - page + step]} (the page read its clock somewhere inside the round trip, and
 * Chromium's coarsened clock is within one step of the truth); the estimate is the middle of the intersection of
 * every sample's interval, and its error bound half that intersection's width. That bound is never wider than the
 * minimum-RTT sample's own (RTT/2 plus the step), which is used instead if the intervals do not intersect (a clock
 * that stepped).
 *
 * <pre>{@code
 * ClockOffsetEstimator e = new ClockOffsetEstimator(stepNanos);
 * for (int i = 0; i < 40; i++) {
 *     long before = System.nanoTime();
 *     double pageMs = page.now();              // Runtime.evaluate("performance.now()") over DevTools
 *     e.add(before, pageMs, System.nanoTime());
 * }
 * ClockOffset o = e.best();                    // o.errorBoundNanos(): what the mapping can be wrong by
 * }</pre>
 *
 * <p>Why no drift term: Chromium's {@code performance.now()} and the JVM's {@code nanoTime} both read Linux's
 * {@code CLOCK_MONOTONIC} on one host, so the offset is constant; the driver estimates it again at the end of the run
 * and records the difference ({@code extensions.browser.clock.driftUs}) as the check.
 */
public final class ClockOffsetEstimator {
    private final long stepNanos;
    private long bestRtt = Long.MAX_VALUE;
    private long bestMid;
    private long lo = Long.MIN_VALUE;
    private long hi = Long.MAX_VALUE;
    private int samples;

    /** @param stepNanos the page clock's step (its coarsening), widening every sample's interval */
    public ClockOffsetEstimator(long stepNanos) {
        if (stepNanos < 0) {
            throw new IllegalArgumentException("step must be >= 0, was " + stepNanos);
        }
        this.stepNanos = stepNanos;
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
        long page = Math.round(pageMs * 1e6);
        lo = Math.max(lo, beforeNanos - page - stepNanos);
        hi = Math.min(hi, afterNanos - page + stepNanos);
        long rtt = afterNanos - beforeNanos;
        if (rtt < bestRtt) {
            bestRtt = rtt;
            bestMid = beforeNanos + rtt / 2 - page;
        }
    }

    /** Round trips added so far. */
    public int samples() {
        return samples;
    }

    /** The estimate (see the class comment); IllegalStateException before any sample. */
    public ClockOffset best() {
        if (samples == 0) {
            throw new IllegalStateException("no round trip measured");
        }
        if (lo <= hi) {
            return new ClockOffset(lo + (hi - lo) / 2, (hi - lo) / 2, bestRtt, stepNanos, samples);
        }
        return new ClockOffset(bestMid, bestRtt / 2 + stepNanos, bestRtt, stepNanos, samples);
    }
}
