package io.pushbench.reports.gate;

import io.pushbench.analysis.figure.Figure;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tolerances of the gate: one per headline figure (how much worse than the baseline the estimated shift may be), the
 * loss limit per run, the JMH tolerance, and two opt-ins. Build with {@link #builder()}.
 *
 * <pre>{@code
 * GateOptions o = GateOptions.builder()
 *         .tolerances("p99=10%,max=30%")          // --tolerance
 *         .tolerance(Figure.THROUGHPUT, 0.05)     // or one by one
 *         .maxLoss("0")                           // lost messages per run, or a share: "0.1%"
 *         .build();
 * o.tolerance(Figure.LATENCY_MAX);                // 0.30
 * }</pre>
 *
 * <p>Defaults ({@link #DEFAULT_TOLERANCES}): p50 and p99 10%, p99.9 15%, max 25%, msg/s 5% drop, connect p99 25%,
 * server CPU/msg and heap/conn 10%, client CPU/msg 15% (the tail and the client are noisier than the body and the
 * server); loss 0 messages per run; JMH 10%.
 *
 * @param tolerances            per ratio figure, the allowed worsening as a fraction (0.10 = 10% higher latency, or
 *                              10% lower msg/s); loss is not in it (see {@code maxLostMessages})
 * @param maxLostMessages       allowed lost messages per run, steady window (used when {@code maxLossRatio} is NaN)
 * @param maxLossRatio          allowed lost/expected per run, NaN when the limit is a count
 * @param maxJmhRegression      allowed JMH score regression beyond the error bars, as a fraction
 * @param allowInvalid          report invalid current results as SKIP instead of FAIL (figures still gated; a run
 *                              that delivered nothing still fails)
 * @param allowJmhWithoutError  gate JMH results without an error estimate as SKIP instead of refusing them
 */
public record GateOptions(Map<Figure, Double> tolerances, long maxLostMessages, double maxLossRatio,
                          double maxJmhRegression, boolean allowInvalid, boolean allowJmhWithoutError) {

    /** The default tolerance of every figure but loss. */
    public static final Map<Figure, Double> DEFAULT_TOLERANCES = defaults();

    public GateOptions {
        EnumMap<Figure, Double> t = new EnumMap<>(DEFAULT_TOLERANCES);
        if (tolerances != null) {
            tolerances.forEach((f, v) -> {
                if (f == Figure.LOSS) {
                    throw new IllegalArgumentException("loss has a per-run limit (--max-loss), not a tolerance");
                }
                nonNegative("--tolerance " + f.label(), v);
                if (!f.lowerIsBetter() && v >= 1) {
                    throw new IllegalArgumentException("--tolerance " + f.label() + " must be < 100% (a drop), was "
                            + pct(v));
                }
                t.put(f, v);
            });
        }
        tolerances = Collections.unmodifiableMap(t);
        nonNegative("--max-jmh-regression", maxJmhRegression);
        if (maxLostMessages < 0) {
            throw new IllegalArgumentException("--max-loss must be >= 0, was " + maxLostMessages);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tolerance of {@code f} (a ratio figure). */
    public double tolerance(Figure f) {
        Double t = tolerances.get(f);
        if (t == null) {
            throw new IllegalArgumentException(f.label() + " has no tolerance (loss and duplicates are gated per run)");
        }
        return t;
    }

    /** "10%" or "10" → 0.10; {@code flag} names the option in the one-line error. */
    public static double percent(String flag, String value) {
        String v = value.strip();
        String number = v.endsWith("%") ? v.substring(0, v.length() - 1).strip() : v;
        double d;
        try {
            d = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a percentage such as 10%, was \"" + value + "\"");
        }
        nonNegative(flag, d / 100.0);
        return d / 100.0;
    }

    /**
     * The figure named {@code name} in a {@code --tolerance} list: its label ("p99", "connect p99",
     * "server CPU/msg") or its key ("latencyP99Us"), case-insensitive.
     */
    public static Figure figureNamed(String name) {
        String n = name.strip();
        for (Figure f : Figure.HEADLINE) {
            if (f.label().equalsIgnoreCase(n) || f.key().equalsIgnoreCase(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--tolerance names unknown figure \"" + n + "\"; figures: "
                + String.join(", ", Figure.HEADLINE.stream().map(Figure::label).toList()));
    }

    private static void nonNegative(String flag, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(flag + " must be >= 0%, was " + pct(v));
        }
    }

    private static String pct(double fraction) {
        return fraction * 100 + "%";
    }

    private static Map<Figure, Double> defaults() {
        EnumMap<Figure, Double> d = new EnumMap<>(Figure.class);
        d.put(Figure.LATENCY_P50, 0.10);
        d.put(Figure.LATENCY_P99, 0.10);
        d.put(Figure.LATENCY_P999, 0.15);
        d.put(Figure.LATENCY_MAX, 0.25);
        d.put(Figure.THROUGHPUT, 0.05);
        d.put(Figure.CONNECT_P99, 0.25);
        d.put(Figure.SERVER_CPU_PER_MESSAGE, 0.10);
        d.put(Figure.HEAP_PER_CONNECTION, 0.10);
        d.put(Figure.LOADGEN_CPU_PER_MESSAGE, 0.15);
        // reconnection: dominated by the reconnect policy's jitter and a JVM's start, so wide
        d.put(Figure.RECOVERY_P50, 0.25);
        d.put(Figure.RECOVERY_P99, 0.25);
        d.put(Figure.ALL_BACK, 0.25);
        // loss and duplicates are counts that must stay 0, gated per run rather than by tolerance
        if (d.size() != Figure.HEADLINE.size() - 2) {
            throw new IllegalStateException("a headline figure has no default tolerance");
        }
        return Collections.unmodifiableMap(d);
    }

    /** Builder starting from the defaults. */
    public static final class Builder {
        private final EnumMap<Figure, Double> tolerances = new EnumMap<>(Figure.class);
        private long maxLostMessages = 0;
        private double maxLossRatio = Double.NaN;
        private double maxJmhRegression = 0.10;
        private boolean allowInvalid;
        private boolean allowJmhWithoutError;

        /** The allowed worsening of {@code figure} as a fraction; for loss use {@link #maxLoss(String)}. */
        public Builder tolerance(Figure figure, double fraction) {
            if (figure == Figure.LOSS) {
                throw new IllegalArgumentException("loss has a per-run limit (--max-loss), not a tolerance");
            }
            tolerances.put(figure, fraction);
            return this;
        }

        /**
         * Parses a {@code --tolerance} value: comma-separated {@code figure=percent} ("p99=10%,max=30%"); figures
         * by label or key; {@code loss=N} or {@code loss=0.1%} sets the loss limit.
         */
        public Builder tolerances(String spec) {
            for (String part : spec.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("--tolerance entries look like p99=10%, was \""
                            + part.strip() + "\"");
                }
                Figure f = figureNamed(part.substring(0, eq));
                String value = part.substring(eq + 1);
                if (f == Figure.LOSS) {
                    maxLoss(value);
                } else {
                    tolerance(f, percent("--tolerance " + f.label(), value));
                }
            }
            return this;
        }

        /** Same as {@code tolerance(Figure.LATENCY_P99, fraction)} (the former --max-p99-regression). */
        public Builder maxP99Regression(double fraction) {
            return tolerance(Figure.LATENCY_P99, fraction);
        }

        /** Same as {@code tolerance(Figure.THROUGHPUT, fraction)} (the former --max-throughput-drop). */
        public Builder maxThroughputDrop(double fraction) {
            return tolerance(Figure.THROUGHPUT, fraction);
        }

        public Builder maxJmhRegression(double fraction) {
            this.maxJmhRegression = fraction;
            return this;
        }

        /** A message count per run ("0", "100") or a share of a run's expected messages ("0.1%"). */
        public Builder maxLoss(String value) {
            String v = value.strip();
            if (v.endsWith("%")) {
                this.maxLossRatio = percent("--max-loss", v);
                this.maxLostMessages = 0;
            } else {
                try {
                    this.maxLostMessages = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--max-loss must be a message count such as 0 or a share "
                            + "such as 0.1%, was \"" + value + "\"");
                }
                this.maxLossRatio = Double.NaN;
            }
            return this;
        }

        /** Invalid current results (e.g. a busy shared runner) are reported as SKIP; figures are still gated. */
        public Builder allowInvalid(boolean allow) {
            this.allowInvalid = allow;
            return this;
        }

        /** JMH results without an error estimate (--quick, one iteration) become SKIP instead of refused. */
        public Builder allowJmhWithoutError(boolean allow) {
            this.allowJmhWithoutError = allow;
            return this;
        }

        public GateOptions build() {
            return new GateOptions(tolerances, maxLostMessages, maxLossRatio, maxJmhRegression, allowInvalid,
                    allowJmhWithoutError);
        }
    }

    /** The loss limit in words, e.g. "0 messages" or "0.1000% of expected". */
    String lossLimit() {
        return Double.isNaN(maxLossRatio) ? maxLostMessages + " messages"
                : String.format(Locale.ROOT, "%.4f%% of expected", maxLossRatio * 100);
    }
}
