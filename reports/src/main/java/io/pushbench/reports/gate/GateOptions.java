package io.pushbench.reports.gate;

import java.util.Locale;

/**
 * Tolerances of the gate. Build with {@link #builder()}; parse flag values with {@link #percent(String, String)}.
 *
 * <pre>{@code
 * GateOptions o = GateOptions.builder().maxP99Regression(0.10).maxThroughputDrop(0.05).maxLoss("0").build();
 * }</pre>
 *
 * @param maxP99Regression   allowed p99 increase over the baseline median, as a fraction (0.10 = 10%)
 * @param maxThroughputDrop  allowed drop of delivered msg/s below the baseline median, as a fraction
 * @param maxLostMessages    allowed lost messages per run (used when {@code maxLossRatio} is NaN)
 * @param maxLossRatio       allowed lost/expected per run, NaN when the limit is a count
 * @param maxJmhRegression   allowed JMH score regression, as a fraction
 * @param allowInvalid       report invalid current results as SKIP instead of FAIL (figures still gated)
 */
public record GateOptions(double maxP99Regression, double maxThroughputDrop, long maxLostMessages,
                          double maxLossRatio, double maxJmhRegression, boolean allowInvalid) {

    public GateOptions {
        nonNegative("max-p99-regression", maxP99Regression);
        nonNegative("max-throughput-drop", maxThroughputDrop);
        nonNegative("max-jmh-regression", maxJmhRegression);
        if (maxThroughputDrop >= 1) {
            throw new IllegalArgumentException("max-throughput-drop must be < 100%, was "
                    + maxThroughputDrop * 100 + "%");
        }
        if (maxLostMessages < 0) {
            throw new IllegalArgumentException("max-loss must be >= 0, was " + maxLostMessages);
        }
    }

    public static Builder builder() {
        return new Builder();
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

    private static void nonNegative(String flag, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(flag + " must be >= 0%, was " + v * 100 + "%");
        }
    }

    /** Builder with the CLI defaults: 10% p99, 5% throughput, 0 lost messages, 10% JMH. */
    public static final class Builder {
        private double maxP99Regression = 0.10;
        private double maxThroughputDrop = 0.05;
        private long maxLostMessages = 0;
        private double maxLossRatio = Double.NaN;
        private double maxJmhRegression = 0.10;
        private boolean allowInvalid;

        public Builder maxP99Regression(double fraction) {
            this.maxP99Regression = fraction;
            return this;
        }

        public Builder maxThroughputDrop(double fraction) {
            this.maxThroughputDrop = fraction;
            return this;
        }

        public Builder maxJmhRegression(double fraction) {
            this.maxJmhRegression = fraction;
            return this;
        }

        /** A message count ("0", "100") or a share of expected messages ("0.1%"). */
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

        /** Invalid current results (e.g. a busy shared runner) are reported but do not fail the gate. */
        public Builder allowInvalid(boolean allow) {
            this.allowInvalid = allow;
            return this;
        }

        public GateOptions build() {
            return new GateOptions(maxP99Regression, maxThroughputDrop, maxLostMessages, maxLossRatio,
                    maxJmhRegression, allowInvalid);
        }
    }

    /** The loss limit in words, e.g. "0 messages" or "0.10% of expected". */
    String lossLimit() {
        return Double.isNaN(maxLossRatio) ? maxLostMessages + " messages"
                : String.format(Locale.ROOT, "%.4f%% of expected", maxLossRatio * 100);
    }
}
