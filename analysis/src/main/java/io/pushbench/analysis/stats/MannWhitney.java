package io.pushbench.analysis.stats;

/**
 * The exact null distribution of the Mann–Whitney U statistic for samples of sizes {@code m} and {@code n} without
 * ties: under "both samples come from the same distribution" every one of the C(m+n, m) orderings is equally likely,
 * so {@code P(U <= u)} is a count of orderings. This is what makes the verdict's error rate a property of the tool
 * rather than of the data: it holds for any continuous distribution of per-run figures.
 *
 * <pre>{@code
 * MannWhitney mw = new MannWhitney(4, 4);
 * mw.cdf(0);    // 1/70 = 0.0143: all four of one sample below all four of the other
 * }</pre>
 *
 * Computed with the recurrence {@code p(m, n, u) = m/(m+n) p(m-1, n, u-n) + n/(m+n) p(m, n-1, u)} in doubles, so any
 * size a comparison can have is exact to rounding.
 */
public final class MannWhitney {
    private final int m;
    private final int n;
    private final double[] cdf;

    /** The distribution for sample sizes {@code m, n >= 1}. */
    public MannWhitney(int m, int n) {
        if (m < 1 || n < 1) {
            throw new IllegalArgumentException("sample sizes must be >= 1, were " + m + " and " + n);
        }
        this.m = m;
        this.n = n;
        double[] pmf = pmf(m, n);
        cdf = new double[pmf.length];
        double s = 0;
        for (int u = 0; u < pmf.length; u++) {
            s += pmf[u];
            cdf[u] = Math.min(1.0, s);
        }
    }

    /** {@code P(U <= u)}; 0 below 0, 1 above m*n. */
    public double cdf(int u) {
        if (u < 0) {
            return 0;
        }
        return u >= cdf.length - 1 ? 1 : cdf[u];   // the last sum is 1 up to rounding: make it exact
    }

    /** Largest possible U, {@code m * n}. */
    public int maxU() {
        return m * n;
    }

    private static double[] pmf(int m, int n) {
        // prev[j][u] holds p(i-1, j, u); built up over i = 0..m.
        double[][] cur = new double[n + 1][];
        for (int j = 0; j <= n; j++) {
            cur[j] = new double[]{1.0};   // i = 0: U is 0 with certainty
        }
        for (int i = 1; i <= m; i++) {
            double[][] next = new double[n + 1][];
            next[0] = new double[]{1.0};   // j = 0: U is 0 with certainty
            for (int j = 1; j <= n; j++) {
                double[] p = new double[i * j + 1];
                double wi = (double) i / (i + j);
                double wj = (double) j / (i + j);
                double[] a = cur[j];        // p(i-1, j, .)
                double[] b = next[j - 1];   // p(i, j-1, .)
                for (int u = 0; u < p.length; u++) {
                    double v = 0;
                    if (u - j >= 0 && u - j < a.length) {
                        v += wi * a[u - j];
                    }
                    if (u < b.length) {
                        v += wj * b[u];
                    }
                    p[u] = v;
                }
                next[j] = p;
            }
            cur = next;
        }
        return cur[n];
    }
}
