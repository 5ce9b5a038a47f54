package io.pushbench.reports.gate;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.figure.Unit;
import io.pushbench.analysis.stats.ShiftInterval;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.reports.gate.GateCheck.Status;
import io.pushbench.reports.jmh.JmhScore;
import io.pushbench.reports.model.ArmView;
import io.pushbench.reports.model.Fmt;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.RunView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares current results with a {@link Baseline}: every headline figure of every baseline arm, with the same rank
 * statistics as the verdict, plus validity, delivery, loss and JMH.
 *
 * <pre>{@code
 * List<GateCheck> checks = Gate.evaluate(baseline, ReportModelLoader.load(dir), GateOptions.builder().build());
 * boolean failed = checks.stream().anyMatch(c -> c.status() == GateCheck.Status.FAIL);
 * }</pre>
 *
 * <p>Rules:
 * <ul>
 *   <li><b>Figures</b> (all of {@link Figure#HEADLINE} but loss): the shift of current against baseline is
 *       {@link ShiftInterval#of(double[], double[], boolean, double) ShiftInterval.of(baseline, current, ratio,
 *       0.01)}, a Hodges–Lehmann estimate over all baseline × current pairs with the exact Mann–Whitney bound. A
 *       figure regresses when the bound on the worse side excludes "no change" (worse at >= 99% one-sided
 *       confidence) <em>and</em> the estimate is beyond the figure's tolerance. Because the bound uses every pairwise
 *       difference, one disturbed baseline run moves it by at most n ranks (n = current runs) instead of widening
 *       a min–max range to that run. When the numbers of runs cannot reach 99% one-sided, the check is SKIP with that reason, never PASS.</li>
 *   <li><b>Loss</b> is not noise: any run over the per-run limit fails (steady-window counts).</li>
 *   <li><b>Duplicates</b> (runs with injected faults only): any run that delivered a message twice fails.</li>
 *   <li><b>Delivery</b>: a run that delivered nothing fails, whatever {@code allowInvalid} says.</li>
 *   <li><b>Validity</b>: invalid or incomplete current results fail, or are SKIP with {@code allowInvalid}.</li>
 *   <li><b>JMH</b>: a score regresses when even the ends of the two error bars (score ± JMH's error) are further
 *       apart than the tolerance. A score without an error estimate is refused ({@link GateInputException}) unless
 *       {@code allowJmhWithoutError}, which makes it SKIP: a score alone is never gated.</li>
 * </ul>
 */
public final class Gate {
    /** One tail of the gate's one-sided question "worse than the baseline?": 99% one-sided confidence. */
    public static final double ONE_SIDED_TAIL = 0.01;

    private Gate() {
    }

    /**
     * Runs every check.
     *
     * @throws GateInputException when the configurations differ, the current results lack a baseline arm, or a JMH
     *                            score has no error estimate and {@link GateOptions#allowJmhWithoutError()} is off
     */
    public static List<GateCheck> evaluate(Baseline baseline, ReportModel current, GateOptions options)
            throws GateInputException {
        Baseline.Fingerprint now = Baselines.fingerprint(current);
        if (!now.sha256().equals(baseline.fingerprint().sha256())) {
            throw new GateInputException("configuration differs from the baseline: "
                    + differences(baseline.fingerprint(), now));
        }
        List<GateCheck> checks = new ArrayList<>();
        String reasons = current.invalidReasons().isEmpty() ? "incomplete or invalid"
                : String.join("; ", current.invalidReasons());
        checks.add(current.valid() ? new GateCheck(Status.PASS, "results", "valid", "complete and every run valid")
                : options.allowInvalid() ? new GateCheck(Status.SKIP, "results", "valid", reasons
                + " (allowed by --allow-invalid)") : new GateCheck(Status.FAIL, "results", "valid", reasons));
        for (ArmView a : current.arms()) {
            checks.add(delivered(a, current));
        }
        for (Baseline.ArmEntry ba : baseline.arms()) {
            ArmView a = current.arm(ba.key());
            if (a == null) {
                throw new GateInputException("current results have no arm " + ba.key() + " (the baseline has it)");
            }
            for (Figure f : Figure.HEADLINE) {
                if (f == Figure.DUPLICATES) {
                    duplicates(a, current).ifPresent(checks::add);
                } else if (Figure.RECONNECTION.contains(f) && !ba.figures().containsKey(f.key())
                        && a.figure(f) == null) {
                    continue;   // steady load on both sides: no reconnection figure to gate
                } else {
                    checks.add(f == Figure.LOSS ? loss(a, current, options) : figure(f, ba, a, options));
                }
            }
        }
        checks.addAll(jmh(baseline, current, options));
        return List.copyOf(checks);
    }

    /** A run that delivered nothing measured nothing: it fails even when invalid runs are allowed. */
    private static GateCheck delivered(ArmView a, ReportModel current) {
        List<String> empty = new ArrayList<>();
        for (String id : a.runIds()) {
            RunView r = current.run(id);
            if (r.messages() == null || r.messages().delivered() == 0) {
                empty.add(id + " delivered nothing" + (r.messages() == null ? " (no message accounting)"
                        : " (0 of " + Unit.fixed(r.messages().expected(), 0) + " expected"
                        + (r.messagesSteady() ? ", steady window)" : ", whole run)")));
            }
        }
        return empty.isEmpty()
                ? new GateCheck(Status.PASS, a.key(), "delivered", "every run delivered messages ("
                + a.runIds().size() + " run" + (a.runIds().size() == 1 ? "" : "s") + ")")
                : new GateCheck(Status.FAIL, a.key(), "delivered", String.join("; ", empty)
                + ": a run that delivered nothing never passes");
    }

    private static GateCheck figure(Figure f, Baseline.ArmEntry ba, ArmView a, GateOptions o)
            throws GateInputException {
        Baseline.FigureValues base = ba.figures().get(f.key());
        Summary cur = a.figure(f);
        if (base == null || base.values().isEmpty() || cur == null) {
            return new GateCheck(Status.SKIP, a.key(), f.label(), (base == null || base.values().isEmpty()
                    ? "the baseline has no " : "no valid current run has ") + f.label());
        }
        try {
            return figure(f, a.key(), base.values().stream().mapToDouble(Double::doubleValue).toArray(), cur, o);
        } catch (IllegalArgumentException e) {
            throw new GateInputException("baseline " + ba.key() + " " + f.label() + ": " + e.getMessage());
        }
    }

    /**
     * One ratio figure of one arm: the one-sided rank test of the current runs' values against the baseline's, then
     * the tolerance.
     *
     * @throws IllegalArgumentException when a value is not a positive finite number
     */
    static GateCheck figure(Figure f, String arm, double[] b, Summary cur, GateOptions o) {
        if (f.scale() != Figure.Scale.RATIO) {
            // The limits below are ratios (1 +- tolerance); loss, a difference figure, is a per-run limit instead.
            throw new IllegalArgumentException(f.label() + " is not a ratio figure; the gate limits it per run");
        }
        String name = f.label();
        ShiftInterval s = ShiftInterval.of(b, cur.array(), f.scale() == Figure.Scale.RATIO, ONE_SIDED_TAIL);
        double tolerance = o.tolerance(f);
        boolean higherIsWorse = f.lowerIsBetter();
        double limit = higherIsWorse ? 1 + tolerance : 1 - tolerance;
        String values = f.format(cur.median()) + " (" + runs(cur.n()) + ") vs baseline " + f.format(Summary.median(b))
                + " (" + runs(b.length) + ")";
        String limitText = (higherIsWorse ? "+" : "-") + Fmt.percent(tolerance).substring(1);
        if (!s.canCall()) {
            return new GateCheck(Status.SKIP, arm, name, values + ", current/baseline " + ratio(s.estimate())
                    + ": not gated, " + b.length + " and " + cur.n() + " valid runs cannot reach 99% one-sided "
                    + "confidence (5 runs each can)");
        }
        double bound = higherIsWorse ? s.low() : s.high();   // the end of the interval nearest "no change"
        boolean worse = higherIsWorse ? bound > 1 : bound < 1;
        boolean beyond = higherIsWorse ? s.estimate() > limit : s.estimate() < limit;
        String shift = "current/baseline " + ratio(s.estimate()) + ", " + (higherIsWorse ? ">= " : "<= ")
                + ratio(bound) + " at " + ShiftInterval.percent(s.oneSidedConfidence()) + " one-sided (limit "
                + limitText + ")";
        String why = worse && beyond ? "regression"
                : worse ? "worse, but within tolerance"
                : beyond ? "beyond tolerance but not confirmed at 99% one-sided (noise not excluded)"
                : "no worsening beyond tolerance";
        return new GateCheck(worse && beyond ? Status.FAIL : Status.PASS, arm, name, values + ", " + shift
                + ": " + why);
    }

    private static String runs(int n) {
        return n + " run" + (n == 1 ? "" : "s");
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }


    /** Loss per run over the steady window (every run of the arm, valid or not): any run over the limit fails. */
    private static GateCheck loss(ArmView a, ReportModel current, GateOptions o) {
        List<String> over = new ArrayList<>();
        long worst = 0;
        boolean steady = true;
        for (String id : a.runIds()) {
            RunView r = current.run(id);
            if (r.messages() == null) {
                continue;
            }
            steady &= r.messagesSteady();
            long lost = r.messages().lost();
            worst = Math.max(worst, lost);
            boolean tooMany = Double.isNaN(o.maxLossRatio()) ? lost > o.maxLostMessages()
                    : r.messages().expected() > 0 && (double) lost / r.messages().expected() > o.maxLossRatio();
            if (tooMany) {
                over.add(id + " lost " + Unit.fixed(lost, 0) + " of " + Unit.fixed(r.messages().expected(), 0));
            }
        }
        String limit = " (limit " + o.lossLimit() + " per run, " + (steady ? "steady window" : "whole run") + ")";
        return over.isEmpty()
                ? new GateCheck(Status.PASS, a.key(), Figure.LOSS.label(), "worst run lost " + Unit.fixed(worst, 0)
                + limit)
                : new GateCheck(Status.FAIL, a.key(), Figure.LOSS.label(), String.join("; ", over) + limit);
    }

    /**
     * Duplicates after a resume are a correctness failure, not noise: any current run of a fault scenario that
     * delivered a message twice fails. Runs without faults have no such figure and give no check.
     */
    private static java.util.Optional<GateCheck> duplicates(ArmView a, ReportModel current) {
        List<String> over = new ArrayList<>();
        boolean any = false;
        for (String id : a.runIds()) {
            RunView r = current.run(id);
            if (r.messages() == null || r.recovery() == null) {
                continue;
            }
            any = true;
            if (r.messages().duplicated() > 0) {
                over.add(id + " duplicated " + Unit.fixed(r.messages().duplicated(), 0));
            }
        }
        if (!any) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(over.isEmpty()
                ? new GateCheck(Status.PASS, a.key(), Figure.DUPLICATES.label(), "no run delivered a message twice")
                : new GateCheck(Status.FAIL, a.key(), Figure.DUPLICATES.label(), String.join("; ", over)
                + " (limit 0 per run)"));
    }

    private static List<GateCheck> jmh(Baseline baseline, ReportModel current, GateOptions o)
            throws GateInputException {
        if (baseline.jmh().isEmpty()) {
            return List.of();
        }
        if (current.jmh() == null) {
            return List.of(new GateCheck(Status.SKIP, "jmh", "per-message cost",
                    "the baseline has JMH scores but the current results have no jmh/jmh-results.json"));
        }
        Map<String, JmhScore> now = new LinkedHashMap<>();
        Baselines.allScores(current.jmh()).forEach(s -> now.put(s.key(), s));
        List<GateCheck> out = new ArrayList<>();
        List<String> withoutError = new ArrayList<>();
        for (Baseline.JmhEntry b : baseline.jmh()) {
            JmhScore c = now.get(b.key());
            if (c == null) {
                out.add(new GateCheck(Status.SKIP, "jmh", b.key(), "not in the current JMH results"));
                continue;
            }
            if (!Objects.equals(c.unit(), b.unit())) {
                out.add(new GateCheck(Status.SKIP, "jmh", b.key(), "unit changed from " + b.unit() + " to "
                        + c.unit()));
                continue;
            }
            boolean baseHasError = b.error() != null && Double.isFinite(b.error());
            boolean curHasError = Double.isFinite(c.error());
            if (!baseHasError || !curHasError) {
                String which = !baseHasError && !curHasError ? "baseline and current" : !baseHasError ? "baseline"
                        : "current";
                withoutError.add(b.key() + " (" + which + ")");
                out.add(new GateCheck(Status.SKIP, "jmh", b.key(), "no JMH error estimate in the " + which
                        + " result (a single iteration): not gated on the score alone"));
            } else {
                out.add(score(b, c, o));
            }
            if (b.allocBytesPerOp() != null && c.allocBytesPerOp() != null) {
                out.add(allocation(b, c, o));
            }
        }
        if (!withoutError.isEmpty() && !o.allowJmhWithoutError()) {
            throw new GateInputException("JMH results without an error estimate (one iteration, e.g. --quick) cannot "
                    + "be gated: " + withoutError.get(0) + (withoutError.size() > 1 ? " and " + (withoutError.size()
                    - 1) + " more" : "") + "; run JMH with several iterations or pass --allow-jmh-without-error to "
                    + "skip them");
        }
        return out;
    }

    /**
     * A JMH score regresses when the ends of the two error bars nearest each other are still further apart than the
     * tolerance: for time per operation, {@code (score - error) / (baseScore + baseError) > 1 + tolerance}.
     */
    private static GateCheck score(Baseline.JmhEntry b, JmhScore c, GateOptions o) {
        boolean higherBetter = c.higherIsBetter();
        double bErr = b.error();
        double cErr = c.error();
        double change = c.score() / b.score() - 1;
        double closest = higherBetter ? (c.score() + cErr) / (b.score() - bErr) : (c.score() - cErr)
                / (b.score() + bErr);
        boolean fail = higherBetter ? b.score() - bErr > 0 && closest < 1 - o.maxJmhRegression()
                : closest > 1 + o.maxJmhRegression();
        String detail = Fmt.score(c.score()) + " ± " + Fmt.score(cErr) + " " + c.unit() + " vs baseline "
                + Fmt.score(b.score()) + " ± " + Fmt.score(bErr) + ", " + Fmt.percent(change) + ", "
                + Fmt.percent(closest - 1) + " between the error bars (limit " + (higherBetter ? "-" : "+")
                + Fmt.percent(o.maxJmhRegression()).substring(1) + ")" + (fail ? ": regression"
                : Math.abs(change) > o.maxJmhRegression() ? ": within the error bars" : "");
        return new GateCheck(fail ? Status.FAIL : Status.PASS, "jmh", b.key(), detail);
    }

    /**
     * Allocation per operation hardly depends on machine load, so it is gated even where timings are too noisy:
     * a regression is an increase beyond the tolerance plus {@value #ALLOC_SLACK_BYTES} bytes (TLAB and profiler
     * rounding).
     */
    private static GateCheck allocation(Baseline.JmhEntry b, JmhScore c, GateOptions o) {
        double base = b.allocBytesPerOp();
        double now = c.allocBytesPerOp();
        double limit = base * (1 + o.maxJmhRegression()) + ALLOC_SLACK_BYTES;
        boolean fail = now > limit;
        return new GateCheck(fail ? Status.FAIL : Status.PASS, "jmh", b.key() + " alloc",
                Fmt.score(now) + " B/op vs baseline " + Fmt.score(base) + " B/op (limit " + Fmt.score(limit) + " B/op)"
                        + (fail ? ": regression" : ""));
    }

    /** Bytes per operation of allocation noise tolerated on top of the relative tolerance. */
    static final int ALLOC_SLACK_BYTES = 16;

    private static String differences(Baseline.Fingerprint base, Baseline.Fingerprint now) {
        List<String> diffs = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(base.config().keySet());
        keys.addAll(now.config().keySet());
        for (String k : keys) {
            Object a = base.config().get(k);
            Object b = now.config().get(k);
            if (!String.valueOf(a).equals(String.valueOf(b))) {
                diffs.add(k + " " + a + " -> " + b);
            }
        }
        TreeSet<String> groups = new TreeSet<>(base.groups().keySet());
        groups.addAll(now.groups().keySet());
        for (String g : groups) {
            Integer a = base.groups().get(g);
            Integer b = now.groups().get(g);
            if (!Objects.equals(a, b)) {
                diffs.add(a == null ? "new arm " + g : b == null ? "missing arm " + g
                        : g + " connections " + a + " -> " + b);
            }
        }
        return diffs.isEmpty() ? "fingerprint " + base.sha256().substring(0, 12) + " -> " + now.sha256()
                .substring(0, 12) : String.join(", ", diffs);
    }
}
