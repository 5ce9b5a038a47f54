package io.pushbench.analysis.stats;

import java.util.Arrays;

/**
 * How far apart two sets of per-run values are, with a distribution-free confidence interval whose confidence is
 * exact at the given numbers of runs: the Hodges–Lehmann estimate of the shift and the Mann–Whitney (Moses)
 * interval, on the logarithms for ratio figures.
 *
 * <pre>{@code
 * ShiftInterval s = ShiftInterval.ratio(sseP99s, wsP99s);   // per-run values of two configurations
 * s.estimate();      // median of all ws/sse ratios, e.g. 0.91
 * s.low(); s.high(); // e.g. [0.86 – 0.97]
 * s.confidence();    // e.g. 0.992 with 5 runs each: what the interval really covers
 * s.excludesNoDifference(); // true: the difference is called (two-sided exact test at 1% or better)
 * }</pre>
 *
 * <p>Method: with {@code m} values {@code a} and {@code n} values {@code b}, form the {@code m*n} differences
 * {@code b_j - a_i} (of logarithms for {@link #ratio}), sorted {@code D(1) <= ... <= D(mn)}. The estimate is their
 * median. The interval is {@code [D(k), D(mn-k+1)]} with the largest {@code k} such that {@code P(U <= k-1) <=
 * 0.5%} under the exact Mann–Whitney null distribution; its confidence is {@code 1 - 2 P(U <= k-1)} (for example
 * 99.2% with 5 runs each, 99.1% with 6). Without ties the interval excludes no difference exactly when the two-sided
 * exact Mann–Whitney test rejects at that level, so calls and intervals never disagree; ties (loss is mostly 0) count
 * against a call, so with ties the rule is more cautious than its nominal confidence. It assumes only that the runs of
 * a configuration are exchangeable (fresh JVMs, alternated order), not any shape of their distribution.
 *
 * <p>When the numbers of runs cannot reach 99% (4 and 4 reach at most 97.1%; equal counts need 5 each, unequal ones
 * such as 4 and 6 can reach it) the interval is the widest one, {@code [D(1), D(mn)]}, labelled with its real confidence, and nothing is called.
 *
 * @param estimate   Hodges–Lehmann shift: b/a for ratio figures, b - a for difference figures
 * @param low        lower end of the interval (same scale as the estimate)
 * @param high       upper end of the interval
 * @param confidence the interval's exact coverage (0..1); 0 when either side has fewer than 2 runs
 * @param m          runs of a
 * @param n          runs of b
 * @param ratio      whether the shift is a ratio (b/a) rather than a difference (b - a)
 */
public record ShiftInterval(double estimate, double low, double high, double confidence, int m, int n,
                            boolean ratio, boolean callable) {
    /**
     * The two-sided confidence a call needs: 99% per figure, so that the ten headline figures together call
     * something in at most about 10% of comparisons of identical configurations (Bonferroni; less because the
     * figures are correlated; measured by {@link VerdictSimulation}).
     */
    public static final double REQUIRED_CONFIDENCE = 0.99;

    /** One tail of {@link #REQUIRED_CONFIDENCE}. */
    public static final double TWO_SIDED_TAIL = (1 - REQUIRED_CONFIDENCE) / 2;

    /** Fewest runs per configuration, with equal numbers on both sides, at which a call is possible. */
    public static final int MIN_RUNS_TO_CALL = minRunsToCall();

    /**
     * Whether {@code m} and {@code n} runs can reach {@link #REQUIRED_CONFIDENCE} at all: true from 5 and 5, and for
     * some unequal counts below that (4 and 6: 99.05%).
     */
    public static boolean canReach(int m, int n) {
        return m >= 2 && n >= 2 && depth(new MannWhitney(m, n), TWO_SIDED_TAIL) >= 1;
    }

    /** Compares strictly positive values as a ratio {@code b / a}, two-sided at {@link #REQUIRED_CONFIDENCE}. */
    public static ShiftInterval ratio(double[] a, double[] b) {
        return of(a, b, true, TWO_SIDED_TAIL);
    }

    /** Compares values as a difference {@code b - a}, two-sided at {@link #REQUIRED_CONFIDENCE}. */
    public static ShiftInterval difference(double[] a, double[] b) {
        return of(a, b, false, TWO_SIDED_TAIL);
    }

    /**
     * Compares with each end of the interval holding with probability at least {@code 1 - tail} (two-sided coverage
     * {@code 1 - 2 tail}); a one-sided question (the gate's "worse than the baseline?") reads one end.
     */
    public static ShiftInterval of(double[] a, double[] b, boolean ratio, double tail) {
        if (!(tail > 0 && tail < 0.5)) {
            throw new IllegalArgumentException("tail must be in (0, 0.5), was " + tail);
        }
        return ratio ? compute(log(a, "a"), log(b, "b"), true, tail) : compute(finite(a, "a"), finite(b, "b"), false,
                tail);
    }

    private static ShiftInterval compute(double[] a, double[] b, boolean ratio, double tail) {
        int m = a.length;
        int n = b.length;
        double[] d = new double[m * n];
        int k = 0;
        for (double x : a) {
            for (double y : b) {
                d[k++] = y - x;
            }
        }
        Arrays.sort(d);
        double est = Summary.medianOfSorted(d);
        if (m < 2 || n < 2) {
            return new ShiftInterval(back(est, ratio), Double.NaN, Double.NaN, 0, m, n, ratio, false);
        }
        MannWhitney mw = new MannWhitney(m, n);
        int depth = depth(mw, tail);
        int lowIdx = Math.max(1, depth);
        double confidence = 1 - 2 * mw.cdf(lowIdx - 1);
        return new ShiftInterval(back(est, ratio), back(d[lowIdx - 1], ratio), back(d[d.length - lowIdx], ratio),
                confidence, m, n, ratio, depth >= 1);
    }

    /** The largest k with P(U <= k-1) <= tail, or 0 when even k = 1 misses it. */
    static int depth(MannWhitney mw, double tail) {
        int k = 0;
        while (k < mw.maxU() && mw.cdf(k) <= tail + 1e-12) {
            k++;
        }
        return k;
    }

    /** Whether the interval has the required confidence and lies wholly on one side of "no difference". */
    public boolean excludesNoDifference() {
        if (!canCall()) {
            return false;
        }
        double none = ratio ? 1 : 0;
        return low > none || high < none;
    }

    /** Whether the numbers of runs allow a call at all (the required confidence is reachable). */
    public boolean canCall() {
        return callable;
    }

    /** The confidence of one end alone ("B/A is at least low"): {@code 1 - (1 - confidence) / 2}. */
    public double oneSidedConfidence() {
        return 1 - (1 - confidence) / 2;
    }

    /** Whether there is an interval at all (at least 2 runs each). */
    public boolean hasInterval() {
        return m >= 2 && n >= 2;
    }

    /** "97.1%": the interval's real confidence. */
    public String confidenceLabel() {
        return percent(confidence);
    }

    /** "99.2%". */
    public static String percent(double confidence) {
        double pct = confidence * 100;
        return (Math.abs(pct - Math.round(pct)) < 0.05 ? String.format(java.util.Locale.ROOT, "%.0f", pct)
                : String.format(java.util.Locale.ROOT, "%.1f", pct)) + "%";
    }

    private static int minRunsToCall() {
        for (int r = 2; r < 20; r++) {
            if (canReach(r, r)) {
                return r;
            }
        }
        throw new IllegalStateException("no run count reaches the required confidence");
    }

    private static double back(double v, boolean ratio) {
        return ratio ? Math.exp(v) : v;
    }


    private static double[] log(double[] v, String name) {
        nonEmpty(v, name);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0) || Double.isInfinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be a positive finite number for a ratio, "
                        + "was " + v[i]);
            }
            out[i] = Math.log(v[i]);
        }
        return out;
    }

    private static double[] finite(double[] v, String name) {
        nonEmpty(v, name);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, was " + v[i]);
            }
        }
        return v.clone();
    }

    private static void nonEmpty(double[] v, String name) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + " must have at least one value");
        }
    }
}
