package io.pushbench.analysis.results;

import org.HdrHistogram.AbstractHistogram;

/**
 * A latency-like distribution summarised in microseconds: the figures every report shows.
 *
 * <p>Built from an HdrHistogram whose values are nanoseconds; each percentile is HdrHistogram's
 * {@code getValueAtPercentile} (the highest value equivalent to the recorded ones, so it never under-states),
 * divided by 1,000:
 * <pre>{@code
 * Histogram h = ...;                          // values in ns
 * Percentiles p = Percentiles.fromNanos(h);   // p.p99() in µs
 * }</pre>
 * An empty histogram gives {@link #EMPTY} (count 0, all figures 0).
 *
 * @param count number of recorded values
 * @param mean  mean, µs
 * @param p50   median, µs
 * @param p90   90th percentile, µs
 * @param p99   99th percentile, µs
 * @param p999  99.9th percentile, µs
 * @param p9999 99.99th percentile, µs
 * @param max   largest recorded value, µs
 */
public record Percentiles(long count, double mean, double p50, double p90, double p99, double p999, double p9999,
                          double max) {
    /** No values. */
    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0, 0);

    /** Summarises {@code h} (values in ns) in µs. */
    public static Percentiles fromNanos(AbstractHistogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Percentiles(h.getTotalCount(), us(h.getMean()), us(h.getValueAtPercentile(50)),
                us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)),
                us(h.getValueAtPercentile(99.99)), us(h.getMaxValue()));
    }

    private static double us(double nanos) {
        // Three decimals: a nanosecond resolution in µs, enough for HdrHistogram's 3 significant digits.
        return Math.round(nanos) / 1000.0;
    }
}
