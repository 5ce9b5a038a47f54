package io.pushbench.analysis.verdict;

import io.pushbench.analysis.figure.Counts;
import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.stats.ShiftInterval;
import io.pushbench.analysis.stats.Summary;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The verdict engine: builds the one {@link Comparison} of a set of runs.
 *
 * <pre>{@code
 * Comparison c = Comparisons.of(ResultsIO.read(dir.resolve("results.json")));
 * }</pre>
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Runs are grouped into {@link Arm}s; an arm's figure is the median over its <em>valid</em> runs. Invalid runs
 *       are listed with their reasons and contribute no figure.</li>
 *   <li>Arms of the same protocol, driver and variant are compared pairwise (A = the first to appear).</li>
 *   <li>Per figure, B against A is a {@link ShiftInterval} over the per-run values: a difference is called only when
 *       the exact distribution-free interval, at 99% confidence or more, excludes no difference. With fewer than
 *       {@link ShiftInterval#MIN_RUNS_TO_CALL} valid runs per arm nothing is called, and every output says so in
 *       the words of {@link #CANNOT_CALL_LINE}.</li>
 * </ol>
 */
public final class Comparisons {
    /** The design, stated in every output. */
    public static final String DESIGN = "Each run is a fresh server JVM and a fresh load generator; the arms "
            + "alternate (A B B A ...) so that drift of the machine favours neither. A figure is compared on its "
            + "per-run values: a difference is called only when the exact distribution-free interval of B against A "
            + "(Hodges–Lehmann shift, Mann–Whitney interval; on ratios for every figure but loss) excludes no "
            + "difference at 99% confidence or more, which caps the false-call rate of each figure at 1% whatever the "
            + "distribution of the runs (and that of all the figures of a pair together at 1% per figure compared: "
            + "10% for the ten steady figures, 14% with the four reconnection figures of a fault scenario).";

    /** The verdict line when the runs cannot support a call (format with {@link #cannotCallLine}). */
    public static final String CANNOT_CALL_LINE = "NO CALL: with %s the run-to-run noise cannot "
            + "be bounded at 99%%, so no difference is called (at least " + ShiftInterval.MIN_RUNS_TO_CALL
            + " valid runs per arm are needed: --repeats " + ShiftInterval.MIN_RUNS_TO_CALL + " or more).";

    private Comparisons() {
    }

    /** The comparison of {@code results}' runs (complete or not). */
    public static Comparison of(Results results) {
        return of(results.runs(), results.complete());
    }

    /** The comparison of {@code runs}; {@code complete} false when the tool stopped before finishing. */
    public static Comparison of(List<RunResult> runs, boolean complete) {
        Map<String, List<RunResult>> byArm = new LinkedHashMap<>();
        Map<String, Arm> arms = new LinkedHashMap<>();
        for (RunResult r : runs) {
            Arm arm = Arm.of(r);
            arms.putIfAbsent(arm.key(), arm);
            byArm.computeIfAbsent(arm.key(), k -> new ArrayList<>()).add(r);
        }
        List<ArmSummary> summaries = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : byArm.entrySet()) {
            summaries.add(summarise(arms.get(e.getKey()), e.getValue()));
        }
        List<String> invalid = new ArrayList<>();
        if (!complete) {
            invalid.add("incomplete: the tool stopped before finishing every run");
        }
        for (RunResult r : runs) {
            if (!r.valid()) {
                invalid.add(r.id() + ": " + String.join("; ", r.invalidReasons()));
            }
        }
        List<ArmSummary[]> pairs = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            for (int j = i + 1; j < summaries.size(); j++) {
                if (summaries.get(i).arm().comparableWith(summaries.get(j).arm())) {
                    pairs.add(new ArmSummary[]{summaries.get(i), summaries.get(j)});
                }
            }
        }
        List<FigureComparison> figures = new ArrayList<>();
        List<String> pairLines = new ArrayList<>();
        int runsPerArm = Integer.MAX_VALUE;
        boolean canCall = true;
        for (ArmSummary[] pair : pairs) {
            ArmSummary a = pair[0];
            ArmSummary b = pair[1];
            runsPerArm = Math.min(runsPerArm, Math.min(a.validRuns(), b.validRuns()));
            // Whether this pair's valid runs can reach the required confidence at all (unequal counts such as 4
            // and 6 can); when they cannot, no figure of the pair is called, whatever its own values.
            boolean pairCanCall = ShiftInterval.canReach(a.validRuns(), b.validRuns());
            canCall &= pairCanCall;
            List<FigureComparison> pairFigures = new ArrayList<>();
            for (Figure f : Figure.HEADLINE) {
                Summary sa = a.figure(f);
                Summary sb = b.figure(f);
                if (sa != null && sb != null) {
                    pairFigures.add(compare(f, a.arm(), b.arm(), sa, sb, pairCanCall));
                }
            }
            figures.addAll(pairFigures);
            String prefix = pairs.size() > 1 ? "[" + a.arm().label() + " vs " + b.arm().label() + "] " : "";
            pairLines.addAll(pairVerdict(prefix, pairCanCall, a.validRuns(), b.validRuns(), pairFigures));
        }
        if (pairs.isEmpty()) {
            runsPerArm = 0;
            canCall = false;
        }
        List<String> verdict = verdict(invalid, !pairs.isEmpty(), summaries, pairLines);
        return new Comparison(invalid.isEmpty(), invalid, DESIGN, runsPerArm, canCall, summaries, figures, verdict);
    }

    static ArmSummary summarise(Arm arm, List<RunResult> runs) {
        List<String> ids = new ArrayList<>();
        List<String> validIds = new ArrayList<>();
        List<RunResult> valid = new ArrayList<>();
        boolean steady = true;
        for (RunResult r : runs) {
            ids.add(r.id());
            if (r.valid()) {
                validIds.add(r.id());
                valid.add(r);
                steady &= Counts.isSteady(r);
            }
        }
        Map<Figure, Summary> figures = new EnumMap<>(Figure.class);
        for (Figure f : Figure.HEADLINE) {
            List<Double> values = new ArrayList<>();
            for (RunResult r : valid) {
                OptionalDouble v = f.of(r);
                if (v.isPresent()) {
                    values.add(v.getAsDouble());
                }
            }
            if (!values.isEmpty()) {
                figures.put(f, Summary.of(values));
            }
        }
        MessageCounts messages = Counts.sum(valid);
        return new ArmSummary(arm, ids, validIds, messages, steady && !valid.isEmpty(), Counts.sumWholeRun(runs),
                figures);
    }

    static FigureComparison compare(Figure f, Arm a, Arm b, Summary sa, Summary sb, boolean pairCanCall) {
        ShiftInterval s = f.scale() == Figure.Scale.RATIO ? ShiftInterval.ratio(sa.array(), sb.array())
                : ShiftInterval.difference(sa.array(), sb.array());
        Outcome outcome;
        if (!pairCanCall || !s.canCall()) {
            outcome = Outcome.CANNOT_CALL;
        } else if (!s.excludesNoDifference()) {
            outcome = Outcome.NO_DIFFERENCE;
        } else {
            boolean bHigher = f.scale() == Figure.Scale.RATIO ? s.low() > 1 : s.low() > 0;
            outcome = bHigher == f.lowerIsBetter() ? Outcome.A_BETTER : Outcome.B_BETTER;
        }
        return new FigureComparison(f, a, b, sa, sb, s, outcome, sentence(f, a, b, sa, sb, s, outcome));
    }

    /** The one sentence of a figure's comparison. */
    static String sentence(Figure f, Arm a, Arm b, Summary sa, Summary sb, ShiftInterval s, Outcome o) {
        String values = a.label() + " " + f.format(sa.median()) + ", " + b.label() + " " + f.format(sb.median());
        String runs = sa.n() == sb.n() ? sa.n() + " run" + (sa.n() == 1 ? "" : "s") + " each"
                : sa.n() + " and " + sb.n() + " runs";
        String shift = shift(f, a, b, s);
        return switch (o) {
            case A_BETTER, B_BETTER -> {
                Arm better = o == Outcome.A_BETTER ? a : b;
                Arm worse = better == a ? b : a;
                yield f.label() + ": " + better.label() + " " + magnitude(f, s, better == b) + " than "
                        + worse.label() + " (" + values + "; " + shift + "; " + runs + ")";
            }
            case NO_DIFFERENCE -> f.label() + ": no difference called (" + values + "; " + shift
                    + " includes no difference; " + runs + ")";
            case CANNOT_CALL -> f.label() + ": not called, too few valid runs (" + values
                    + (s.hasInterval() ? "; " + shift : "") + "; " + runs + ")";
        };
    }

    /** "WS h1 / SSE h1 0.880 [0.810 – 0.950], 99.2% interval" or "B − A +0.01 % [...]". */
    static String shift(Figure f, Arm a, Arm b, ShiftInterval s) {
        String name = b.label() + (s.ratio() ? " / " : " − ") + a.label();
        if (!s.hasInterval()) {
            return name + " " + value(f, s, s.estimate());
        }
        return name + " " + value(f, s, s.estimate()) + " [" + value(f, s, s.low()) + " – " + value(f, s, s.high())
                + "], " + s.confidenceLabel() + " interval";
    }

    private static String value(Figure f, ShiftInterval s, double v) {
        return s.ratio() ? String.format(Locale.ROOT, "%.3f", v) : (v >= 0 ? "+" : "") + f.format(v);
    }

    /** "12% lower", "2.5× higher", or for a difference figure (loss) "0.01 percentage points lower". */
    private static String magnitude(Figure f, ShiftInterval s, boolean betterIsB) {
        String dir = f.lowerIsBetter() ? "lower" : "higher";
        if (!s.ratio()) {
            return f.unit() == io.pushbench.analysis.figure.Unit.RATIO
                    ? io.pushbench.analysis.figure.Unit.fixed(Math.abs(s.estimate()) * 100, 2) + " percentage points "
                    + dir : f.format(Math.abs(s.estimate())) + " " + dir;
        }
        double r = betterIsB ? s.estimate() : 1 / s.estimate();   // better / worse
        double pct = Math.abs(1 - r) * 100;
        return (r >= 2 || r <= 0.5 ? String.format(Locale.ROOT, "%.1f×", r >= 1 ? r : 1 / r)
                : String.format(Locale.ROOT, pct >= 9.5 ? "%.0f%%" : "%.1f%%", pct)) + " " + dir;
    }

    static List<String> verdict(List<String> invalid, boolean anyPair, List<ArmSummary> arms,
                                List<String> pairLines) {
        List<String> out = new ArrayList<>();
        if (!invalid.isEmpty()) {
            out.add("NOT VALID: " + invalid.size() + " problem" + (invalid.size() == 1 ? "" : "s")
                    + "; figures use valid runs only and a failed run is not a result:");
            invalid.forEach(r -> out.add("  ! " + r));
        }
        for (ArmSummary a : arms) {
            MessageCounts m = a.messages();
            if (m.lost() > 0 || m.duplicated() > 0) {
                out.add("! " + a.arm().label() + " lost " + String.format(Locale.ROOT, "%,d", m.lost())
                        + " and duplicated " + String.format(Locale.ROOT, "%,d", m.duplicated()) + " of "
                        + String.format(Locale.ROOT, "%,d", m.expected()) + " expected messages"
                        + (a.countsSteady() ? " (steady window)" : " (whole run)"));
            }
        }
        if (!anyPair) {
            out.add("No two comparable arms (same protocol, driver and variant) in these results: nothing compared.");
            return out;
        }
        out.addAll(pairLines);
        return out;
    }

    /** The NO CALL line for a pair of {@code aRuns} and {@code bRuns} valid runs, exactly as every output prints it. */
    public static String cannotCallLine(int aRuns, int bRuns) {
        String runs = aRuns == bRuns ? String.format(Locale.ROOT, "%d valid run%s per arm", aRuns,
                aRuns == 1 ? "" : "s") : String.format(Locale.ROOT, "%d and %d valid runs", aRuns, bRuns);
        return String.format(Locale.ROOT, CANNOT_CALL_LINE, runs);
    }

    /** One pair's verdict lines: the NO CALL line when its runs cannot reach the confidence, else the calls. */
    static List<String> pairVerdict(String prefix, boolean canCall, int aRuns, int bRuns,
                                    List<FigureComparison> pair) {
        List<String> out = new ArrayList<>();
        if (!canCall) {
            out.add(prefix + cannotCallLine(aRuns, bRuns));
            return out;
        }
        List<FigureComparison> called = pair.stream().filter(c -> c.outcome().called()).toList();
        if (called.isEmpty()) {
            out.add(prefix + "No difference called.");
        } else {
            out.add(prefix + "Called:");
            called.forEach(c -> out.add("  + " + c.sentence()));
        }
        List<String> none = pair.stream().filter(c -> c.outcome() == Outcome.NO_DIFFERENCE)
                .map(c -> c.figure().label()).toList();
        if (!none.isEmpty()) {
            out.add(prefix + "No difference called for: " + String.join(", ", none) + ".");
        }
        List<String> cannot = pair.stream().filter(c -> c.outcome() == Outcome.CANNOT_CALL)
                .map(c -> c.figure().label()).toList();
        if (!cannot.isEmpty()) {
            out.add(prefix + "Too few valid runs to call: " + String.join(", ", cannot) + ".");
        }
        return out;
    }
}
