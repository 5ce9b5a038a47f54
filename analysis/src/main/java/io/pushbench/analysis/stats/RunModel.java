package io.pushbench.analysis.stats;

import io.pushbench.analysis.figure.Figure;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded model of what one run of a configuration measures, realistic enough to test the verdict's error rates
 * without sockets: every run is a fresh JVM with its own multiplicative offset (a JIT, heap-layout and scheduling
 * "personality"), and its latencies are heavy-tailed, so its p99.9 and max move much more from run to run than its
 * p50.
 *
 * <pre>{@code
 * RunModel m = RunModel.thisMachine();
 * Map<Figure, Double> run = m.run(new SplittableRandom(1), null, 1.0);   // one run's figures, nothing shifted
 * }</pre>
 *
 * <p>Per run: a latency offset {@code exp(N(0, jvmSigma))} shared by every latency percentile (a slow JVM is slow
 * at every percentile); {@code samples} latencies, each {@code offset * X}, with X log-normal (median
 * {@code medianUs}, log-sd 0.6) and, with probability 1%, a Pareto tail (scale 4x the median, shape 1.5: infinite
 * variance); the percentiles of those samples. Throughput is the offered rate with 0.1% noise; loss is 0 in most
 * runs and a few messages in some; connect p99 and the per-message costs have their own log-normal per-run noise
 * ({@code costSigma}).
 *
 * @param samples   latencies per run
 * @param medianUs  median latency, µs
 * @param jvmSigma  log-sd of the per-run latency offset
 * @param costSigma log-sd of the per-run noise of each cost figure, by figure
 */
public record RunModel(int samples, double medianUs, double jvmSigma, Map<Figure, Double> costSigma) {
    /**
     * Spreads measured on the reference machine (2-vCPU KVM guest): the pooled within-arm log-sd of the per-run
     * figures of a real {@code standard} comparison ({@code pushbench power results/standard-1}, docs/method.md):
     * p50 0.104 (the per-run latency offset), connect p99 0.686, server CPU/msg 0.103, heap/conn 0.209, client
     * CPU/msg 0.089.
     */
    public static RunModel thisMachine() {
        Map<Figure, Double> cost = new EnumMap<>(Figure.class);
        cost.put(Figure.CONNECT_P99, 0.686);
        cost.put(Figure.SERVER_CPU_PER_MESSAGE, 0.103);
        cost.put(Figure.HEAP_PER_CONNECTION, 0.209);
        cost.put(Figure.LOADGEN_CPU_PER_MESSAGE, 0.089);
        return new RunModel(4_000, 6_000, 0.104, cost);
    }

    /**
     * One run's headline figures; {@code factor} multiplies the figures of a configuration that is really different
     * (1.0 for A/A), applied to {@code shifted} only.
     */
    public Map<Figure, Double> run(SplittableRandom rnd, Figure shifted, double factor) {
        Map<Figure, Double> out = new EnumMap<>(Figure.class);
        double offset = Math.exp(jvmSigma * gaussian(rnd));
        double[] l = new double[samples];
        for (int i = 0; i < samples; i++) {
            double x = rnd.nextDouble() < 0.01
                    ? 4 * medianUs / Math.pow(1 - rnd.nextDouble(), 1 / 1.5)
                    : medianUs * Math.exp(0.6 * gaussian(rnd));
            l[i] = offset * x;
        }
        Arrays.sort(l);
        out.put(Figure.LATENCY_P50, l[(int) (0.50 * (samples - 1))]);
        out.put(Figure.LATENCY_P99, l[(int) (0.99 * (samples - 1))]);
        out.put(Figure.LATENCY_P999, l[(int) (0.999 * (samples - 1))]);
        out.put(Figure.LATENCY_MAX, l[samples - 1]);
        out.put(Figure.THROUGHPUT, 4_000 * (1 + 0.001 * gaussian(rnd)));
        out.put(Figure.LOSS, rnd.nextDouble() < 0.1 ? (1 + rnd.nextInt(5)) / 400_000.0 : 0.0);
        for (Map.Entry<Figure, Double> e : costSigma.entrySet()) {
            double base = switch (e.getKey()) {
                case CONNECT_P99 -> 12_000;
                case SERVER_CPU_PER_MESSAGE -> 12_000;
                case HEAP_PER_CONNECTION -> 17_000;
                default -> 11_000;
            };
            out.put(e.getKey(), base * Math.exp(e.getValue() * gaussian(rnd)));
        }
        if (shifted != null) {
            out.put(shifted, out.get(shifted) * factor);
        }
        return out;
    }

    /** A standard normal draw (Box–Muller), the one the simulations share so that seeded figures stay reproducible. */
    static double gaussian(SplittableRandom rnd) {
        // Box–Muller written out rather than RandomGenerator.nextGaussian(): the seeded tables in docs/method.md depend
        // on this exact sequence of draws.
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
