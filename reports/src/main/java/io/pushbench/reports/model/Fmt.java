package io.pushbench.reports.model;

import io.pushbench.analysis.figure.Unit;

import java.util.Locale;

/**
 * Formatting of what the analysis module does not format: JMH scores and signed percentages. Headline figures are
 * printed with {@link io.pushbench.analysis.figure.Unit#format(double)} only.
 *
 * <pre>{@code
 * Fmt.score(1234.5);     // "1,235"
 * Fmt.percent(0.125);    // "+12.5%"
 * }</pre>
 */
public final class Fmt {
    private Fmt() {
    }

    /** Percentage with one decimal, sign kept: "+12.5%". */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", fraction * 100.0);
    }

    /** A JMH score: about three significant figures, thousands separators; "n/a" for NaN. */
    public static String score(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
        return Unit.fixed(v, decimals);
    }
}
