package io.pushbench.cli.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link ComparisonSummary} as plain-text tables for the console and console.log: one row per
 * configuration with the headline medians, then, per figure, each configuration's median, range and 95% interval.
 *
 * <pre>{@code
 * for (String line : SummaryTable.render(summary)) console.line(line);
 * }</pre>
 */
public final class SummaryTable {
    private static final Metric[] HEADLINE = {Metric.LATENCY_P50, Metric.LATENCY_P99, Metric.LATENCY_P999,
            Metric.LATENCY_MAX, Metric.THROUGHPUT, Metric.CONNECT_P99, Metric.SERVER_CPU_PER_MESSAGE,
            Metric.HEAP_PER_CONNECTION};

    private SummaryTable() {
    }

    public static List<String> render(ComparisonSummary s) {
        boolean multiVariant = s.groups().stream().map(GroupSummary::variant).distinct().count() > 1;
        List<String> header = new ArrayList<>(List.of("transport"));
        if (multiVariant) {
            header.add("variant");
        }
        header.addAll(List.of("runs", "delivered/expected", "lost"));
        for (Metric m : HEADLINE) {
            header.add(m.label());
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (GroupSummary g : s.groups()) {
            List<String> row = new ArrayList<>();
            row.add(ComparisonSummary.name(g.transport()) + " " + g.protocol());
            if (multiVariant) {
                row.add(g.variant());
            }
            row.add(g.validRuns() == g.runIds().size() ? Integer.toString(g.runIds().size())
                    : g.runIds().size() + " (" + (g.runIds().size() - g.validRuns()) + " invalid)");
            row.add(String.format("%,d/%,d", g.messages().delivered(), g.messages().expected()));
            row.add(String.format("%,d", g.messages().lost()));
            for (Metric m : HEADLINE) {
                Spread sp = g.metrics().get(m);
                row.add(sp == null ? "-" : m.format(sp.median()));
            }
            rows.add(row);
        }
        List<String> out = new ArrayList<>(table(rows));
        out.add("");
        out.add("Spread: median [min – max] (95% bootstrap interval of the median); "
                + (s.repeats() >= 2 ? "across " + s.repeats() + " repeats" : "across " + ComparisonSummary.BATCHES
                + " batches of the steady window where marked *, else one value"));
        List<List<String>> spreadRows = new ArrayList<>();
        List<String> sh = new ArrayList<>(List.of("figure"));
        for (GroupSummary g : s.groups()) {
            sh.add(ComparisonSummary.name(g.transport()) + (multiVariant ? " " + g.variant() : ""));
        }
        spreadRows.add(sh);
        for (Metric m : Metric.values()) {
            List<String> row = new ArrayList<>(List.of(m.label()));
            boolean any = false;
            for (GroupSummary g : s.groups()) {
                Spread sp = g.metrics().get(m);
                if (sp == null) {
                    row.add("-");
                    continue;
                }
                any = true;
                String mark = "batches".equals(g.spreadBasis().get(m)) ? "*" : "";
                row.add(sp.n() < 2 ? m.format(sp.median())
                        : m.format(sp.median()) + mark + " [" + m.format(sp.min()) + " – " + m.format(sp.max())
                        + "] (" + m.format(sp.ciLow()) + " – " + m.format(sp.ciHigh()) + ")");
            }
            if (any) {
                spreadRows.add(row);
            }
        }
        out.addAll(table(spreadRows));
        return out;
    }

    /** Left-aligned columns separated by two spaces. */
    static List<String> table(List<List<String>> rows) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[cols];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                sb.append(r.get(i));
                if (i < r.size() - 1) {
                    sb.append(" ".repeat(width[i] - r.get(i).length() + 2));
                }
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }
}
