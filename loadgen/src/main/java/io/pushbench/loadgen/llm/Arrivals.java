package io.pushbench.loadgen.llm;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An open-loop arrival process: the instants, as offsets from the step's start, at which requests are scheduled,
 * whatever the client or the server is doing. A request's latency starts at its instant here, never at the moment
 * the client got round to sending it, so a slow client or a queue in front of the server shows up in the figures
 * instead of silently lowering the offered load (coordinated omission).
 *
 * <pre>{@code
 * Arrivals a = Arrivals.of(Arrivals.Kind.POISSON, 5.0, 42);   // 5 req/s on average, seeded
 * long t0 = a.next();   long t1 = a.next();                  // ns after the step's start, non-decreasing
 * }</pre>
 *
 * <p>Poisson arrivals (exponential gaps) are the default of {@code pushbench llm}, as in vLLM's and AIPerf's
 * request-rate modes: real users do not coordinate. Constant arrivals are evenly spaced, the first at
 * {@code 1/rate}. The same seed gives the same instants, so the SSE and the WebSocket arms of one load are offered
 * the identical schedule. Not thread-safe: one pacer draws from it.
 */
public final class Arrivals {
    /** The shapes of the process. */
    public enum Kind {
        CONSTANT("constant"),
        POISSON("poisson");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The name in flags and results. */
        public String key() {
            return key;
        }

        /** The kind named {@code key}; IllegalArgumentException naming the known ones. */
        public static Kind parse(String key) {
            return io.pushbench.wire.Keys.parse(values(), Kind::key, "arrivals", key);
        }
    }

    private final Kind kind;
    private final double rate;
    private final double meanGapNs;
    private final SplittableRandom rng;
    private long index;
    private double t;

    private Arrivals(Kind kind, double rate, long seed) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("arrival rate must be a positive number of requests/s, was " + rate);
        }
        this.kind = kind;
        this.rate = rate;
        this.meanGapNs = 1e9 / rate;
        this.rng = new SplittableRandom(seed);
    }

    /**
     * @param kind constant or Poisson
     * @param rate requests per second (positive, finite)
     * @param seed seeds the Poisson gaps (ignored for constant)
     */
    public static Arrivals of(Kind kind, double rate, long seed) {
        return new Arrivals(java.util.Objects.requireNonNull(kind, "kind"), rate, seed);
    }

    /** The next arrival, ns after the step's start. */
    public long next() {
        index++;
        if (kind == Kind.CONSTANT) {
            // from the index, not by summing gaps: no drift from rounding over a long step
            return Math.round(index * meanGapNs);
        }
        // inverse transform of an exponential gap; 1 - u is in (0, 1], so the log is finite
        t += -Math.log(1.0 - rng.nextDouble()) * meanGapNs;
        return Math.round(t);
    }

    public Kind kind() {
        return kind;
    }

    public double rate() {
        return rate;
    }

    /** E.g. "poisson 5 req/s". */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s req/s", kind.key(), rate == Math.rint(rate)
                ? Long.toString((long) rate) : Double.toString(rate));
    }
}
