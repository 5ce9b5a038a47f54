package io.pushbench.jmh.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The summary table {@code pushbench jmh} prints at the end: benchmark, params, score, error, error % and
 * allocated bytes per operation, one row per configuration, rows whose error exceeds the limit marked {@code !}.
 *
 * <pre>{@code
 * System.out.print(ResultTable.format(JmhResults.read(file), JmhDefaults.MAX_RELATIVE_ERROR));
 * }</pre>
 *
 * Plain text, fixed-width columns, numbers right-aligned, {@link Locale#ROOT} formatting (a dot for decimals,
 * whatever the machine's locale), so the output pastes into Markdown code blocks and diffs cleanly.
 */
public final class ResultTable {
    private static final String[] HEADER = {"Benchmark", "Params", "Mode", "Score", "Error", "Error %", "Units",
            "Alloc B/op", ""};

    private ResultTable() {
    }

    /** The table and a one-line verdict on the error limit, each line ending with a newline. */
    public static String format(List<ResultRow> rows, double maxRelativeError) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        int over = 0;
        for (ResultRow r : rows) {
            boolean ok = r.withinError(maxRelativeError);
            if (!ok) {
                over++;
            }
            cells.add(new String[]{
                    r.shortName(),
                    r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")),
                    r.mode(),
                    number(r.score()),
                    Double.isNaN(r.error()) ? "n/a" : "± " + number(r.error()),
                    Double.isNaN(r.relativeError()) ? "n/a"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * r.relativeError()),
                    r.unit(),
                    Double.isNaN(r.allocBytesPerOp()) ? "n/a" : number(r.allocBytesPerOp()),
                    ok ? "" : "!"
            });
        }
        int[] width = new int[HEADER.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean right = i >= 3 && i <= 7 && i != 6;
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(right ? pad + row[i] : row[i] + pad).append(i < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        String limit = String.format(Locale.ROOT, "%.0f%%", 100 * maxRelativeError);
        if (rows.isEmpty()) {
            sb.append("No results.\n");
        } else if (over == 0) {
            sb.append("All ").append(rows.size()).append(" results have an error within ").append(limit)
                    .append(" of the score.\n");
        } else {
            sb.append(over).append(" of ").append(rows.size()).append(" results (marked !) have an error above ")
                    .append(limit).append(" of the score or none at all: rerun them on a quiet machine, or with")
                    .append(" more --forks/--iterations.\n");
        }
        return sb.toString();
    }

    /** JMH-like precision: about four significant digits, never scientific notation. */
    static String number(double v) {
        double a = Math.abs(v);
        String f = a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : a >= 1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, f, v);
    }
}
