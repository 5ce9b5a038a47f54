package io.pushbench.analysis.stats;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.verdict.ArmSummary;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.Comparisons;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The smallest difference a comparison can call with a given power, at the run-to-run spread a real comparison
 * measured: per figure, the pooled within-arm standard deviation of the log of the per-run values, then a seeded
 * simulation of log-normal per-run values at that spread, worsened by a factor, judged by the verdict's own rule
 * ({@link ShiftInterval}).
 *
 * <pre>{@code
 * pushbench power results/<dir>          # or MeasuredPower.report(Comparisons.of(results), 5)
 * }</pre>
 */
public final class MeasuredPower {
    private MeasuredPower() {
    }

    /** Pooled within-arm log-sd of {@code f} over the arms' valid runs; NaN with fewer than 2 runs in every arm. */
    public static double pooledLogSd(Comparison c, Figure f) {
        double ss = 0;
        int df = 0;
        for (ArmSummary a : c.arms()) {
            Summary s = a.figure(f);
            if (s == null || s.n() < 2) {
                continue;
            }
            double mean = 0;
            for (double v : s.array()) {
                mean += Math.log(v);
            }
            mean /= s.n();
            for (double v : s.array()) {
                ss += (Math.log(v) - mean) * (Math.log(v) - mean);
            }
            df += s.n() - 1;
        }
        return df == 0 ? Double.NaN : Math.sqrt(ss / df);
    }

    /** Share of {@code trials} comparisons of {@code runs} log-normal runs per arm (log-sd {@code sd}) that call. */
    public static double power(int runs, double sd, double factor, int trials, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int hits = 0;
        for (int t = 0; t < trials; t++) {
            double[] a = new double[runs];
            double[] b = new double[runs];
            for (int i = 0; i < runs; i++) {
                a[i] = Math.exp(sd * RunModel.gaussian(rnd));
                b[i] = factor * Math.exp(sd * RunModel.gaussian(rnd));
            }
            ShiftInterval s = ShiftInterval.ratio(a, b);
            hits += s.excludesNoDifference() && s.low() > 1 ? 1 : 0;
        }
        return (double) hits / trials;
    }

    /** The smallest worsening (factor > 1, 0.5% steps up to 4x) called with {@code target} power, or NaN. */
    public static double smallestDetectable(int runs, double sd, double target) {
        for (int step = 1; step <= 600; step++) {
            double factor = 1 + step * 0.005;
            if (power(runs, sd, factor, 2_000, 42) >= target) {
                return factor;
            }
        }
        return Double.NaN;
    }

    /** Per figure, the measured spread and the smallest worsening called with 80% power at {@code runs} per arm. */
    public static List<String> report(Comparison c, int runs) {
        List<String> out = new ArrayList<>();
        for (Figure f : Figure.STEADY) {
            if (f.scale() != Figure.Scale.RATIO) {
                continue;
            }
            double sd = pooledLogSd(c, f);
            if (Double.isNaN(sd)) {
                continue;
            }
            double d = sd == 0 ? 1.005 : smallestDetectable(runs, sd, 0.8);
            out.add(String.format(Locale.ROOT, "%-15s run-to-run log-sd %.3f; smallest worsening called with 80%% "
                    + "power at %d runs per arm: %s", f.label(), sd, runs,
                    Double.isNaN(d) ? "> 4x" : String.format(Locale.ROOT, "+%.1f%%", (d - 1) * 100)));
        }
        return out;
    }

    /** {@code MeasuredPower RESULTS_JSON [RUNS_PER_ARM]}: prints {@link #report}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: MeasuredPower RESULTS_JSON [RUNS_PER_ARM]");
            System.exit(2);
        }
        Results r = ResultsIO.read(Path.of(args[0]));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : ShiftInterval.MIN_RUNS_TO_CALL;
        report(Comparisons.of(r), runs).forEach(System.out::println);
    }
}
