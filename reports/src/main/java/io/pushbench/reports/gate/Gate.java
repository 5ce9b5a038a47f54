package io.pushbench.reports.gate;

import io.pushbench.reports.gate.GateCheck.Status;
import io.pushbench.reports.jmh.JmhScore;
import io.pushbench.reports.model.Fmt;
import io.pushbench.reports.model.GroupView;
import io.pushbench.reports.model.Metric;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.RunView;
import io.pushbench.reports.model.Spread;
import io.pushbench.reports.model.Views.Figure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares current results with a {@link Baseline}.
 *
 * <pre>{@code
 * List<GateCheck> checks = Gate.evaluate(baseline, ReportModelLoader.load(dir), GateOptions.builder().build());
 * boolean failed = checks.stream().anyMatch(c -> c.status() == GateCheck.Status.FAIL);
 * }</pre>
 *
 * <p>Noise must not fail a build, so a figure regresses only when both hold: its current median is beyond the
 * tolerance from the baseline median, <em>and</em> the current 95% interval lies entirely beyond the baseline's
 * (the interval ranges of the repeats do not overlap). Loss is not noise: any run over the limit fails.
 * JMH scores regress when beyond the tolerance and their score ± error ranges do not overlap; JMH allocation per
 * operation (gc profiler) regresses when beyond the tolerance plus a small slack.
 */
public final class Gate {
    private Gate() {
    }

    /**
     * Runs every check.
     *
     * @throws GateInputException when the configurations differ or the current results lack a baseline group
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
        for (Baseline.Group bg : baseline.groups()) {
            GroupView g = current.group(bg.key());
            if (g == null) {
                throw new GateInputException("current results have no " + bg.key() + " (the baseline has it)");
            }
            checks.add(higherIsWorse(bg, g, Metric.LATENCY_P99, options.maxP99Regression()));
            checks.add(lowerIsWorse(bg, g, Metric.THROUGHPUT, options.maxThroughputDrop()));
            checks.add(loss(g, current, options));
        }
        checks.addAll(jmh(baseline, current, options));
        return List.copyOf(checks);
    }

    private static GateCheck higherIsWorse(Baseline.Group bg, GroupView g, Metric m, double tolerance) {
        Spread base = bg.figures().get(m.key());
        Figure cur = g.figure(m);
        if (base == null || cur == null) {
            return new GateCheck(Status.SKIP, g.key(), m.label(), (base == null ? "baseline" : "current")
                    + " has no " + m.label());
        }
        Spread c = cur.spread();
        double limit = base.median() * (1 + tolerance);
        boolean beyondTolerance = c.median() > limit;
        boolean beyondSpread = c.ciLow() > base.ciHigh();
        return new GateCheck(beyondTolerance && beyondSpread ? Status.FAIL : Status.PASS, g.key(), m.label(),
                describe(m, c, base, tolerance, "+", beyondTolerance, beyondSpread));
    }

    private static GateCheck lowerIsWorse(Baseline.Group bg, GroupView g, Metric m, double tolerance) {
        Spread base = bg.figures().get(m.key());
        Figure cur = g.figure(m);
        if (base == null || cur == null) {
            return new GateCheck(Status.SKIP, g.key(), m.label(), (base == null ? "baseline" : "current")
                    + " has no " + m.label());
        }
        Spread c = cur.spread();
        double limit = base.median() * (1 - tolerance);
        boolean beyondTolerance = c.median() < limit;
        boolean beyondSpread = c.ciHigh() < base.ciLow();
        return new GateCheck(beyondTolerance && beyondSpread ? Status.FAIL : Status.PASS, g.key(), m.label(),
                describe(m, c, base, tolerance, "-", beyondTolerance, beyondSpread));
    }

    private static String describe(Metric m, Spread c, Spread base, double tolerance, String sign,
                                   boolean beyondTolerance, boolean beyondSpread) {
        String u = m.unit();
        String change = base.median() == 0 ? "n/a" : Fmt.percent(c.median() / base.median() - 1);
        String why = beyondTolerance && beyondSpread ? "regression beyond tolerance and spread"
                : beyondTolerance ? "beyond tolerance but within the baseline's spread (noise)"
                : "within tolerance";
        return Fmt.value(c.median(), u) + " [" + Fmt.value(c.ciLow(), u) + " – " + Fmt.value(c.ciHigh(), u)
                + "] vs baseline " + Fmt.value(base.median(), u) + " [" + Fmt.value(base.ciLow(), u) + " – "
                + Fmt.value(base.ciHigh(), u) + "], " + change + " (limit " + sign
                + Fmt.fixed(tolerance * 100, 1) + "%): " + why;
    }

    private static GateCheck loss(GroupView g, ReportModel current, GateOptions o) {
        List<String> over = new ArrayList<>();
        long worst = 0;
        for (String id : g.runIds()) {
            RunView r = current.run(id);
            if (r.messages() == null) {
                continue;
            }
            long lost = r.messages().lost();
            worst = Math.max(worst, lost);
            boolean tooMany = Double.isNaN(o.maxLossRatio()) ? lost > o.maxLostMessages()
                    : r.messages().expected() > 0 && (double) lost / r.messages().expected() > o.maxLossRatio();
            if (tooMany) {
                over.add(id + " lost " + lost + " of " + r.messages().expected());
            }
        }
        return over.isEmpty()
                ? new GateCheck(Status.PASS, g.key(), "loss", "worst run lost " + worst + " (limit " + o.lossLimit()
                + " per run)")
                : new GateCheck(Status.FAIL, g.key(), "loss", String.join("; ", over) + " (limit " + o.lossLimit()
                + " per run)");
    }

    private static List<GateCheck> jmh(Baseline baseline, ReportModel current, GateOptions o) {
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
            boolean higherBetter = c.higherIsBetter();
            double change = c.score() / b.score() - 1;
            // Without an error estimate (a single iteration) the score alone decides.
            double bErr = b.error() == null || b.error().isNaN() ? 0 : b.error();
            double cErr = Double.isNaN(c.error()) ? 0 : c.error();
            boolean beyondTolerance = higherBetter ? change < -o.maxJmhRegression() : change > o.maxJmhRegression();
            boolean beyondError = higherBetter ? c.score() + cErr < b.score() - bErr
                    : c.score() - cErr > b.score() + bErr;
            String detail = Fmt.score(c.score()) + " ± " + Fmt.score(c.error()) + " " + c.unit() + " vs baseline "
                    + Fmt.score(b.score()) + " ± " + Fmt.score(b.error() == null ? Double.NaN : b.error()) + ", "
                    + Fmt.percent(change) + " (limit "
                    + (higherBetter ? "-" : "+") + Fmt.fixed(o.maxJmhRegression() * 100, 1) + "%)"
                    + (beyondTolerance && beyondError ? ": regression" : beyondTolerance ? ": within error" : "");
            out.add(new GateCheck(beyondTolerance && beyondError ? Status.FAIL : Status.PASS, "jmh", b.key(),
                    detail));
            if (b.allocBytesPerOp() != null && c.allocBytesPerOp() != null) {
                out.add(allocation(b, c, o));
            }
        }
        return out;
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
                diffs.add(a == null ? "new group " + g : b == null ? "missing group " + g
                        : g + " connections " + a + " -> " + b);
            }
        }
        return diffs.isEmpty() ? "fingerprint " + base.sha256().substring(0, 12) + " -> " + now.sha256()
                .substring(0, 12) : String.join(", ", diffs);
    }
}
