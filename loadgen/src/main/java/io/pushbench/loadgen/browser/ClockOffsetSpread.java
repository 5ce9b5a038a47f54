package io.pushbench.loadgen.browser;

import io.pushbench.analysis.results.Calibration;

import java.util.ArrayList;
import java.util.List;

/**
 * How much the page clock's mapping moves, from repeated estimates of it: every round trip's own offset (taken at
 * its middle, {@code before + RTT/2 - page}) and every {@link ClockOffsetEstimator} estimate with the JVM time it was
 * taken at. The calibration's browser clock step summarises them as {@link Calibration.BrowserClock}.
 *
 * <pre>{@code
 * ClockOffsetSpread spread = new ClockOffsetSpread();
 * for (int k = 0; k < 5; k++) {
 *     long at = System.nanoTime();
 *     ClockOffset o = page.measure(40, spread);        // each round trip also goes to spread.roundTrip(...)
 *     spread.estimate(at + (System.nanoTime() - at) / 2, o);
 * }
 * Calibration.BrowserClock c = spread.summary(userAgent, true, 40);
 * }</pre>
 *
 * <p>Why the estimates' spread and not only the round trips': a round trip's own offset is uncertain by its RTT/2,
 * so their spread mostly shows the slowest round trip; the estimates are what the driver uses, and two estimates
 * that disagree by more than their two bounds together would show the bound is not one.
 */
final class ClockOffsetSpread {
    private final List<Long> rtts = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private final List<Long> estimateTimes = new ArrayList<>();
    private final List<ClockOffset> estimates = new ArrayList<>();
    private long stepNanos;

    /** One round trip, as {@link ClockOffsetEstimator#add} takes it. */
    void roundTrip(long beforeNanos, double pageMs, long afterNanos) {
        long rtt = afterNanos - beforeNanos;
        if (rtt < 0) {
            throw new IllegalArgumentException("a round trip cannot end before it starts: " + beforeNanos + " > "
                    + afterNanos);
        }
        rtts.add(rtt);
        offsets.add(beforeNanos + rtt / 2 - Math.round(pageMs * 1e6));
    }

    /** One estimate, taken around JVM time {@code atNanos}. */
    void estimate(long atNanos, ClockOffset o) {
        estimateTimes.add(atNanos);
        estimates.add(o);
        stepNanos = Math.max(stepNanos, o.stepNanos());
    }

    /** Smallest round trip, ns. */
    long minRttNanos() {
        return rtts.stream().mapToLong(Long::longValue).min().orElseThrow(ClockOffsetSpread::none);
    }

    /** Median round trip (lower middle), ns. */
    long medianRttNanos() {
        if (rtts.isEmpty()) {
            throw none();
        }
        long[] sorted = rtts.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(sorted.length - 1) / 2];
    }

    /** max − min of the round trips' own offsets, ns. */
    long roundTripSpreadNanos() {
        return spread(offsets);
    }

    /** max − min of the estimates' offsets, ns. */
    long estimateSpreadNanos() {
        return spread(estimates.stream().map(ClockOffset::offsetNanos).toList());
    }

    /** The largest error bound of the estimates, ns. */
    long worstBoundNanos() {
        return estimates.stream().mapToLong(ClockOffset::errorBoundNanos).max().orElseThrow(ClockOffsetSpread::none);
    }

    /** The last estimate's offset − the first's, ns. */
    long driftNanos() {
        if (estimates.isEmpty()) {
            throw none();
        }
        return estimates.get(estimates.size() - 1).offsetNanos() - estimates.get(0).offsetNanos();
    }

    /** From the first estimate to the last, ns. */
    long windowNanos() {
        return estimateTimes.isEmpty() ? 0 : estimateTimes.get(estimateTimes.size() - 1) - estimateTimes.get(0);
    }

    /** Whether every two estimates agree within their error bounds together. */
    boolean withinBound() {
        for (int i = 0; i < estimates.size(); i++) {
            for (int j = i + 1; j < estimates.size(); j++) {
                ClockOffset a = estimates.get(i);
                ClockOffset b = estimates.get(j);
                if (Math.abs(a.offsetNanos() - b.offsetNanos()) > a.errorBoundNanos() + b.errorBoundNanos()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The figures as the calibration records them.
     *
     * @param roundTripsPerEstimate round trips each estimate took
     * @throws IllegalStateException before any round trip or estimate
     */
    Calibration.BrowserClock summary(String userAgent, boolean crossOriginIsolated, int roundTripsPerEstimate) {
        return new Calibration.BrowserClock(userAgent, crossOriginIsolated, us(stepNanos), estimates.size(),
                roundTripsPerEstimate, Math.round(windowNanos() / 1e6) / 1e3, us(minRttNanos()), us(medianRttNanos()),
                us(worstBoundNanos()), us(roundTripSpreadNanos()), us(estimateSpreadNanos()), us(driftNanos()),
                withinBound());
    }

    private static double us(long nanos) {
        return Math.round(nanos / 10.0) / 100.0;
    }

    private static long spread(List<Long> values) {
        if (values.isEmpty()) {
            throw none();
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    private static IllegalStateException none() {
        return new IllegalStateException("no round trip or estimate measured");
    }
}
