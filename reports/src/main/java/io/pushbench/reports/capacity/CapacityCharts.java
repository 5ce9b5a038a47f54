package io.pushbench.reports.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.ChartSpec.Marker;
import io.pushbench.reports.render.ChartSpec.Series;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The capacity section's charts, one per searched configuration (transport, protocol, variant), drawn side by side:
 * delivery latency (p50, p99, p99.9, ms) against the offered load through each search's valid steps (an INVALID step
 * is the instrument's and is left out, as the search leaves it out of its knee), the objective's p99 limit as a flat
 * line (across every marked load, so that each marker lies on the axis), and vertical markers at the knee (the bend, where p99 passed twice the first step's), where p99 reached the
 * limit, the capacity found, and a step that stopped the search on the instrument.
 *
 * <pre>{@code
 * List<ChartSpec> charts = CapacityCharts.of(file);   // ids "capacity-sse-h1", "capacity-ws-h1", ...
 * }</pre>
 */
final class CapacityCharts {
    private CapacityCharts() {
    }

    static List<ChartSpec> of(CapacityFile f) {
        List<ChartSpec> out = new ArrayList<>();
        for (CapacityFile.Arm arm : f.arms()) {
            out.add(latency(f, arm));
        }
        return out;
    }

    /** The chart id of {@code arm}'s latency curve. */
    static String id(CapacityFile.Arm arm) {
        return "capacity-" + arm.key();
    }

    private static ChartSpec latency(CapacityFile f, CapacityFile.Arm arm) {
        List<JsonNode> searches = arm.searches();
        List<Series> series = new ArrayList<>();
        List<Marker> markers = new ArrayList<>();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        Double limitMs = f.p99LimitMs();
        for (int i = 0; i < searches.size(); i++) {
            JsonNode s = searches.get(i);
            String suffix = searches.size() > 1 ? " #" + (i + 1) : "";
            List<JsonNode> curve = new ArrayList<>();
            s.path("points").forEach(p -> {
                if (CapacityFile.valid(p) && p.path("load").isNumber()) {
                    curve.add(p);
                }
            });
            curve.sort(Comparator.comparingDouble(p -> p.path("load").asDouble()));
            for (String[] fig : new String[][]{{"p50", "p50Us"}, {"p99", "p99Us"}, {"p99.9", "p999Us"}}) {
                List<double[]> pts = new ArrayList<>();
                for (JsonNode p : curve) {
                    Double us = CapacityFile.number(p.get(fig[1]));
                    if (us != null) {
                        pts.add(new double[]{p.get("load").asDouble(), us / 1000.0});
                    }
                }
                if (!pts.isEmpty()) {
                    series.add(new Series(fig[0] + suffix, pts));
                }
            }
            for (JsonNode p : curve) {
                minX = Math.min(minX, p.get("load").asDouble());
                maxX = Math.max(maxX, p.get("load").asDouble());
            }
            JsonNode knee = s.path("knee");
            Double bend = CapacityFile.number(knee.get("bendLoad"));
            if (bend != null) {
                markers.add(new Marker(bend, "knee" + suffix + ": p99 ×2"));
            }
            Double crossing = CapacityFile.number(knee.get("crossingLoad"));
            if (crossing != null) {
                markers.add(new Marker(crossing, "p99 at limit" + suffix));
            }
            Double capacity = CapacityFile.number(s.get("capacity"));
            if (capacity != null) {
                markers.add(new Marker(capacity, "capacity" + suffix));
            }
            if ("INSTRUMENT_LIMIT".equals(s.path("stop").asText())) {
                s.path("points").forEach(p -> {
                    if (!CapacityFile.valid(p)) {
                        markers.add(new Marker(p.path("load").asDouble(), "instrument limit" + suffix));
                    }
                });
            }
        }
        for (Marker m : markers) {
            // a marker beyond the curve (the instrument-limited step) must still be on the axis: both renderers
            // draw an axis over the series' range, and the objective's line spans it
            minX = Math.min(minX, m.x());
            maxX = Math.max(maxX, m.x());
        }
        if (limitMs != null && minX <= maxX) {
            series.add(new Series("objective: p99 ≤ " + f.sloP99(),
                    List.of(new double[]{minX, limitMs}, new double[]{maxX, limitMs})));
        }
        return new ChartSpec(id(arm), arm.who() + ": latency against offered load", "line",
                "offered load (" + f.unit() + ")", "delivery latency (ms)", "linear", false, List.of(), series,
                "Each valid step's delivery latency over its window (an invalid step is the instrument's and is left"
                        + " out); the flat line is the objective's p99 limit; vertical lines mark the knee (p99 over"
                        + " twice the first step's), where p99 reached the limit, the capacity and an invalid step"
                        + " that stopped the search.", null, null, null, markers.isEmpty() ? null : markers);
    }

}
