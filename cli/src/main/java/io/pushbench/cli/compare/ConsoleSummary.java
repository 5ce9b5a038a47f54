package io.pushbench.cli.compare;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.stats.ShiftInterval;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.analysis.verdict.ArmSummary;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.analysis.verdict.FigureComparison;
import io.pushbench.analysis.verdict.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the one {@link Comparison} as plain text for the console, {@code summary.txt} and console.log: a row per
 * arm with the medians, a row per figure with each pair's shift and its interval, then the design and the verdict
 * lines exactly as {@link Comparison#verdict()} has them. It formats; it computes nothing.
 *
 * <pre>{@code
 * ConsoleSummary.render(comparison).forEach(console::line);
 * }</pre>
 */
public final class ConsoleSummary {
    private ConsoleSummary() {
    }

    public static List<String> render(Comparison c) {
        List<String> out = new ArrayList<>();
        boolean steady = c.arms().stream().allMatch(ArmSummary::countsSteady);
        List<String> header = new ArrayList<>(List.of("arm", "runs", "delivered/expected"
                + (steady ? " (steady)" : " (whole run)"), "lost"));
        for (Figure f : Figure.HEADLINE) {
            if (f != Figure.LOSS) {
                header.add(f.label());
            }
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (ArmSummary a : c.arms()) {
            List<String> row = new ArrayList<>();
            row.add(a.arm().label());
            int all = a.runIds().size();
            row.add(a.validRuns() == all ? Integer.toString(all) : all + " (" + (all - a.validRuns()) + " invalid)");
            MessageCounts m = a.messages();
            row.add(String.format(Locale.ROOT, "%,d/%,d", m.delivered(), m.expected()));
            row.add(String.format(Locale.ROOT, "%,d", m.lost()));
            for (Figure f : Figure.HEADLINE) {
                if (f != Figure.LOSS) {
                    Summary s = a.figure(f);
                    row.add(s == null ? "-" : f.format(s.median()));
                }
            }
            rows.add(row);
        }
        out.addAll(table(rows));
        if (!c.figures().isEmpty()) {
            out.add("");
            out.add("Per figure: medians over valid runs; shift = B against A (ratio, or difference for loss), "
                    + "Hodges–Lehmann estimate with its exact interval and that interval's real confidence.");
            List<List<String>> fr = new ArrayList<>();
            fr.add(List.of("figure", "A", "B", "shift B vs A", "interval", "confidence", "outcome"));
            for (FigureComparison fc : c.figures()) {
                ShiftInterval s = fc.shift();
                fr.add(List.of(fc.figure().label(), fc.a().label() + " " + fc.figure().format(fc.aFigure().median()),
                        fc.b().label() + " " + fc.figure().format(fc.bFigure().median()), shift(fc, s.estimate()),
                        s.hasInterval() ? shift(fc, s.low()) + " – " + shift(fc, s.high()) : "-",
                        s.hasInterval() ? s.confidenceLabel() : "-", outcome(fc)));
            }
            out.addAll(table(fr));
        }
        out.add("");
        out.add("Design: " + c.design());
        out.add("");
        out.add("Verdict:");
        c.verdict().forEach(v -> out.add("  " + v));
        return out;
    }

    private static String shift(FigureComparison fc, double v) {
        return fc.shift().ratio() ? String.format(Locale.ROOT, "%.3f", v)
                : (v >= 0 ? "+" : "") + fc.figure().format(v);
    }

    private static String outcome(FigureComparison fc) {
        Outcome o = fc.outcome();
        return switch (o) {
            case A_BETTER, B_BETTER -> fc.better().label() + " better";
            case NO_DIFFERENCE -> "no difference called";
            case CANNOT_CALL -> "not called (too few runs)";
        };
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
