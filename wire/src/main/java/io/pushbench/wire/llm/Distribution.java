package io.pushbench.wire.llm;

import io.pushbench.wire.Keys;

import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * A seeded-sampling distribution of a non-negative quantity (a duration, a token count), read from one text grammar
 * shared by the simulated model server's flags and the LLM load generator's flags. Values are parsed by a
 * caller-supplied parser, so the same grammar serves durations ({@code normal:150ms,30ms}) and plain numbers
 * ({@code normal:128,32,16,256}):
 *
 * <table>
 *   <caption>grammar (the kind is case-insensitive; blanks around parts are ignored)</caption>
 *   <tr><td>{@code const:V} or just {@code V}</td><td>always V</td></tr>
 *   <tr><td>{@code normal:MEAN,SD[,MIN,MAX]}</td><td>normal, <b>truncated by resampling</b> to [MIN, MAX] (default
 *       [max(0, MEAN−3·SD), MEAN+3·SD]); after {@value #MAX_REDRAWS} draws in a row outside the bounds (an interval
 *       holding almost none of the mass) the last draw is clamped, so sampling always ends</td></tr>
 *   <tr><td>{@code uniform:MIN,MAX}</td><td>continuous uniform on [MIN, MAX)</td></tr>
 *   <tr><td>{@code exp:MEAN}</td><td>exponential with that mean (unbounded; callers cap where a cap exists)</td></tr>
 * </table>
 *
 * <pre>{@code
 * Distribution ttft = Distribution.parse("normal:150ms,30ms", s -> Durations.parse(s).toNanos(), "--llm-ttft");
 * Distribution out = Distribution.parse("normal:128,32,16,256", "--llm-output-tokens");
 * RandomGenerator rng = new SplittableRandom(seed);
 * long ttftNs = Math.round(ttft.sample(rng));   // same seed, same sequence of draws
 * long tokens = out.sampleLong(rng);
 * }</pre>
 *
 * <p>Each {@link #sample} consumes draws from the generator only as the kind needs (const: none), so callers that
 * want a per-request sequence independent of other requests give each request its own seeded generator.
 * Immutable and thread-safe (the generator is the caller's).
 */
public sealed interface Distribution {
    /** Normal draws outside the bounds in a row before the last one is clamped. */
    int MAX_REDRAWS = 1000;

    /** A draw (non-negative). */
    double sample(RandomGenerator rng);

    /** A draw rounded to the nearest whole number (token counts). */
    default long sampleLong(RandomGenerator rng) {
        return Math.round(sample(rng));
    }

    /** The distribution's mean (for a truncated normal, the mean of the truncated distribution). */
    double mean();

    /** The text it was parsed from, stripped: {@link #parse} reads it back to an equal distribution. */
    String text();

    /** The kinds of the grammar. */
    enum Kind {
        CONST("const"), NORMAL("normal"), UNIFORM("uniform"), EXP("exp");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The name before the colon. */
        public String key() {
            return key;
        }
    }

    /**
     * Reads {@code text} with {@code value} parsing each number (e.g. a duration to nanoseconds).
     *
     * @param what names the setting in error messages (a flag, a field)
     * @throws IllegalArgumentException one line naming {@code what}, the text and the expected form
     */
    static Distribution parse(String text, ToDoubleFunction<String> value, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty (use e.g. const:V, normal:MEAN,SD[,MIN,MAX], "
                    + "uniform:MIN,MAX, exp:MEAN)");
        }
        String s = text.strip();
        int colon = s.indexOf(':');
        Kind kind;
        try {
            kind = colon < 0 ? Kind.CONST : Keys.parse(Kind.values(), Kind::key, "distribution", s.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " \"" + s + "\": " + e.getMessage());
        }
        String[] parts = (colon < 0 ? s : s.substring(colon + 1)).split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.isEmpty()) {
                throw bad(what, s, kind, "an empty value");
            }
            try {
                v[i] = value.applyAsDouble(p);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(what + " \"" + s + "\": " + e.getMessage());
            }
            if (!(v[i] >= 0) || Double.isInfinite(v[i])) {
                throw bad(what, s, kind, "value '" + p + "' is not a finite non-negative number");
            }
        }
        return switch (kind) {
            case CONST -> {
                arity(what, s, kind, v, 1, 1);
                yield new Const(s, v[0]);
            }
            case NORMAL -> {
                arity(what, s, kind, v, 2, 4);
                if (v.length == 3) {
                    throw bad(what, s, kind, "MIN without MAX");
                }
                double min = v.length == 4 ? v[2] : Math.max(0, v[0] - 3 * v[1]);
                double max = v.length == 4 ? v[3] : v[0] + 3 * v[1];
                if (min > max) {
                    throw bad(what, s, kind, "MIN > MAX");
                }
                yield new Normal(s, v[0], v[1], min, max);
            }
            case UNIFORM -> {
                arity(what, s, kind, v, 2, 2);
                if (v[0] > v[1]) {
                    throw bad(what, s, kind, "MIN > MAX");
                }
                yield new Uniform(s, v[0], v[1]);
            }
            case EXP -> {
                arity(what, s, kind, v, 1, 1);
                yield new Exponential(s, v[0]);
            }
        };
    }

    /** {@link #parse(String, ToDoubleFunction, String)} of plain decimal numbers. */
    static Distribution parse(String text, String what) {
        return parse(text, p -> {
            try {
                return Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "' is not a number");
            }
        }, what);
    }

    private static void arity(String what, String s, Kind kind, double[] v, int min, int max) {
        if (v.length < min || v.length > max) {
            throw bad(what, s, kind, v.length + " value" + (v.length == 1 ? "" : "s"));
        }
    }

    private static IllegalArgumentException bad(String what, String s, Kind kind, String problem) {
        String form = switch (kind) {
            case CONST -> "const:V";
            case NORMAL -> "normal:MEAN,SD[,MIN,MAX]";
            case UNIFORM -> "uniform:MIN,MAX";
            case EXP -> "exp:MEAN";
        };
        return new IllegalArgumentException(what + " \"" + s + "\": " + problem + " (use " + form + ")");
    }

    /** Always {@code value}. */
    record Const(String text, double value) implements Distribution {
        @Override
        public double sample(RandomGenerator rng) {
            return value;
        }

        @Override
        public double mean() {
            return value;
        }
    }

    /** Normal({@code mean}, {@code sd}) truncated to [{@code min}, {@code max}] by resampling. */
    record Normal(String text, double mu, double sd, double min, double max) implements Distribution {
        @Override
        public double sample(RandomGenerator rng) {
            double x = 0;
            for (int i = 0; i < MAX_REDRAWS; i++) {
                x = mu + sd * rng.nextGaussian();
                if (x >= min && x <= max) {
                    return x;
                }
            }
            return Math.clamp(x, min, max);
        }

        /** The truncated distribution's mean, by Simpson's rule over [min, max] (no erf in the JDK). */
        @Override
        public double mean() {
            if (sd == 0 || min == max) {
                return Math.clamp(mu, min, max);
            }
            int n = 4096;
            double h = (max - min) / n;
            double mass = 0;
            double moment = 0;
            for (int i = 0; i <= n; i++) {
                double x = min + i * h;
                double z = (x - mu) / sd;
                double w = (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2)) * Math.exp(-0.5 * z * z);
                mass += w;
                moment += w * x;
            }
            // All the mass underflowed (bounds far in one tail): the resampler clamps to the nearer bound.
            return mass > 0 ? moment / mass : (mu < min ? min : max);
        }
    }

    /** Uniform on [{@code min}, {@code max}). */
    record Uniform(String text, double min, double max) implements Distribution {
        @Override
        public double sample(RandomGenerator rng) {
            return min == max ? min : min + (max - min) * rng.nextDouble();
        }

        @Override
        public double mean() {
            return (min + max) / 2;
        }
    }

    /** Exponential with mean {@code mu}. */
    record Exponential(String text, double mu) implements Distribution {
        @Override
        public double sample(RandomGenerator rng) {
            return mu * rng.nextExponential();
        }

        @Override
        public double mean() {
            return mu;
        }
    }
}
