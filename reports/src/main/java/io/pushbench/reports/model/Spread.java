package io.pushbench.reports.model;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.Arrays;

/**
 * Centre and spread of one figure across the repeats of a configuration: the median, the min-max range and a
 * bootstrap 95% percentile interval of the median.
 *
 * <pre>{@code
 * Spread s = Spread.of(new double[]{812.0, 799.5, 840.1});
 * boolean differs = !s.overlaps(other);   // how verdicts and the gate decide "beyond noise"
 * }</pre>
 *
 * <p>The bootstrap uses a fixed seed so that the same results always give the same report (golden tests, CI
 * reruns). With three repeats the interval is close to the min-max range, which is the honest answer: three
 * repeats cannot narrow it further.
 *
 * @param n      number of repeats the figure was measured in
 * @param median median across repeats
 * @param min    smallest repeat
 * @param max    largest repeat
 * @param ciLow  lower bound of the bootstrap 95% interval of the median
 * @param ciHigh upper bound of the bootstrap 95% interval of the median
 */
public record Spread(int n, double median, double min, double max, double ciLow, double ciHigh) {
    /** Number of bootstrap resamples. */
    static final int RESAMPLES = 2000;
    private static final long SEED = 0x5EEDL;

    public Spread {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
    }

    /** The spread of {@code values} (at least one, none NaN). */
    public static Spread of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        if (sorted.length == 1) {
            return new Spread(1, median, median, median, median, median);
        }
        RandomGenerator rng = new Well19937c(SEED);
        double[] medians = new double[RESAMPLES];
        double[] sample = new double[sorted.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = sorted[rng.nextInt(sorted.length)];
            }
            Arrays.sort(sample);
            medians[r] = median(sample);
        }
        // R-7 estimation is the usual "percentile interval"; the default commons-math estimator extrapolates.
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        return new Spread(sorted.length, median, sorted[0], sorted[sorted.length - 1],
                p.evaluate(medians, 2.5), p.evaluate(medians, 97.5));
    }

    /** True when the two 95% intervals share any value, i.e. the difference is within run-to-run noise. */
    public boolean overlaps(Spread other) {
        return ciLow <= other.ciHigh && other.ciLow <= ciHigh;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
