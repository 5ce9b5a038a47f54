package io.pushbench.reports.model;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.figure.Unit;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Recovery;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.analysis.verdict.Arm;
import io.pushbench.reports.model.Views.ScenarioRun;
import io.pushbench.wire.Transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The Reconnection section of a report, formatted once for both templates: per scenario case (drop-abort, restart,
 * slow...), the arms that went through it side by side — the faults, how many subscribers they hit, reconnect and
 * recovery times, time until all were back, lost, duplicated and replayed messages, resume correctness and whether
 * SSE honoured {@code retry:} — plus, for the charts, each arm's timeline run and the percentiles to draw. Null for a
 * report without scenario runs, which then stays exactly as it was.
 *
 * <pre>{@code
 * ReconnectionView v = ReconnectionView.of(model);   // null: no run went through a scenario
 * v.cases().get(0).scenario();                        // "drop-abort"
 * v.cases().get(0).rows().get(0).cells();             // one cell per arm: "3 (3 valid)", ...
 * }</pre>
 *
 * <p>Aggregation is the rest of the report's: each figure is the <em>median over the arm's valid runs</em>, followed
 * by every valid run's value in run order; recovery p50/p99 and all back are the very {@link Figure} values the
 * summary and the comparison use. Only "never came back" looks at every run, valid or not (such a run has usually
 * lost messages and is invalid, which must not hide it). Nothing here computes a figure the runs do not carry.
 *
 * @param cases one per scenario case, in the order its arms first appear in the comparison
 */
public record ReconnectionView(List<CaseView> cases) {
    /** Chart id prefixes: the chart of case {@code c} is {@code prefix + c}. */
    public static final String TIMELINE_CHART = "reconnect-", RECOVERY_CHART = "recovery-", SLOW_CHART = "slow-group-";

    public ReconnectionView {
        cases = List.copyOf(cases);
    }

    /**
     * One scenario case.
     *
     * @param scenario   the case name ("drop-abort")
     * @param summary    what the case does, one sentence from the runs ("" when they do not say)
     * @param policy     how the subscribers paced reconnects, in words (null without recovery figures)
     * @param armHeaders the arms' labels without the case name, in comparison order
     * @param rows       the figures, one cell per arm
     * @param slowHeaders column headers of the slow-group table (two per arm), empty without a slow group
     * @param slowRows   the slow group's latency next to the other subscribers', empty without a slow group
     * @param notes      what the reader must know: runs left out of the figures, arms without a valid run
     * @param arms       the numbers behind the charts, one per arm
     * @param charts     the ids of this case's charts (see the prefixes), in display order
     */
    public record CaseView(String scenario, String summary, String policy, List<String> armHeaders, List<Row> rows,
                           List<String> slowHeaders, List<Row> slowRows, List<String> notes, List<ArmCase> arms,
                           List<String> charts) {
        public CaseView {
            armHeaders = List.copyOf(armHeaders);
            rows = List.copyOf(rows);
            slowHeaders = List.copyOf(slowHeaders);
            slowRows = List.copyOf(slowRows);
            notes = List.copyOf(notes);
            arms = List.copyOf(arms);
            charts = List.copyOf(charts);
        }
    }

    /** One row of a table: a label and one cell per column. */
    public record Row(String label, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /**
     * What the charts draw for one arm of a case.
     *
     * @param key               {@link Arm#key()}
     * @param label             the arm's label without the case name ("SSE h1 jetty")
     * @param timelineRun       the run the timeline shows: the valid run with the median recovery p50 (the lower
     *                          middle for an even count; all runs when none is valid), or the report's
     *                          representative run (median p99) when no run has recovery figures
     * @param faults            that run's faults, in order (empty without recovery figures)
     * @param recoveryUs        fault to first message: p50, p90, p99, max, each the median over the valid runs
     *                          (null entries where no valid run has it; null without recovery figures)
     * @param othersLatencyUs   scenario slow: the other subscribers' latency (the headline) p50, p99, p99.9, max,
     *                          medians over the valid runs; null without a slow group
     * @param slowLatencyUs     the slow group's latency at the same percentiles; null without a slow group
     */
    public record ArmCase(String key, String label, String timelineRun, List<Recovery.Fault> faults,
                          List<Double> recoveryUs, List<Double> othersLatencyUs, List<Double> slowLatencyUs) {
    }

    /** The ids of every chart of the section. */
    public Set<String> chartIds() {
        Set<String> ids = new LinkedHashSet<>();
        cases.forEach(c -> ids.addAll(c.charts()));
        return ids;
    }

    /**
     * The section of {@code m}; null when no arm went through a scenario (no run has a scenario, a Recovery or a
     * slow group).
     */
    public static ReconnectionView of(ReportModel m) {
        Map<String, List<ArmView>> byCase = new LinkedHashMap<>();
        for (ArmView a : m.arms()) {
            String scenario = a.summary().arm().scenario();
            if (scenario == null && runs(m, a.runIds()).stream().noneMatch(r -> r.recovery() != null
                    || r.scenario() != null)) {
                continue;
            }
            byCase.computeIfAbsent(scenario == null ? "unnamed-scenario" : scenario, k -> new ArrayList<>()).add(a);
        }
        if (byCase.isEmpty()) {
            return null;
        }
        List<CaseView> cases = new ArrayList<>();
        byCase.forEach((name, arms) -> cases.add(caseView(m, name, arms)));
        return new ReconnectionView(cases);
    }

    private static CaseView caseView(ReportModel m, String name, List<ArmView> arms) {
        List<ArmCase> armCases = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        boolean anyRecovery = false;
        boolean anySlow = false;
        for (ArmView a : arms) {
            List<RunView> all = runs(m, a.runIds());
            anyRecovery |= all.stream().anyMatch(r -> r.recovery() != null);
            anySlow |= all.stream().anyMatch(r -> slowLatency(r) != null);
            headers.add(label(a));
        }
        List<Row> rows = new ArrayList<>();
        rows.add(row("runs", arms, a -> a.runIds().size() + " (" + a.validRunIds().size() + " valid)"));
        Map<String, String> timelineRuns = new LinkedHashMap<>();
        for (ArmView a : arms) {
            timelineRuns.put(a.key(), timelineRun(m, a));
        }
        rows.add(row(anyRecovery ? "timeline run (median recovery p50)" : "timeline run (median p99)", arms,
                a -> timelineRuns.get(a.key())));
        String policy = null;
        if (anyRecovery) {
            rows.add(row("faults (timeline run)", arms, a -> faults(m.run(timelineRuns.get(a.key())))));
            rows.add(row("affected subscribers", arms, a -> count(valid(m, a), rec(Recovery::affected))));
            rows.add(row("reconnect p50 (fault → handshake)", arms,
                    a -> time(valid(m, a), recTime(Recovery::reconnectUs, Percentiles::p50))));
            rows.add(row("reconnect p99", arms, a -> time(valid(m, a), recTime(Recovery::reconnectUs,
                    Percentiles::p99))));
            rows.add(row("reconnect max", arms, a -> time(valid(m, a), recTime(Recovery::reconnectUs,
                    Percentiles::max))));
            rows.add(row("recovery p50 (fault → first message)", arms,
                    a -> time(valid(m, a), figure(Figure.RECOVERY_P50))));
            rows.add(row("recovery p90", arms, a -> time(valid(m, a), recTime(Recovery::recoveryUs,
                    Percentiles::p90))));
            rows.add(row("recovery p99", arms, a -> time(valid(m, a), figure(Figure.RECOVERY_P99))));
            rows.add(row("recovery max", arms, a -> time(valid(m, a), recTime(Recovery::recoveryUs,
                    Percentiles::max))));
            rows.add(row("all back (fault → the last one's first message)", arms, a -> allBack(m, a)));
            rows.add(row("lost (steady window)", arms, a -> count(valid(m, a),
                    r -> r.messages() == null ? null : (double) r.messages().lost())));
            rows.add(row("duplicated (steady window)", arms, a -> count(valid(m, a),
                    r -> r.messages() == null ? null : (double) r.messages().duplicated())));
            rows.add(row("replayed (served from the replay)", arms, a -> count(valid(m, a),
                    rec(Recovery::replayed))));
            rows.add(row("resume mismatches / resumes checked", arms, a -> resumes(valid(m, a))));
            rows.add(row("SSE retry: honoured", arms, a -> retry(a, valid(m, a))));
            // the server while everyone comes back (10 s after the fault, from its /metrics polls)
            rows.add(row("server accepts/s, highest (10 s after the fault)", arms, a -> count(valid(m, a),
                    r -> r.scenario() == null ? null : r.scenario().acceptsPerSecMax())));
            rows.add(row("server CPU, highest (cores)", arms, a -> cell(values(valid(m, a),
                    r -> r.scenario() == null ? null : r.scenario().cpuCoresMax()), v -> Unit.fixed(v, 2))));
            rows.add(row("server heap, highest", arms, a -> cell(values(valid(m, a),
                    r -> r.scenario() == null ? null : r.scenario().heapUsedBytesMax()), Unit.BYTES::format)));
            policy = policy(arms.stream().flatMap(a -> runs(m, a.runIds()).stream()).map(RunView::recovery)
                    .filter(Objects::nonNull).map(Recovery::reconnectPolicy).filter(Objects::nonNull).toList());
        }

        List<String> slowHeaders = new ArrayList<>();
        List<Row> slowRows = new ArrayList<>();
        if (anySlow) {
            for (ArmView a : arms) {
                slowHeaders.add(label(a) + ": the others (headline)");
                slowHeaders.add(label(a) + ": slow group");
            }
            slowRows.add(pairRow("subscribers", arms, a -> count(valid(m, a), r -> r.scenario() == null
                            || r.scenario().slowSubscribers() == null ? null
                            : (double) (r.connections() - r.scenario().slowSubscribers())),
                    a -> count(valid(m, a), r -> r.scenario() == null || r.scenario().slowSubscribers() == null
                            ? null : r.scenario().slowSubscribers().doubleValue())));
            List<Figure> others = List.of(Figure.LATENCY_P50, Figure.LATENCY_P99, Figure.LATENCY_P999,
                    Figure.LATENCY_MAX);
            List<ToDoubleFunction<Percentiles>> slow = List.of(Percentiles::p50, Percentiles::p99,
                    Percentiles::p999, Percentiles::max);
            for (int i = 0; i < others.size(); i++) {
                Figure f = others.get(i);
                ToDoubleFunction<Percentiles> p = slow.get(i);
                slowRows.add(pairRow("latency " + f.label(), arms, a -> time(valid(m, a), figure(f)),
                        a -> time(valid(m, a), r -> slowLatency(r) == null ? null
                                : positive(p.applyAsDouble(slowLatency(r))))));
            }
        }

        for (ArmView a : arms) {
            List<RunView> valid = valid(m, a);
            List<Double> recovery = null;
            if (anyRecovery) {
                recovery = Arrays.asList(median(valid, figure(Figure.RECOVERY_P50)),
                        median(valid, recTime(Recovery::recoveryUs, Percentiles::p90)),
                        median(valid, figure(Figure.RECOVERY_P99)),
                        median(valid, recTime(Recovery::recoveryUs, Percentiles::max)));
            }
            List<Double> othersLatency = null;
            List<Double> slowLatency = null;
            if (anySlow) {
                othersLatency = Arrays.asList(median(valid, figure(Figure.LATENCY_P50)),
                        median(valid, figure(Figure.LATENCY_P99)), median(valid, figure(Figure.LATENCY_P999)),
                        median(valid, figure(Figure.LATENCY_MAX)));
                slowLatency = Arrays.asList(median(valid, slow(Percentiles::p50)),
                        median(valid, slow(Percentiles::p99)), median(valid, slow(Percentiles::p999)),
                        median(valid, slow(Percentiles::max)));
            }
            RunView timeline = m.run(timelineRuns.get(a.key()));
            Recovery rec = timeline == null ? null : timeline.recovery();
            armCases.add(new ArmCase(a.key(), label(a), timelineRuns.get(a.key()),
                    rec == null ? List.of() : rec.faults(), recovery, othersLatency, slowLatency));
        }

        List<String> notes = new ArrayList<>();
        for (ArmView a : arms) {
            if (a.validRunIds().isEmpty()) {
                notes.add("No valid run for " + label(a) + ": figures come from valid runs only, so none is shown; "
                        + "its timeline shows " + timelineRuns.get(a.key()) + " (not valid).");
            }
        }
        for (ArmView a : arms) {
            for (RunView r : runs(m, a.runIds())) {
                if (!r.valid()) {
                    notes.add("Not in the figures: " + r.id() + " (invalid: " + String.join("; ", r.invalidReasons())
                            + ").");
                }
            }
        }
        List<String> charts = new ArrayList<>();
        charts.add(TIMELINE_CHART + name);
        if (anyRecovery) {
            charts.add(RECOVERY_CHART + name);
        }
        if (anySlow) {
            charts.add(SLOW_CHART + name);
        }
        String summary = arms.stream().flatMap(a -> runs(m, a.runIds()).stream()).map(RunView::scenario)
                .filter(s -> s != null && s.summary() != null).map(ScenarioRun::summary).findFirst().orElse("");
        return new CaseView(name, summary, policy, headers, rows, slowHeaders, slowRows, notes, armCases, charts);
    }

    /** The arm's label without the case name: "SSE h1 jetty" for "SSE h1 jetty drop-abort". */
    static String label(ArmView a) {
        Arm arm = a.summary().arm();
        return new Arm(arm.transport(), arm.protocol(), arm.driver(), arm.variant(), arm.name(), null).label();
    }

    /**
     * The run an arm's timeline shows: among its valid runs (all runs when none is valid) with recovery figures, the
     * one with the median recovery p50 (lower middle for an even count, ties by repeat); without recovery figures the
     * report's representative run (median p99).
     */
    static String timelineRun(ReportModel m, ArmView a) {
        List<RunView> pool = runs(m, a.validRunIds().isEmpty() ? a.runIds() : a.validRunIds()).stream()
                .filter(r -> r.recovery() != null).toList();
        if (pool.isEmpty()) {
            return a.representativeRun();
        }
        List<RunView> sorted = pool.stream()
                .sorted(Comparator.comparingDouble((RunView r) -> {
                    Double v = r.figures().get(Figure.RECOVERY_P50.key());
                    return v == null ? 0 : v;
                }).thenComparingInt(RunView::repeat))
                .toList();
        return sorted.get((sorted.size() - 1) / 2).id();
    }

    private static Row row(String label, List<ArmView> arms, Function<ArmView, String> cell) {
        return new Row(label, arms.stream().map(cell).toList());
    }

    private static Row pairRow(String label, List<ArmView> arms, Function<ArmView, String> first,
                               Function<ArmView, String> second) {
        List<String> cells = new ArrayList<>();
        for (ArmView a : arms) {
            cells.add(first.apply(a));
            cells.add(second.apply(a));
        }
        return new Row(label, cells);
    }

    private static List<RunView> runs(ReportModel m, List<String> ids) {
        return ids.stream().map(m::run).filter(Objects::nonNull).toList();
    }

    private static List<RunView> valid(ReportModel m, ArmView a) {
        return runs(m, a.validRunIds());
    }

    /** A per-run value: null when the run does not have it. */
    private interface PerRun extends Function<RunView, Double> {
    }

    private static PerRun figure(Figure f) {
        return r -> r.figures().get(f.key());
    }

    private static PerRun rec(java.util.function.ToLongFunction<Recovery> f) {
        return r -> r.recovery() == null ? null : (double) f.applyAsLong(r.recovery());
    }

    /** A percentile of one of the recovery distributions: absent without affected subscribers or samples. */
    private static PerRun recTime(Function<Recovery, Percentiles> dist, ToDoubleFunction<Percentiles> p) {
        return r -> {
            Recovery rec = r.recovery();
            if (rec == null || rec.affected() == 0 || dist.apply(rec).count() == 0) {
                return null;
            }
            return positive(p.applyAsDouble(dist.apply(rec)));
        };
    }

    private static PerRun slow(ToDoubleFunction<Percentiles> p) {
        return r -> slowLatency(r) == null ? null : positive(p.applyAsDouble(slowLatency(r)));
    }

    private static Percentiles slowLatency(RunView r) {
        ScenarioRun s = r.scenario();
        return s == null || s.slowLatencyUs() == null || s.slowLatencyUs().count() == 0 ? null : s.slowLatencyUs();
    }

    private static Double positive(double v) {
        return Double.isFinite(v) && v > 0 ? v : null;
    }

    private static List<Double> values(List<RunView> runs, PerRun f) {
        return runs.stream().map(f).filter(Objects::nonNull).toList();
    }

    private static Double median(List<RunView> runs, PerRun f) {
        List<Double> v = values(runs, f);
        return v.isEmpty() ? null : Summary.of(v).median();
    }

    /** "median (v1, v2, v3)" in run order; the value alone for one run; "—" for none. */
    private static String cell(List<Double> values, DoubleFunction<String> fmt) {
        if (values.isEmpty()) {
            return "—";
        }
        if (values.size() == 1) {
            return fmt.apply(values.get(0));
        }
        return fmt.apply(Summary.of(values).median()) + " (" + String.join(", ",
                values.stream().map(fmt::apply).toList()) + ")";
    }

    private static String time(List<RunView> runs, PerRun f) {
        return cell(values(runs, f), Unit.MICROS::format);
    }

    private static String count(List<RunView> runs, PerRun f) {
        return cell(values(runs, f), ReconnectionView::number);
    }

    private static String number(double v) {
        return Unit.fixed(v, v == Math.rint(v) ? 0 : 1);
    }

    private static String faults(RunView r) {
        Recovery rec = r == null ? null : r.recovery();
        if (rec == null || rec.faults().isEmpty()) {
            return "—";
        }
        List<String> out = new ArrayList<>();
        for (Recovery.Fault f : rec.faults()) {
            String at = Unit.fixed(f.atSec(), 2) + " s" + (r.steadyFromSec() == null ? ""
                    : " (steady + " + Unit.fixed(f.atSec() - r.steadyFromSec(), 2) + " s)");
            out.add(f.kind() + ("churn".equals(f.kind()) ? " from " : " at ") + at
                    + (f.detail() == null || f.detail().isBlank() ? "" : ": " + f.detail()) + "; " + f.affected()
                    + " affected");
        }
        return String.join(" / ", out);
    }

    /**
     * Time until every affected subscriber was back: the median over the valid runs in which all came back, and first
     * how many never came back in any run (valid or not: such a run is usually invalid for its lost messages).
     */
    private static String allBack(ReportModel m, ArmView a) {
        List<String> never = new ArrayList<>();
        long total = 0;
        for (RunView r : runs(m, a.runIds())) {
            Recovery rec = r.recovery();
            if (rec != null && rec.notBack() > 0) {
                total += rec.notBack();
                never.add(r.id() + ": " + rec.notBack() + (r.valid() ? "" : ", invalid run"));
            }
        }
        String back = time(valid(m, a), figure(Figure.ALL_BACK));
        if (never.isEmpty()) {
            return back;
        }
        return total + " never came back (" + String.join("; ", never) + ")"
                + (back.equals("—") ? "" : "; in the runs where all came back: " + back);
    }

    private static String resumes(List<RunView> runs) {
        List<RunView> with = runs.stream().filter(r -> r.recovery() != null).toList();
        if (with.isEmpty()) {
            return "—";
        }
        List<String> each = with.stream().map(r -> r.recovery().resumeMismatches() + " / "
                + r.recovery().resumes()).toList();
        double mismatches = Summary.of(with.stream().map(r -> (double) r.recovery().resumeMismatches()).toList())
                .median();
        double checked = Summary.of(with.stream().map(r -> (double) r.recovery().resumes()).toList()).median();
        String median = number(mismatches) + " / " + number(checked);
        return with.size() == 1 ? median : median + " (" + String.join(", ", each) + ")";
    }

    /**
     * Whether SSE waited the server's {@code retry:} before reconnecting, summed over the valid runs, and what the
     * policy made of it: only {@code native} follows {@code retry:}; under the shared policies SSE ignores it on
     * purpose, and the count only says how often the shared pause happened to be as long.
     */
    private static String retry(ArmView a, List<RunView> runs) {
        if (a.summary().arm().transport() != Transport.SSE) {
            return "— (WebSocket has no retry:)";
        }
        List<Recovery> recs = runs.stream().map(RunView::recovery).filter(Objects::nonNull).toList();
        if (recs.isEmpty()) {
            return "—";
        }
        long checked = recs.stream().mapToLong(Recovery::retryChecked).sum();
        long honoured = recs.stream().mapToLong(Recovery::retryHonoured).sum();
        List<String> retryMs = recs.stream().map(Recovery::retryMs).filter(v -> v >= 0).distinct().sorted()
                .map(v -> v + " ms").toList();
        Set<String> policies = new LinkedHashSet<>();
        recs.forEach(r -> policies.add(r.reconnectPolicy() == null ? "unknown" : r.reconnectPolicy()));
        String over = recs.size() == 1 ? "" : " (" + recs.size() + " valid runs)";
        if (retryMs.isEmpty()) {
            return "no retry: received";
        }
        String value = "retry: " + String.join(", ", retryMs);
        if (checked == 0) {
            return value + " received; no reconnect attempt to check";
        }
        String counted = honoured + " of " + checked + " attempts" + over + " waited " + value;
        if (policies.equals(Set.of("native"))) {
            return "honoured: " + counted;
        }
        return "not followed by design (" + String.join(", ", policies) + " policy, shared with WebSocket): "
                + counted;
    }

    /** The reconnect policy in words; the distinct policies of the case's runs. */
    static String policy(List<String> policies) {
        List<String> distinct = policies.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String p : distinct) {
            out.add(switch (p.toLowerCase(Locale.ROOT)) {
                case "jitter" -> "jitter — one policy for both transports: exponential backoff with full jitter. "
                        + "SSE deliberately does not follow the server's retry: here, so that both transports "
                        + "reconnect alike.";
                case "sync" -> "sync — one policy for both transports: the same fixed pause every time, no jitter "
                        + "(every dropped subscriber retries at the same instants). SSE deliberately does not follow "
                        + "the server's retry: here.";
                case "native" -> "native — each transport's own default: SSE waits the server's retry: before every "
                        + "attempt, as an EventSource does; WebSocket, which has no built-in reconnect, reconnects at "
                        + "once (the usual onclose handler).";
                default -> p + ".";
            });
        }
        return String.join(" ", out);
    }
}
