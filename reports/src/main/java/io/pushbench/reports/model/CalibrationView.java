package io.pushbench.reports.model;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.figure.Unit;
import io.pushbench.analysis.results.Calibration;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.analysis.verdict.Arm;
import io.pushbench.analysis.verdict.ArmSummary;
import io.pushbench.analysis.verdict.FigureComparison;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The calibration section of a report, formatted once for both templates: each calibration figure with its ratio to
 * the floor it is read against, each arm's latency p50 and p99 against its floor
 * ({@link Calibration#floorFor}: the matching driver floor, else the raw loopback floor), and each pair's p50 and
 * p99 difference, flagged when it is within the floor's noise ({@link Calibration#withinNoise}, the one definition).
 *
 * <pre>{@code
 * CalibrationView v = CalibrationView.of(Calibration.fromMap(model.calibration()), model);   // null without one
 * v.arms().get(0).p50Ratio();   // "1.42x"
 * }</pre>
 *
 * @param setup   one line: machine, pinning, payload, how long
 * @param figures every figure of the calibration
 * @param arms    each arm's latency against its floor
 * @param pairs   each compared pair's p50 and p99 difference against the floors' noise
 */
public record CalibrationView(String setup, List<FigureRow> figures, List<ArmRow> arms, List<PairRow> pairs) {
    /** One calibration figure: its name, value and ratio to its floor ("" when it has none). */
    public record FigureRow(String figure, String value, String ratio) {
    }

    /** One arm against its floor; {@code atFloor} names the figures within the floor's noise ("" for none). */
    public record ArmRow(String arm, String floor, String floorP50, String floorP99, String p50, String p50Ratio,
                         String p99, String p99Ratio, String atFloor) {
    }

    /** One pair's figure: the arms' medians, their difference, the floors' noise, and the flag. */
    public record PairRow(String pair, String figure, String a, String b, String difference, String noise,
                          String flag) {
    }

    /** The view of {@code c} for {@code m}'s arms and pairs; null when {@code c} is null. */
    public static CalibrationView of(Calibration c, ReportModel m) {
        if (c == null) {
            return null;
        }
        List<ArmRow> arms = new ArrayList<>();
        for (ArmSummary a : m.comparison().arms()) {
            Percentiles floor = floor(c, a.arm());
            Summary p50 = a.figure(Figure.LATENCY_P50);
            Summary p99 = a.figure(Figure.LATENCY_P99);
            if (floor == null || p50 == null || p99 == null) {
                continue;
            }
            List<String> at = new ArrayList<>();
            if (Calibration.withinNoise(p50.median(), floor.p50(), floor, floor)) {
                at.add("p50");
            }
            if (Calibration.withinNoise(p99.median(), floor.p99(), floor, floor)) {
                at.add("p99");
            }
            arms.add(new ArmRow(a.arm().label(), c.floorName(a.arm().transport(), a.arm().protocol(),
                    a.arm().driver()), us(floor.p50()), us(floor.p99()), us(p50.median()),
                    times(Calibration.ratio(p50.median(), floor.p50())), us(p99.median()),
                    times(Calibration.ratio(p99.median(), floor.p99())),
                    at.isEmpty() ? "" : String.join(", ", at) + " within the floor's noise"));
        }
        List<PairRow> pairs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (FigureComparison fc : m.comparison().figures()) {
            if (fc.figure() != Figure.LATENCY_P50 && fc.figure() != Figure.LATENCY_P99
                    || !seen.add(fc.a().key() + "|" + fc.b().key() + "|" + fc.figure().key())) {
                continue;
            }
            Percentiles fa = floor(c, fc.a());
            Percentiles fb = floor(c, fc.b());
            if (fa == null || fb == null) {
                continue;
            }
            double a = fc.aFigure().median();
            double b = fc.bFigure().median();
            pairs.add(new PairRow(fc.a().label() + " vs " + fc.b().label(), fc.figure().label(), us(a), us(b),
                    (b >= a ? "+" : "") + us(b - a), us(Math.max(Calibration.noiseUs(fa), Calibration.noiseUs(fb))),
                    Calibration.withinNoise(a, b, fa, fb) ? "within the floor's noise" : "beyond the floor's noise"));
        }
        return new CalibrationView(setup(c), figureRows(c), arms, pairs);
    }

    private static Percentiles floor(Calibration c, Arm a) {
        return c.floorFor(a.transport(), a.protocol(), a.driver());
    }

    /** One line: when, on what, how pinned, how long. */
    public static String setup(Calibration c) {
        Calibration.Setup s = c.setup();
        if (s == null) {
            return "Calibration of unknown setup.";
        }
        return String.format(Locale.ROOT, "Measured %s on %s (%d CPUs), %s, %d B messages, in %.0f s.",
                s.startedAt(), s.cpuModel() == null ? "an unknown CPU" : s.cpuModel(), s.cores(), s.pinned()
                        ? "server side on CPU " + s.serverCpus() + " and reader side on CPU " + s.loadgenCpus()
                        : "not pinned", s.payloadBytes(), s.wallSeconds());
    }

    /** Every figure of {@code c} with its ratio to its floor (the console's table too). */
    public static List<FigureRow> figureRows(Calibration c) {
        List<FigureRow> rows = new ArrayList<>();
        if (c.clock() != null) {
            rows.add(new FigureRow("clock read: System.nanoTime", Unit.NANOS.format(c.clock().nanoTimeNs()), ""));
            rows.add(new FigureRow("clock read: epoch", Unit.NANOS.format(c.clock().epochNs()), ""));
        }
        Calibration.Hiccups h = c.hiccups();
        if (h != null) {
            String spun = String.format(Locale.ROOT, "hiccups (%.1f s spun): ", h.spunSeconds());
            rows.add(new FigureRow(spun + "longest stall", us(h.maxUs()), ""));
            rows.add(new FigureRow(spun + "p99 / p99.9, time-weighted", us(h.p99Us()) + " / " + us(h.p999Us()), ""));
            rows.add(new FigureRow(spun + "stalls > " + us(h.thresholdUs()) + " / > 1 ms", h.stalls() + " / "
                    + h.stallsOver1ms(), ""));
            rows.add(new FigureRow(spun + "time lost in stalls", Unit.fixed(h.timeLostPercent(), 2) + " %", ""));
        }
        Calibration.LoopbackFloor f = c.loopbackFloor();
        Percentiles raw = f == null ? null : f.latencyUs();
        if (f != null) {
            String name = "raw loopback floor " + rate(f.rate()) + (f.valid() ? "" : " (INVALID: " + f.lost()
                    + " lost, " + f.duplicated() + " duplicated)");
            latencyRows(rows, name, raw, raw, "loopback");
        }
        for (Calibration.BareReader b : c.bareReaders()) {
            String name = "bare reader " + b.transport().label() + " x" + b.connections() + " " + rate(b.rate());
            // only the single-connection reader at the floor's rate is read against the raw loopback floor
            boolean sameLoad = b.connections() == 1 && f != null && b.rate() == f.rate();
            latencyRows(rows, name, b.latencyUs(), sameLoad ? raw : null, "loopback");
            rows.add(new FigureRow(name + ": CPU per message", Unit.NANOS.format(b.cpuNsPerMessage()), ""));
        }
        Calibration.KernelFanout k = c.kernelFanout();
        if (k != null) {
            String name = "kernel fan-out, " + k.connections() + " sockets x " + k.payloadBytes() + " B";
            rows.add(new FigureRow(name + ": writes/s", Unit.fixed(k.writesPerSec(), 0), ""));
            rows.add(new FigureRow(name + ": per write", Unit.NANOS.format(k.nsPerWrite()), ""));
        }
        for (Calibration.DriverFloor d : c.driverFloors()) {
            String name = d.driver().label() + " " + d.transport().label() + " " + d.protocol().key() + " x"
                    + d.connections() + " " + rate(d.rate()) + (d.valid() ? "" : " (INVALID run)");
            Calibration.BareReader bare = c.bareReader(d.transport(), d.connections(), d.rate());
            latencyRows(rows, name, d.latencyUs(), bare == null ? null : bare.latencyUs(), "bare reader");
            rows.add(new FigureRow(name + ": CPU per message", Unit.NANOS.format(d.cpuNsPerMessage()),
                    d.cpuRatioToBare() < 0 ? "" : times(d.cpuRatioToBare()) + " bare reader"));
        }
        Calibration.BrowserClock bc = c.browserClock();
        if (bc != null) {
            String name = "browser clock (" + bc.estimates() + " x " + bc.roundTripsPerEstimate() + " round trips): ";
            rows.add(new FigureRow(name + "min / median RTT", us(bc.minRttUs()) + " / " + us(bc.medianRttUs()), ""));
            rows.add(new FigureRow(name + "offset error bound (driver's, worst)", us(bc.errorBoundUs()), ""));
            rows.add(new FigureRow(name + "offset spread, round trips / estimates", us(bc.roundTripSpreadUs())
                    + " / " + us(bc.estimateSpreadUs()), bc.withinBound() ? "within the bounds"
                    : "BEYOND the bounds"));
            rows.add(new FigureRow(String.format(Locale.ROOT, "%sdrift over %.1f s, page clock step", name,
                    bc.windowSeconds()), us(bc.driftUs()) + ", " + us(bc.stepUs()), ""));
        }
        for (String failure : c.failures()) {
            rows.add(new FigureRow("FAILED step", failure, ""));
        }
        return rows;
    }

    /** p50 and p99 of {@code p}, each with its ratio to {@code floor}'s (none when {@code floor} is null). */
    private static void latencyRows(List<FigureRow> rows, String name, Percentiles p, Percentiles floor,
                                    String floorName) {
        rows.add(new FigureRow(name + ": latency p50", us(p.p50()), floor == null ? ""
                : times(Calibration.ratio(p.p50(), floor.p50())) + " " + floorName));
        rows.add(new FigureRow(name + ": latency p99", us(p.p99()), floor == null ? ""
                : times(Calibration.ratio(p.p99(), floor.p99())) + " " + floorName));
        rows.add(new FigureRow(name + ": latency p99.9 / max", us(p.p999()) + " / " + us(p.max()), ""));
    }

    private static String us(double v) {
        return Unit.MICROS.format(v);
    }

    private static String rate(double r) {
        return "@ " + Unit.RATE.format(r);
    }

    private static String times(double ratio) {
        return ratio < 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
