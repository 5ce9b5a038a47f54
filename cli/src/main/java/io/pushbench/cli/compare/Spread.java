package io.pushbench.cli.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The centre and spread of one figure over replicates (repeats of a run, or batches of one run's steady window):
 * the median, the min-max range, and a 95% bootstrap confidence interval of the median. The numbers come from the
 * reports module's {@link io.pushbench.reports.model.Spread} (same resamples, seed and percentile estimator), so the
 * console verdict, report.html and the CI gate judge a difference by the same interval.
 *
 * <pre>{@code
 * Spread s = Spread.of(List.of(980.0, 1010.0, 1200.0));
 * s.median();                 // 1010.0
 * s.min(); s.max();           // 980.0, 1200.0
 * s.ciLow(); s.ciHigh();      // the bootstrap 95% interval of the median
 * s.separatedFrom(other);     // true when the two 95% intervals do not overlap
 * }</pre>
 *
 * With one value the spread is that value and {@link #n()} is 1: nothing can be said about variability.
 *
 * @param n      number of replicates
 * @param median median of the replicates
 * @param min    smallest replicate
 * @param max    largest replicate
 * @param ciLow  lower end of the 95% bootstrap interval of the median
 * @param ciHigh upper end of the 95% bootstrap interval of the median
 * @param values the replicates, in the order given
 */
public record Spread(int n, double median, double min, double max, double ciLow, double ciHigh,
                     List<Double> values) {

    public Spread {
        values = List.copyOf(values);
    }

    /** Summarises {@code values}; IllegalArgumentException when empty or when a value is not finite. */
    public static Spread of(List<Double> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            Double d = values.get(i);
            if (d == null || !Double.isFinite(d)) {
                throw new IllegalArgumentException("values must be finite numbers, value " + i + " was " + d);
            }
            v[i] = d;
        }
        io.pushbench.reports.model.Spread s = io.pushbench.reports.model.Spread.of(v);
        return new Spread(s.n(), s.median(), s.min(), s.max(), s.ciLow(), s.ciHigh(), values);
    }

    /**
     * Whether this spread and {@code other} are clearly apart: both have at least two replicates and their 95%
     * bootstrap intervals of the median do not overlap (the rule of the reports and the gate). With three repeats
     * the interval is the min-max range, so a called difference is larger than the run-to-run spread of either.
     */
    public boolean separatedFrom(Spread other) {
        return n >= 2 && other.n >= 2 && (ciHigh < other.ciLow || other.ciHigh < ciLow);
    }

    /** Whether the two min-max ranges do not overlap (stricter than {@link #separatedFrom} for n > 3). */
    public boolean rangeSeparatedFrom(Spread other) {
        return n >= 2 && other.n >= 2 && (max < other.min || other.max < min);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Convenience for building value lists. */
    static List<Double> list(double... values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double d : values) {
            out.add(d);
        }
        return out;
    }
}
