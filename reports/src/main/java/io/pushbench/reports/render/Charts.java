package io.pushbench.reports.render;

import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.reports.model.ArmView;
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
        List<RunView> faulted = m.runs().stream().filter(r -> r.reconnects() != null && r.reconnects().count() > 0)
                .toList();
        if (!faulted.isEmpty()) {
            out.add(reconnectTimeline(faulted));
            out.add(outages(faulted));
        }
        out.add(perRepeat(m, Figure.SERVER_CPU_PER_MESSAGE, "serverCpuPerMessage",
                "Server CPU per delivered message (each repeat)", "ns per message"));
        out.add(perRepeat(m, Figure.HEAP_PER_CONNECTION, "heapPerConnection",
                "Server heap per connection (each repeat)", "bytes per connection"));
        return List.copyOf(out);
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
