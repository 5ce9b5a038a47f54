package io.pushbench.cli.compare;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The centre and spread of one figure over replicates (repeats of a run, or batches of one run's steady window):
 * the median, the min-max range, and a 95% bootstrap confidence interval of the median (percentile method,
 * {@value #RESAMPLES} resamples, fixed seed so that the same inputs always give the same interval).
 *
 * <pre>{@code
 * Spread s = Spread.of(List.of(980.0, 1010.0, 1200.0));
 * s.median();                 // 1010.0
 * s.min(); s.max();           // 980.0, 1200.0
 * s.ciLow(); s.ciHigh();      // the bootstrap 95% interval of the median
 * s.separatedFrom(other);     // true when the two min-max ranges do not overlap
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
    /** Bootstrap resamples. 10,000 keeps the interval's end points stable to well under 1% for n <= 50. */
    public static final int RESAMPLES = 10_000;
    /** Seed of the bootstrap generator: a fixed seed makes the summary reproducible from the raw files. */
    public static final long SEED = 20_261_124L;

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
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        if (v.length == 1) {
            return new Spread(1, median, median, median, median, median, values);
        }
        double[] boot = bootstrapMedians(v, RESAMPLES, new Well19937c(SEED));
        Percentile pct = new Percentile();
        pct.setData(boot);
        return new Spread(v.length, median, sorted[0], sorted[sorted.length - 1], pct.evaluate(2.5),
                pct.evaluate(97.5), values);
    }

    /**
     * Whether this spread and {@code other} are clearly apart: both have at least two replicates and their min-max
     * ranges do not overlap. This is the rule for calling a difference: the gap between the two medians is then
     * larger than the run-to-run (or batch-to-batch) variation of either.
     */
    public boolean separatedFrom(Spread other) {
        return n >= 2 && other.n >= 2 && (max < other.min || other.max < min);
    }

    /** Whether the two 95% bootstrap intervals of the medians do not overlap (reported, weaker than ranges for n=3). */
    public boolean ciSeparatedFrom(Spread other) {
        return n >= 2 && other.n >= 2 && (ciHigh < other.ciLow || other.ciHigh < ciLow);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    static double[] bootstrapMedians(double[] v, int resamples, RandomGenerator rng) {
        double[] out = new double[resamples];
        double[] sample = new double[v.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < v.length; i++) {
                sample[i] = v[rng.nextInt(v.length)];
            }
            Arrays.sort(sample);
            out[r] = median(sample);
        }
        return out;
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
