package io.pushbench.analysis.stats;

import io.pushbench.analysis.figure.Figure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures the verdict's error rates on seeded simulated runs ({@link RunModel}): the false-call rate of each figure
 * when both arms are the same configuration (A/A), the share of A/A comparisons that call anything (family-wise),
 * and the power to call a real difference of a given size. Deterministic for a seed.
 *
 * <pre>{@code
 * VerdictSimulation sim = new VerdictSimulation(RunModel.thisMachine(), 42);
 * Map<Figure, Double> rates = sim.falseCallRates(4, 2_000);     // A/A, 4 runs per arm
 * double power = sim.power(5, Figure.LATENCY_P99, 1.10, 500);   // 10% worse p99, 5 runs per arm
 * }</pre>
 */
public final class VerdictSimulation {
    private final RunModel model;
    private final long seed;
    private double lastFamilyWise = Double.NaN;

    public VerdictSimulation(RunModel model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    /** Per figure, the share of {@code trials} A/A comparisons with {@code runs} runs per arm that call a difference. */
    public Map<Figure, Double> falseCallRates(int runs, int trials) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<Figure, Integer> calls = new EnumMap<>(Figure.class);
        int anyCall = 0;
        for (int t = 0; t < trials; t++) {
            List<Map<Figure, Double>> a = runs(rnd, runs, null, 1);
            List<Map<Figure, Double>> b = runs(rnd, runs, null, 1);
            boolean any = false;
            for (Figure f : Figure.STEADY) {
                if (called(f, a, b)) {
                    calls.merge(f, 1, Integer::sum);
                    any = true;
                }
            }
            anyCall += any ? 1 : 0;
        }
        lastFamilyWise = (double) anyCall / trials;
        Map<Figure, Double> out = new EnumMap<>(Figure.class);
        for (Figure f : Figure.STEADY) {
            out.put(f, calls.getOrDefault(f, 0) / (double) trials);
        }
        return out;
    }

    /** Share of the last {@link #falseCallRates} trials in which at least one figure was called. */
    public double familyWiseRate() {
        return lastFamilyWise;
    }

    /** Share of {@code trials} comparisons that call B worse than A when B's {@code f} is {@code factor} times A's. */
    public double power(int runs, Figure f, double factor, int trials) {
        SplittableRandom rnd = new SplittableRandom(seed ^ f.ordinal() * 0x9E3779B97F4A7C15L
                ^ Double.doubleToLongBits(factor));
        int hits = 0;
        for (int t = 0; t < trials; t++) {
            List<Map<Figure, Double>> a = runs(rnd, runs, null, 1);
            List<Map<Figure, Double>> b = runs(rnd, runs, f, factor);
            ShiftInterval s = shift(f, a, b);
            hits += s.excludesNoDifference() && (s.low() > (s.ratio() ? 1 : 0)) == (factor > 1) ? 1 : 0;
        }
        return (double) hits / trials;
    }

    /** Steps of the power search, percent. */
    private static final int[] GRID = {2, 4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200};

    /** The smallest worsening on a grid of 2%..200% whose power reaches {@code target}, as a factor, or NaN. */
    public double smallestDetectable(int runs, Figure f, double target, int trials) {
        for (int pct : GRID) {
            double factor = f.lowerIsBetter() ? 1 + pct / 100.0 : 1 / (1 + pct / 100.0);
            if (power(runs, f, factor, trials) >= target) {
                return 1 + pct / 100.0;
            }
        }
        return Double.NaN;
    }

    private List<Map<Figure, Double>> runs(SplittableRandom rnd, int n, Figure shifted, double factor) {
        List<Map<Figure, Double>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(model.run(rnd, shifted, factor));
        }
        return out;
    }

    private static boolean called(Figure f, List<Map<Figure, Double>> a, List<Map<Figure, Double>> b) {
        return shift(f, a, b).excludesNoDifference();
    }

    private static ShiftInterval shift(Figure f, List<Map<Figure, Double>> a, List<Map<Figure, Double>> b) {
        double[] x = a.stream().mapToDouble(m -> m.get(f)).toArray();
        double[] y = b.stream().mapToDouble(m -> m.get(f)).toArray();
        return f.scale() == Figure.Scale.RATIO ? ShiftInterval.ratio(x, y) : ShiftInterval.difference(x, y);
    }

    /** Prints {@link #report()}. */
    public static void main(String[] args) {
        report().forEach(System.out::println);
    }

    /** The tables docs/method.md quotes: false-call rates at 5 and 6 runs per arm, family-wise rate, power. */
    public static List<String> report() {
        List<String> lines = new ArrayList<>();
        VerdictSimulation sim = new VerdictSimulation(RunModel.thisMachine(), 20261130L);
        for (int runs : new int[]{5, 6}) {
            Map<Figure, Double> r = sim.falseCallRates(runs, 2_000);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "A/A, %d runs per arm, 2,000 trials:",
                    runs));
            r.forEach((f, v) -> sb.append(String.format(Locale.ROOT, " %s %.1f%%", f.label(), v * 100)));
            sb.append(String.format(Locale.ROOT, "; any figure %.1f%%", sim.familyWiseRate() * 100));
            lines.add(sb.toString());
        }
        for (int runs : new int[]{5}) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "smallest worsening called with 80%% power, %d runs per arm (200 trials per step):", runs));
            for (Figure f : Figure.STEADY) {
                if (f.scale() == Figure.Scale.RATIO && f != Figure.THROUGHPUT) {
                    double d = sim.smallestDetectable(runs, f, 0.8, 200);
                    sb.append(String.format(Locale.ROOT, " %s %s", f.label(),
                            Double.isNaN(d) ? ">3x" : String.format(Locale.ROOT, "+%.0f%%", (d - 1) * 100)));
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
