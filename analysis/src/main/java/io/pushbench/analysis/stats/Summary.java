package io.pushbench.analysis.stats;

import java.util.Arrays;
import java.util.List;

/**
 * One figure of one configuration over its valid runs: the median (the configuration's figure), the range, and the
 * per-run values in run order (what the comparison and the gate test).
 *
 * <pre>{@code
 * Summary s = Summary.of(List.of(980.0, 1010.0, 1200.0));
 * s.median();   // 1010.0
 * }</pre>
 *
 * @param n      number of runs with the figure
 * @param median median of the values
 * @param min    smallest value
 * @param max    largest value
 * @param values the values, in run order
 */
public record Summary(int n, double median, double min, double max, List<Double> values) {
    public Summary {
        values = List.copyOf(values);
        if (n != values.size() || n < 1) {
            throw new IllegalArgumentException("n must equal the number of values (>= 1), was " + n + " for "
                    + values.size());
        }
    }

    /** Summarises {@code values} (at least one, all finite). */
    public static Summary of(List<Double> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] s = new double[values.size()];
        for (int i = 0; i < s.length; i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("values must be finite numbers, value " + i + " was " + v);
            }
            s[i] = v;
        }
        Arrays.sort(s);
        return new Summary(s.length, medianOfSorted(s), s[0], s[s.length - 1], values);
    }

    /** The median of {@code values} (at least one; the mean of the two middle ones for an even count). */
    public static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return medianOfSorted(s);
    }

    static double medianOfSorted(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** The values as an array, in run order. */
    public double[] array() {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
