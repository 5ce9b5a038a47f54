package io.pushbench.analysis.figure;

import java.util.Locale;

/**
 * The unit of a figure and the one way every output (console, HTML, Markdown, gate) prints it: locale-independent,
 * scaled for reading.
 *
 * <pre>{@code
 * Unit.MICROS.format(1234.0);     // "1.23 ms"
 * Unit.RATE.format(19950.0);      // "19,950 msg/s"
 * }</pre>
 */
public enum Unit {
    /** Microseconds, printed as µs, ms or s. */
    MICROS("µs"),
    /** Nanoseconds, printed as ns or µs. */
    NANOS("ns"),
    /** Bytes, printed as B, KiB or MiB. */
    BYTES("bytes"),
    /** Messages per second. */
    RATE("msg/s"),
    /** A share of a whole (0..1), printed as a percentage. */
    RATIO("ratio");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    /** The unit's name in JSON: "µs", "ns", "bytes", "msg/s", "ratio". */
    public String symbol() {
        return symbol;
    }

    /** {@code v} for humans: "812 µs", "1.23 ms", "12.4 µs" (from ns), "17.4 KiB", "19,950 msg/s", "0.01 %". */
    public String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return switch (this) {
            case MICROS -> micros(v);
            case NANOS -> Math.abs(v) >= 1_000 ? fixed(v / 1000.0, 1) + " µs" : fixed(v, Math.abs(v) >= 100 ? 0 : 1)
                    + " ns";
            case BYTES -> bytes(v);
            case RATE -> fixed(v, Math.abs(v) >= 100 ? 0 : 1) + " msg/s";
            case RATIO -> v == 0 ? "0 %" : fixed(v * 100.0, Math.abs(v * 100) >= 0.1 ? 2 : 4) + " %";
        };
    }

    /** The unit of {@code symbol} as written by {@link #symbol()}. */
    public static Unit bySymbol(String symbol) {
        for (Unit u : values()) {
            if (u.symbol.equals(symbol)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown unit \"" + symbol + "\"");
    }

    private static String micros(double us) {
        double a = Math.abs(us);
        if (a >= 1_000_000) {
            return fixed(us / 1_000_000.0, 2) + " s";
        }
        if (a >= 1000) {
            return fixed(us / 1000.0, a >= 100_000 ? 0 : a >= 10_000 ? 1 : 2) + " ms";
        }
        return fixed(us, a >= 100 ? 0 : 1) + " µs";
    }

    private static String bytes(double b) {
        double a = Math.abs(b);
        if (a >= 1024 * 1024) {
            return fixed(b / (1024 * 1024.0), 1) + " MiB";
        }
        if (a >= 1024) {
            return fixed(b / 1024.0, 1) + " KiB";
        }
        return fixed(b, 0) + " B";
    }

    /** {@code v} with {@code decimals} decimals and thousands separators, locale-independent. */
    public static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
