package io.pushbench.reports.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.reports.render.ChartSpec;
import io.pushbench.reports.render.Templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values the capacity templates render (Markdown and HTML alike), formatted once here so that both say the same
 * thing in the same words: plain maps and lists for Mustache. Every figure and sentence is the file's
 * ({@link CapacityFile}); nothing is recomputed, only formatted. An absent figure prints as {@value #NONE}.
 *
 * <pre>{@code
 * Map<String, Object> ctx = CapacityReportView.of(file, CapacityCharts.of(file));
 * }</pre>
 */
final class CapacityReportView {
    static final String NONE = "—";

    private CapacityReportView() {
    }

    static Map<String, Object> of(CapacityFile f, List<ChartSpec> charts) {
        JsonNode root = f.root();
        JsonNode config = root.path("config");
        Map<String, Object> c = new LinkedHashMap<>();
        List<CapacityFile.Arm> arms = f.arms();
        c.put("title", "pushbench capacity — " + (arms.isEmpty() ? "no searches"
                : String.join(" vs ", arms.stream().map(CapacityFile.Arm::who).toList())));
        c.put("axis", f.axis());
        c.put("setup", setup(f, config));
        c.put("objective", objective(config));
        c.put("answers", f.answers());
        c.put("floor", floorText(root));
        List<Map<String, Object>> capacityRows = new ArrayList<>();
        List<Map<String, Object>> costRows = new ArrayList<>();
        List<Map<String, Object>> stepRows = new ArrayList<>();
        List<Map<String, Object>> stopRows = new ArrayList<>();
        for (CapacityFile.Arm arm : arms) {
            capacityRows.add(capacityRow(arm));
            List<JsonNode> searches = arm.searches();
            for (int i = 0; i < searches.size(); i++) {
                JsonNode s = searches.get(i);
                String who = arm.who() + (searches.size() > 1 ? " #" + (i + 1) : "");
                costRows.add(costRow(who, s));
                stopRows.add(Map.of("who", who, "stop", stopText(s.path("stop").asText("?")),
                        "reason", s.path("stopReason").asText(NONE)));
                for (JsonNode p : s.path("points")) {
                    stepRows.add(stepRow(who, p));
                }
                if (s.hasNonNull("confirmation")) {
                    stepRows.add(stepRow(who, s.get("confirmation")));
                }
            }
        }
        c.put("capacityRows", capacityRows);
        c.put("costRows", costRows);
        c.put("stopRows", stopRows);
        c.put("stepRows", stepRows);
        c.put("unit", f.unit());
        c.put("charts", charts.stream().map(s -> Map.of("id", s.id(), "title", s.title(), "note", s.note(),
                "file", "charts/" + s.id() + ".svg")).toList());
        c.put("config", Templates.entries(ResultsIO.mapper().convertValue(config, Map.class)));
        c.put("environment", Templates.entries(root.path("environment").isObject()
                ? ResultsIO.mapper().convertValue(root.get("environment"), Map.class) : Map.of()));
        boolean calibrated = root.path("calibration").isObject();
        c.put("hasCalibration", calibrated);
        c.put("calibration", Templates.entries(calibrated
                ? ResultsIO.mapper().convertValue(root.get("calibration"), Map.class) : Map.of()));
        return c;
    }

    /**
     * The floor the ratios use: the file's {@code kernelFanoutFloorPerSec}, with the range and count of its
     * measurements when there were several ({@code kernelFanoutFloor}; files before it had one).
     */
    static String floorText(JsonNode root) {
        Double floor = CapacityFile.number(root.get("kernelFanoutFloorPerSec"));
        if (floor == null) {
            return "No kernel fan-out floor was measured (no calibration), so no ratio to it.";
        }
        JsonNode f = root.path("kernelFanoutFloor");
        int count = f.path("count").asInt(1);
        Double min = CapacityFile.number(f.get("minPerSec"));
        Double max = CapacityFile.number(f.get("maxPerSec"));
        if (count < 2 || min == null || max == null) {
            return "Kernel fan-out floor: " + group(floor) + " writes/s (one writer thread to loopback sockets, the"
                    + " brief calibration); a capacity's deliveries/s are set against it.";
        }
        return "Kernel fan-out floor: " + group(floor) + " writes/s, the median of " + count + " measurements ("
                + group(min) + ".." + group(max) + "; one writer thread to loopback sockets: the brief calibration's,"
                + " then one after each search); a capacity's deliveries/s are set against the median.";
    }

    private static String setup(CapacityFile f, JsonNode config) {
        String fixed = "connections".equals(f.axis())
                ? "connections raised at " + group(config.path("rate").asDouble()) + " msg/s per connection"
                : "messages per second per connection raised at " + group(config.path("connections").asDouble())
                + " connections";
        return "Axis " + f.axis() + ": " + fixed + "; " + config.path("protocol").asText("?") + ", driver "
                + config.path("driver").asText("?") + ", " + config.path("repeats").asInt(1)
                + " search(es) per transport; steps of " + config.path("step").asText("?") + ".";
    }

    private static String objective(JsonNode config) {
        return "Objective: delivery p99 ≤ " + config.path("sloP99").asText("?") + ", at most "
                + config.path("maxLost").asLong(0) + " lost, at least "
                + group(config.path("minDeliveredShare").asDouble(0.99) * 100) + "% of the owed messages delivered"
                + " within the window, on a valid step (an invalid one is the instrument's and stops the search).";
    }

    private static Map<String, Object> capacityRow(CapacityFile.Arm arm) {
        JsonNode spread = arm.spread();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("who", arm.who());
        m.put("found", spread.path("found").asInt(0) + " of " + spread.path("of").asInt(arm.searches().size()));
        m.put("load", spread(spread));
        m.put("deliveries", spread(spread.path("deliveriesPerSec")));
        m.put("connections", spread(spread.path("connections")));
        List<String> ratios = new ArrayList<>();
        for (JsonNode s : arm.searches()) {
            Double r = CapacityFile.number(s.get("fanoutFloorRatio"));
            if (r != null) {
                ratios.add(String.format(Locale.ROOT, "%.2f", r));
            }
        }
        m.put("floorRatio", ratios.isEmpty() ? NONE : String.join(", ", ratios));
        return m;
    }

    /** "min / median / max", one figure when all three are equal, {@value #NONE} when none was found. */
    private static String spread(JsonNode s) {
        Double min = CapacityFile.number(s.get("min"));
        Double med = CapacityFile.number(s.get("median"));
        Double max = CapacityFile.number(s.get("max"));
        if (min == null || med == null || max == null) {
            return NONE;
        }
        if (min.equals(max)) {
            return group(min);
        }
        return group(min) + " / " + group(med) + " / " + group(max);
    }

    private static Map<String, Object> costRow(String who, JsonNode s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("who", who);
        JsonNode mc = s.path("marginalCost");
        if (mc.isObject() && mc.path("cpuUsPerDelivery").isNumber()) {
            m.put("marginal", String.format(Locale.ROOT, "%.2f µs (R² %.3f, %d steps)",
                    mc.get("cpuUsPerDelivery").asDouble(), mc.path("rSquared").asDouble(Double.NaN),
                    mc.path("points").asInt()));
            m.put("fixed", String.format(Locale.ROOT, "%.2f cores", mc.path("interceptCores").asDouble()));
        } else {
            m.put("marginal", NONE);
            m.put("fixed", NONE);
        }
        JsonNode costs = s.path("costs");
        Double bytes = CapacityFile.number(costs.get("bytesPerDelivery"));
        m.put("bytes", bytes == null ? NONE : String.format(Locale.ROOT, "%.1f B (%d steps)", bytes,
                costs.path("bytesSteps").asInt()));
        Double heap = CapacityFile.number(costs.get("heapPerConnectionBytes"));
        m.put("heap", heap == null ? NONE : group(heap) + " B (" + costs.path("heapSteps").asInt() + " steps)");
        JsonNode idle = costs.path("idleCpu");
        Double idleUs = CapacityFile.number(idle.get("cpuUsPerSecPerConnection"));
        if (idleUs == null) {
            m.put("idle", NONE);
        } else if ("SLOPE".equals(idle.path("method").asText())) {
            m.put("idle", String.format(Locale.ROOT, "%.1f µs/s (slope, R² %.3f, %d steps)", idleUs,
                    idle.path("rSquared").asDouble(Double.NaN), idle.path("points").asInt()));
        } else {
            m.put("idle", String.format(Locale.ROOT, "≤ %.1f µs/s (lowest load, %s)", idleUs,
                    group(idle.path("load").asDouble())));
        }
        idleConnection(m, costs.path("idleConnection"));
        return m;
    }

    /**
     * The idle measurement's two cells: µs/s of CPU and bytes of live heap per idle connection, "not measured: why"
     * when it does not stand; {@value #NONE} in files written before it.
     */
    private static void idleConnection(Map<String, Object> m, JsonNode idle) {
        if (!idle.isObject()) {
            m.put("idleCpu", NONE);
            m.put("idleHeap", NONE);
            return;
        }
        Double cpu = CapacityFile.number(idle.get("cpuUsPerSecPerConnection"));
        if (!idle.path("measured").asBoolean(false) || cpu == null) {
            List<String> why = new ArrayList<>();
            idle.path("invalidReasons").forEach(r -> why.add(r.asText()));
            m.put("idleCpu", "not measured: " + (why.isEmpty() ? "?" : String.join("; ", why)));
            m.put("idleHeap", NONE);
            return;
        }
        Double resolution = CapacityFile.number(idle.get("cpuResolutionUsPerSec"));
        m.put("idleCpu", String.format(Locale.ROOT, "%.1f%s µs/s (%s connections)", cpu, resolution == null ? ""
                : String.format(Locale.ROOT, " ± %.1f", resolution), group(idle.path("connections").asDouble())));
        Double heap = CapacityFile.number(idle.get("heapBytesPerConnection"));
        m.put("idleHeap", heap == null ? "not measured" : group(heap) + " B");
    }

    private static Map<String, Object> stepRow(String who, JsonNode p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("who", who);
        m.put("phase", p.path("phase").asText("?").toLowerCase(Locale.ROOT));
        m.put("load", num(p.get("load")));
        m.put("status", p.path("status").asText("?"));
        m.put("delivered", num(p.get("deliveredPerSec")));
        m.put("owed", num(p.get("owedPerSec")));
        m.put("p50", ms(p.get("p50Us")));
        m.put("p99", ms(p.get("p99Us")));
        m.put("p999", ms(p.get("p999Us")));
        m.put("lost", p.path("lost").asText(NONE));
        Double cores = CapacityFile.number(p.get("serverCpuCores"));
        m.put("cores", cores == null ? NONE : String.format(Locale.ROOT, "%.2f", cores));
        Double bytes = CapacityFile.number(p.get("bytesPerDelivery"));
        m.put("bytes", bytes == null ? NONE : String.format(Locale.ROOT, "%.1f", bytes));
        m.put("heap", num(p.get("heapPerConnectionBytes")));
        String reason = p.path("reason").isTextual() ? p.get("reason").asText() : "";
        m.put("reason", reason.isEmpty() ? NONE : ("INVALID".equals(p.path("status").asText())
                ? "instrument: " + reason : reason));
        return m;
    }

    /** How a search stopped, stated so that the instrument's limit is never read as the server's. */
    static String stopText(String stop) {
        return switch (stop) {
            case "FOUND" -> "capacity found";
            case "INSTRUMENT_LIMIT" -> "no capacity: the instrument's limit (load generator, publisher or"
                    + " observation), not the server's";
            case "BOUNDS_EXHAUSTED" -> "no capacity: the step or time budget ran out before the bracket narrowed";
            case "NEVER_OK" -> "no capacity: the first step already broke the objective";
            case "MAX_LOAD_OK" -> "every step up to the maximum load met the objective";
            default -> stop;
        };
    }

    private static String num(JsonNode n) {
        Double v = CapacityFile.number(n);
        return v == null ? NONE : group(v);
    }

    private static String ms(JsonNode us) {
        Double v = CapacityFile.number(us);
        return v == null ? NONE : String.format(Locale.ROOT, "%.2f", v / 1000);
    }

    /** Thousands separated, no decimals from 100 up, one below (the console's format for loads and rates). */
    static String group(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%,.1f", v);
    }
}
