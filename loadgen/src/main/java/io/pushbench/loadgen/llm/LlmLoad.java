package io.pushbench.loadgen.llm;

import java.util.Locale;

/**
 * The load of one step: open loop (requests arrive at a rate, whatever happens to earlier ones) or closed loop (N
 * clients, each sending its next request when its previous one ended).
 *
 * <pre>{@code
 * LlmLoad a = new LlmLoad.Open(Arrivals.Kind.POISSON, 5, 42);    // --rates 5
 * LlmLoad b = new LlmLoad.Closed(4);                              // --concurrency 4
 * a.label();   // "rate 5/s"
 * }</pre>
 */
public sealed interface LlmLoad {
    /** E.g. "rate 5/s" or "concurrency 4". */
    String label();

    /** The offered load's number: requests/s (open) or clients (closed). */
    double value();

    /** "rate" or "concurrency". */
    String kind();

    /**
     * Open loop.
     *
     * @param arrivals constant or Poisson
     * @param rate     requests/s
     * @param seed     the arrival process's seed (the same for both transports of one load)
     */
    record Open(Arrivals.Kind arrivals, double rate, long seed) implements LlmLoad {
        public Open {
            Arrivals.of(arrivals, rate, seed);      // the rate's check, one place
        }

        @Override
        public String label() {
            return "rate " + num(rate) + "/s";
        }

        @Override
        public double value() {
            return rate;
        }

        @Override
        public String kind() {
            return "rate";
        }
    }

    /**
     * Closed loop: request k+1 of a client is scheduled at the instant its request k ended, so no request ever waits
     * for a free client and at most {@code clients} are in flight.
     */
    record Closed(int clients) implements LlmLoad {
        public Closed {
            if (clients < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, was " + clients);
            }
        }

        @Override
        public String label() {
            return "concurrency " + clients;
        }

        @Override
        public double value() {
            return clients;
        }

        @Override
        public String kind() {
            return "concurrency";
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
