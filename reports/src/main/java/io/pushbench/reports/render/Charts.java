package io.pushbench.reports.render;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.figure.Unit;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.reports.model.ArmView;
import io.pushbench.reports.model.ReconnectionView;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.RunView;
import io.pushbench.reports.model.Views.SpectrumPoint;
import io.pushbench.reports.render.ChartSpec.Series;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's charts, derived from a {@link ReportModel}. Time series show each arm's representative run
 * (the valid one with the median p99), so one disturbed repeat neither hides nor dominates the picture.
 *
 * <pre>{@code
 * List<ChartSpec> charts = Charts.of(model);   // reconnect charts only when some run reconnected
 * }</pre>
 */
public final class Charts {
    /** Faults of the same kind closer than this (seconds) share one vertical line on a reconnect timeline. */
    static final double MARKER_MERGE_SEC = 0.5;
    /** x value that stands for the maximum on the percentile axis. */
    public static final double MAX_X = 1e5;

    private Charts() {
    }

    public static List<ChartSpec> of(ReportModel m) {
        List<ChartSpec> out = new ArrayList<>();
        out.add(spectrum(m));
        out.add(timeSeries(m, "latencyOverTime", "Latency over time (p50 and p99 per 1 s interval, from the .hlog)",
                "latency (µs)", true, true));
        out.add(timeSeries(m, "throughputOverTime", "Delivered messages per second", "msg/s", false, false));
        out.add(timeSeries(m, "connectionsOverTime", "Open connections", "connections", false, false));
        out.add(connectTime(m));
        // Runs that reconnected without an injected fault; scenario runs have their own charts (Reconnection section).
        List<RunView> faulted = m.runs().stream().filter(r -> r.reconnects() != null && r.reconnects().count() > 0
                && r.recovery() == null).toList();
        if (!faulted.isEmpty()) {
            out.add(reconnectTimeline(faulted));
            out.add(outages(faulted));
        }
        out.add(perRepeat(m, Figure.SERVER_CPU_PER_MESSAGE, "serverCpuPerMessage",
                "Server CPU per delivered message (each repeat)", "ns per message"));
        out.add(perRepeat(m, Figure.HEAP_PER_CONNECTION, "heapPerConnection",
                "Server heap per connection (each repeat)", "bytes per connection"));
        ReconnectionView reconnection = ReconnectionView.of(m);
        if (reconnection != null) {
            out.addAll(reconnection(m, reconnection));
        }
        return List.copyOf(out);
    }

    /**
     * The Reconnection section's charts, per scenario case: the timeline of each arm's timeline run (open connections
     * and delivered msg/s, the faults as vertical lines), the recovery-time percentiles side by side, and for a slow
     * group its latency next to the other subscribers'. Ids: {@link ReconnectionView#TIMELINE_CHART} + case, ...
     */
    static List<ChartSpec> reconnection(ReportModel m, ReconnectionView v) {
        List<ChartSpec> out = new ArrayList<>();
        for (ReconnectionView.CaseView c : v.cases()) {
            out.add(reconnectTimeline(m, c));
            if (c.charts().contains(ReconnectionView.RECOVERY_CHART + c.scenario())) {
                List<Series> series = new ArrayList<>();
                for (ReconnectionView.ArmCase a : c.arms()) {
                    if (a.recoveryUs() != null) {
                        series.add(msBars(a.label(), a.recoveryUs()));
                    }
                }
                boolean log = wide(series);
                out.add(new ChartSpec(ReconnectionView.RECOVERY_CHART + c.scenario(), c.scenario()
                        + ": recovery time (fault to first message)", "bar", "percentile", "recovery " + unit(log),
                        "linear", log, List.of("p50", "p90", "p99", "max"), inUnit(series, log),
                        "Fault to the first message delivered again, over the affected subscribers: each percentile is "
                                + "the median over the arm's valid runs" + (log ? "; log scale." : ".")));
            }
            if (c.charts().contains(ReconnectionView.SLOW_CHART + c.scenario())) {
                List<Series> series = new ArrayList<>();
                for (ReconnectionView.ArmCase a : c.arms()) {
                    if (a.slowLatencyUs() != null) {
                        series.add(msBars(a.label() + " the others", a.othersLatencyUs()));
                        series.add(msBars(a.label() + " slow group", a.slowLatencyUs()));
                    }
                }
                boolean log = wide(series);
                out.add(new ChartSpec(ReconnectionView.SLOW_CHART + c.scenario(), c.scenario()
                        + ": latency of the slow group and of the others", "bar", "percentile", "latency " + unit(log),
                        "linear", log, List.of("p50", "p99", "p99.9", "max"), inUnit(series, log),
                        "Steady-window latency of the slow subscribers next to the other subscribers' (the run's "
                                + "headline latency); each percentile is the median over the arm's valid runs"
                                + (log ? "; log scale." : ".")));
            }
        }
        return out;
    }

    private static ChartSpec reconnectTimeline(ReportModel m, ReconnectionView.CaseView c) {
        List<Series> series = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        List<double[]> instants = new ArrayList<>();   // [atSec, kind index]
        List<String> kinds = new ArrayList<>();
        List<String> faultText = new ArrayList<>();
        Double steadyFrom = null;
        Double steadyTo = null;
        for (ReconnectionView.ArmCase a : c.arms()) {
            RunView r = m.run(a.timelineRun());
            if (r == null) {
                continue;
            }
            runs.add(r.id());
            series.add(new Series(a.label() + " connections", r.timeline().stream()
                    .map(t -> new double[]{t.tSec(), t.connections()}).toList()));
            series.add(new Series(a.label() + " msg/s", r.timeline().stream()
                    .map(t -> new double[]{t.tSec(), t.messagesPerSec()}).toList(), true));
            for (io.pushbench.analysis.results.Recovery.Fault f : a.faults()) {
                if (!kinds.contains(f.kind())) {
                    kinds.add(f.kind());
                }
                instants.add(new double[]{f.atSec(), kinds.indexOf(f.kind())});
                faultText.add(f.kind() + " at " + Unit.fixed(f.atSec(), 3) + " s in " + r.id());
            }
            if (steadyFrom == null && r.steadyFromSec() != null && r.steadyToSec() != null) {
                steadyFrom = r.steadyFromSec();
                steadyTo = r.steadyToSec();
            }
        }
        instants.sort(java.util.Comparator.comparingDouble((double[] i) -> i[0]));
        List<ChartSpec.Marker> markers = new ArrayList<>();
        double[] last = null;
        for (double[] i : instants) {
            if (last != null && last[1] == i[1] && i[0] - last[0] < MARKER_MERGE_SEC) {
                continue;   // the same fault in the other arm's run, a few ms apart: one line
            }
            String kind = kinds.get((int) i[1]);
            markers.add(new ChartSpec.Marker(i[0], kind + ("churn".equals(kind) ? " from " : " ")
                    + Unit.fixed(i[0], 1) + " s"));
            last = i;
        }
        String by = c.charts().contains(ReconnectionView.RECOVERY_CHART + c.scenario())
                ? "the valid run with the median recovery p50" : "the valid run with the median p99";
        return new ChartSpec(ReconnectionView.TIMELINE_CHART + c.scenario(), c.scenario()
                + ": open connections and delivered msg/s", "line", "seconds since load start", "connections",
                "linear", false, List.of(), series, "One run per arm, " + by + " (" + String.join(", ", runs)
                + "): open connections at the end of each 1 s interval (left axis) and messages delivered in it, "
                + "replays included (right axis; an outage shorter than the interval may not show); "
                + (faultText.isEmpty() ? "no fault was injected" : "vertical lines: the faults ("
                + String.join(", ", faultText) + ")") + "; shaded: the steady window.",
                steadyFrom, steadyTo, "msg/s", markers.isEmpty() ? null : markers);
    }

    /** Whether the values span a factor of 30 or more: then a log axis (one tick per decade) shows them all. */
    static boolean wide(List<Series> series) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (p[1] > 0) {
                    min = Math.min(min, p[1]);
                    max = Math.max(max, p[1]);
                }
            }
        }
        return max > 0 && max / min >= 30;
    }

    /** Bars of µs values (in ms); a missing value (null) is left out. */
    private static Series msBars(String name, List<Double> us) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < us.size(); i++) {
            if (us.get(i) != null) {
                pts.add(new double[]{i, us.get(i) / 1000.0});
            }
        }
        return new Series(name, pts);
    }

    /**
     * The unit of a section bar chart: ms on a linear axis; µs on a log axis, where every latency is at least 1 (a
     * bar on a log axis grows from 1, so values below it would hang downwards).
     */
    private static String unit(boolean log) {
        return log ? "(µs)" : "(ms)";
    }

    /** {@code series} (ms) in the chart's unit ({@link #unit}). */
    private static List<Series> inUnit(List<Series> series, boolean log) {
        if (!log) {
            return series;
        }
        return series.stream().map(s -> new Series(s.name(), s.points().stream()
                .map(p -> new double[]{p[0], Math.round(p[1] * 1000.0 * 1000.0) / 1000.0}).toList())).toList();
    }

    static ChartSpec spectrum(ReportModel m) {
        List<Series> series = new ArrayList<>();
        for (ArmView g : m.arms()) {
            List<double[]> pts = new ArrayList<>();
            for (SpectrumPoint p : g.spectrum()) {
                pts.add(new double[]{percentileX(p.percentile()), p.valueUs()});
            }
            if (!pts.isEmpty()) {
                series.add(new Series(g.label(), pts));
            }
        }
        return new ChartSpec("spectrum", "Latency percentile spectrum (steady window, all repeats merged)", "line",
                "percentile", "latency (µs)", "percentile", true, List.of(), series,
                "Scheduled publish to receipt, every message of the steady window of every valid repeat; "
                        + "x is 1/(1-p) on a log scale, the last point is the maximum.");
    }

    /** 1/(1-p) for p in percent; the maximum (p = 100) maps to {@link #MAX_X}. */
    public static double percentileX(double percentile) {
        return percentile >= 100.0 ? MAX_X : 1.0 / (1.0 - percentile / 100.0);
    }

    private static ChartSpec timeSeries(ReportModel m, String id, String title, String yLabel, boolean latency,
                                        boolean yLog) {
        List<Series> series = new ArrayList<>();
        for (ArmView g : m.arms()) {
            RunView r = m.run(g.representativeRun());
            if (latency) {
                series.add(new Series(g.label() + " p50", r.intervals().stream()
                        .filter(i -> i.count() > 0).map(i -> new double[]{i.tSec(), i.p50Us()}).toList()));
                series.add(new Series(g.label() + " p99", r.intervals().stream()
                        .filter(i -> i.count() > 0).map(i -> new double[]{i.tSec(), i.p99Us()}).toList()));
            } else {
                boolean conns = id.equals("connectionsOverTime");
                series.add(new Series(g.label(), r.timeline().stream()
                        .map(t -> new double[]{t.tSec(), conns ? t.connections() : t.messagesPerSec()}).toList()));
            }
        }
        double[] steady = steadyWindow(m);
        return new ChartSpec(id, title, "line", "seconds since load start", yLabel, "linear", yLog, List.of(),
                series, "Representative run of each arm (the valid run with the median p99); the shaded band is the measured "
                + "steady window (before it: ramp and warm-up; after it: drain).", steady == null ? null : steady[0],
                steady == null ? null : steady[1]);
    }

    private static ChartSpec connectTime(ReportModel m) {
        List<String> cats = List.of("p50", "p90", "p99", "p99.9", "max");
        List<Series> series = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ArmView g : m.arms()) {
            Percentiles c = m.run(g.representativeRun()).connectUs();
            if (c != null && c.count() > 0) {
                series.add(bars(g.label(), c.p50(), c.p90(), c.p99(), c.p999(), c.max()));
            } else {
                missing.add(g.label());
            }
        }
        return new ChartSpec("connectTime", "Connect time distribution", "bar", "percentile", "connect time (µs)",
                "linear", false, cats, series, "Request start to the first server byte (101 or response headers), "
                + "every connect and reconnect of the representative run."
                + (missing.isEmpty() ? "" : " Not measured by the driver for: " + String.join(", ", missing) + "."));
    }

    /** The steady window shared by the representative runs (their windows agree when the profile is the same). */
    private static double[] steadyWindow(ReportModel m) {
        for (ArmView g : m.arms()) {
            RunView r = m.run(g.representativeRun());
            if (r.steadyFromSec() != null && r.steadyToSec() != null) {
                return new double[]{r.steadyFromSec(), r.steadyToSec()};
            }
        }
        return null;
    }

    private static ChartSpec reconnectTimeline(List<RunView> faulted) {
        List<Series> series = faulted.stream().map(r -> new Series(r.id(), r.timeline().stream()
                .map(t -> new double[]{t.tSec(), t.reconnects()}).toList())).toList();
        return new ChartSpec("reconnectTimeline", "Reconnects per second", "line", "seconds since load start",
                "reconnects", "linear", false, List.of(), series, "Runs in which connections were lost and resumed.");
    }

    private static ChartSpec outages(List<RunView> faulted) {
        List<Series> series = faulted.stream().map(r -> {
            Percentiles o = r.reconnects().outageUs();
            return bars(r.id(), o.p50(), o.p90(), o.p99(), o.max());
        }).toList();
        return new ChartSpec("outages", "Outage per reconnect", "bar", "percentile", "outage (µs)", "linear", false,
                List.of("p50", "p90", "p99", "max"), series,
                "Last message before the loss to the first message after the reconnect.");
    }

    private static ChartSpec perRepeat(ReportModel m, Figure figure, String id, String title, String yLabel) {
        List<String> cats = m.arms().stream().map(ArmView::label).toList();
        int maxRepeats = m.arms().stream().mapToInt(g -> g.runIds().size()).max().orElse(0);
        List<Series> series = new ArrayList<>();
        for (int rep = 0; rep < maxRepeats; rep++) {
            List<double[]> pts = new ArrayList<>();
            for (int gi = 0; gi < m.arms().size(); gi++) {
                ArmView g = m.arms().get(gi);
                if (rep < g.runIds().size()) {
                    Double v = m.run(g.runIds().get(rep)).figures().get(figure.key());
                    if (v != null) {
                        pts.add(new double[]{gi, v});
                    }
                }
            }
            series.add(new Series("repeat " + (rep + 1), pts));
        }
        List<double[]> medians = new ArrayList<>();
        for (int gi = 0; gi < m.arms().size(); gi++) {
            Summary s = m.arms().get(gi).figure(figure);
            if (s != null) {
                medians.add(new double[]{gi, s.median()});
            }
        }
        series.add(new Series("median of valid runs", medians));
        return new ChartSpec(id, title, "bar", "configuration", yLabel, "linear", false, cats, series,
                "From the server's /metrics over the steady window; one bar per run (valid or not) and the arm's figure, "
                + "the median over its valid runs.");
    }

    private static Series bars(String name, double... values) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            pts.add(new double[]{i, values[i]});
        }
        return new Series(name, pts);
    }
}
