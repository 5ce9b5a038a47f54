package io.pushbench.reports.model;

import java.util.Locale;

/** Number formatting shared by verdicts and renderers: locale-independent, units scaled for reading. */
public final class Fmt {
    private Fmt() {
    }

    /** A figure in {@code unit} (as in {@link Metric#unit()}) for humans: "812 µs", "1.23 ms", "19,950 msg/s". */
    public static String value(double v, String unit) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return switch (unit) {
            case "µs" -> micros(v);
            case "ns" -> v >= 10_000 ? fixed(v / 1000.0, 1) + " µs" : fixed(v, v >= 100 ? 0 : 1) + " ns";
            case "bytes" -> bytes(v);
            case "ratio" -> v == 0 ? "0" : fixed(v * 100.0, v * 100 >= 0.1 ? 2 : 4) + " %";
            case "msg/s" -> String.format(Locale.ROOT, "%,.0f msg/s", v);
            default -> fixed(v, 2) + " " + unit;
        };
    }

    /** Microseconds scaled to µs, ms or s. */
    public static String micros(double us) {
        if (us >= 1_000_000) {
            return fixed(us / 1_000_000.0, 2) + " s";
        }
        if (us >= 1000) {
            return fixed(us / 1000.0, us >= 100_000 ? 0 : us >= 10_000 ? 1 : 2) + " ms";
        }
        return fixed(us, us >= 100 ? 0 : 1) + " µs";
    }

    /** Bytes scaled to B, KiB or MiB. */
    public static String bytes(double b) {
        if (b >= 1024 * 1024) {
            return fixed(b / (1024 * 1024.0), 1) + " MiB";
        }
        if (b >= 1024) {
            return fixed(b / 1024.0, 1) + " KiB";
        }
        return fixed(b, 0) + " B";
    }

    /** Percentage with one decimal, sign kept: "+12.5%". */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", fraction * 100.0);
    }

    /** {@code v} with {@code decimals} decimals and thousands separators. */
    public static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    /** A JMH score: three significant figures, thousands separators. */
    public static String score(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
        return fixed(v, decimals);
    }
}
