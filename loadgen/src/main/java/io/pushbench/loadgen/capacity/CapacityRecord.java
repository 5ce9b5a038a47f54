package io.pushbench.loadgen.capacity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shape of {@code capacity-results.json} (schema {@value #SCHEMA}): plain maps and lists, NaN written as
 * null, so that the file is strict JSON. One definition of the per-search entry and of the one-sentence answer.
 *
 * <pre>{@code
 * Map<String, Object> search = CapacityRecord.search(result, fanoutFloorPerSec);   // per transport and repeat
 * String line = CapacityRecord.sentence("SSE h1", result, fixed, floor);           // the capacity answer
 * }</pre>
 */
public final class CapacityRecord {
    /** The schema id written in the file. */
    public static final String SCHEMA = "pushbench/capacity-results/v1";

    private CapacityRecord() {
    }

    /**
     * One search: its stop and reason, the capacity (or null), the bracket, every point and the confirmation, the
     * knee, the marginal CPU per delivery, the connection costs ({@link ConnectionCosts}), and the capacity's
     * deliveries/s over {@code fanoutFloorPerSec} (NaN: no calibration, the ratio is null).
     */
    public static Map<String, Object> search(CapacityResult r, double fanoutFloorPerSec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axis", r.axis().key());
        m.put("stop", r.stop().name());
        m.put("stopReason", r.stopReason());
        m.put("capacity", r.capacity());
        m.put("highestOk", r.highestOk());
        m.put("lowestBroken", r.lowestBroken());
        m.put("confirmed", r.confirmed());
        StepMeasurement at = atCapacity(r).orElse(null);
        m.put("capacityDeliveriesPerSec", at == null ? null : num(at.deliveredPerSecond()));
        m.put("fanoutFloorRatio", at == null || !(fanoutFloorPerSec > 0) ? null
                : num(at.deliveredPerSecond() / fanoutFloorPerSec));
        List<Map<String, Object>> points = new ArrayList<>();
        for (CapacityPoint p : r.points()) {
            points.add(point(p));
        }
        m.put("points", points);
        m.put("confirmation", r.confirmation() == null ? null : point(r.confirmation()));
        Map<String, Object> knee = new LinkedHashMap<>();
        knee.put("crossingLoad", r.knee().crossingLoad());
        knee.put("bendLoad", r.knee().bendLoad());
        knee.put("baselineLoad", num(r.knee().baselineLoad()));
        knee.put("baselineP99Us", num(r.knee().baselineP99Micros()));
        m.put("knee", knee);
        Optional<MarginalCost> cost = r.marginalCost();
        m.put("marginalCost", cost.map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("cpuUsPerDelivery", num(c.microsPerDelivery()));
            cm.put("interceptCores", num(c.interceptCores()));
            cm.put("rSquared", num(c.rSquared()));
            cm.put("points", c.points());
            return cm;
        }).orElse(null));
        m.put("costs", costs(ConnectionCosts.of(r)));
        return m;
    }

    /**
     * The connection costs: bytes per delivery, heap per connection under load, the CPU of an open connection under
     * load ({@code idleCpu}, its key from before the idle measurement), and the idle measurement
     * ({@code idleConnection}).
     */
    static Map<String, Object> costs(ConnectionCosts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytesPerDelivery", num(c.bytesPerDelivery()));
        m.put("bytesSteps", c.bytesSteps());
        m.put("heapPerConnectionBytes", num(c.heapPerConnectionBytes()));
        m.put("heapSteps", c.heapSteps());
        m.put("idleCpu", c.idle().map(i -> {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("cpuUsPerSecPerConnection", num(i.cpuMicrosPerSecond()));
            im.put("method", i.method().name());
            im.put("rSquared", num(i.rSquared()));
            im.put("points", i.points());
            im.put("load", num(i.load()));
            return im;
        }).orElse(null));
        m.put("idleConnection", c.idleConnection().map(CapacityRecord::idle).orElse(null));
        return m;
    }

    /**
     * The idle measurement ({@link IdleConnectionCost}): whether it stands, its two figures (null when not measured),
     * how it was taken, and every reason it was not measured or set aside.
     */
    static Map<String, Object> idle(IdleConnectionCost i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measured", i.measured());
        m.put("cpuUsPerSecPerConnection", num(i.cpuMicrosPerSecond()));
        m.put("cpuResolutionUsPerSec", num(i.cpuResolution()));
        m.put("heapBytesPerConnection", num(i.heapBytes()));
        m.put("connections", i.connections());
        m.put("rate", i.rate());
        m.put("windowSec", i.windowSeconds());
        m.put("baselineCpuCores", num(i.baselineCpuCores()));
        m.put("idleCpuCores", num(i.idleCpuCores()));
        m.put("deliveriesInWindow", i.deliveriesInWindow() < 0 ? null : i.deliveriesInWindow());
        m.put("invalidReasons", i.invalidReasons());
        m.put("setAsideReasons", i.setAside());
        m.put("heapNote", i.heapNote());
        m.put("runId", i.runId());
        return m;
    }

    /**
     * The kernel fan-out floor ({@link FanoutFloor}): the median the ratios use, the range, the count and every
     * measurement in the order taken; null when none was taken.
     */
    public static Map<String, Object> floor(FanoutFloor f) {
        if (!f.measured()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("medianPerSec", f.perSec());
        m.put("minPerSec", f.min());
        m.put("maxPerSec", f.max());
        m.put("count", f.count());
        m.put("samplesPerSec", f.samplesPerSec());
        return m;
    }

    /**
     * The spread of the capacities the searches of one transport found (repeats): how many found one of how many,
     * and min / median / max of the capacity's load, its deliveries/s and its open connections (each null when none
     * was found; the connections null too in a file whose steps did not record them). The median of an even count is
     * the mean of the middle two.
     */
    public static Map<String, Object> spread(List<CapacityResult> rs) {
        List<CapacityResult> found = rs.stream().filter(r -> atCapacity(r).isPresent()).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("found", found.size());
        m.put("of", rs.size());
        Map<String, Object> load = spreadOf(found.stream().map(CapacityResult::capacity).toList());
        m.put("min", load.get("min"));        // the capacity's load: the fields of the first v1 files
        m.put("median", load.get("median"));
        m.put("max", load.get("max"));
        m.put("deliveriesPerSec", spreadOf(found.stream()
                .map(r -> atCapacity(r).orElseThrow().deliveredPerSecond()).toList()));
        List<Double> conns = found.stream().map(r -> (double) atCapacity(r).orElseThrow().connections())
                .filter(c -> c > 0).toList();
        m.put("connections", conns.size() == found.size() ? spreadOf(conns) : spreadOf(List.of()));
        return m;
    }

    private static Map<String, Object> spreadOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", sorted.isEmpty() ? null : sorted.getFirst());
        m.put("median", sorted.isEmpty() ? null : num(ConnectionCosts.median(sorted)));
        m.put("max", sorted.isEmpty() ? null : sorted.getLast());
        return m;
    }

    /** One step: phase, load, judgement and reason, and its measurement. */
    public static Map<String, Object> point(CapacityPoint p) {
        StepMeasurement s = p.measurement();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", p.index());
        m.put("phase", p.phase().name());
        m.put("load", p.load());
        m.put("status", p.judgement().status().name());
        m.put("reason", p.judgement().reason());
        m.put("deliveredPerSec", num(s.deliveredPerSecond()));
        m.put("owedPerSec", num(s.owedPerSecond()));
        m.put("p50Us", num(s.p50Micros()));
        m.put("p99Us", num(s.p99Micros()));
        m.put("p999Us", num(s.p999Micros()));
        m.put("lost", s.lost());
        m.put("serverCpuCores", num(s.serverCpuCores()));
        m.put("serverDeliveriesPerSec", num(s.serverDeliveriesPerSecond()));
        m.put("loadGeneratorSaturated", s.loadGeneratorSaturated());
        m.put("invalidReasons", s.reasons());
        m.put("connections", s.connections());
        m.put("bytesPerDelivery", num(s.bytesPerDelivery()));
        m.put("heapPerConnectionBytes", num(s.heapPerConnectionBytes()));
        return m;
    }

    /** The search's step at its capacity (the last OK search step at that load), if it found one. */
    public static Optional<StepMeasurement> atCapacity(CapacityResult r) {
        if (r.capacity() == null) {
            return Optional.empty();
        }
        return r.points().stream().filter(p -> p.load() == r.capacity() && p.judgement().ok())
                .reduce((a, b) -> b).map(CapacityPoint::measurement);
    }

    /**
     * The capacity answer in one sentence: {@code "SSE h1: 41,000 deliveries/s at 1,000 connections x 41 msg/s within
     * p99 50 ms (confirmed on a fresh server); stopped by the objective (p99 63.0 ms > 50 ms at 48 msg/s)"}, or why
     * there is none; then, when a capacity was found and {@code fanoutFloorPerSec} is known, its ratio to the kernel
     * fan-out floor ({@code "; 0.45 of the kernel fan-out floor"}). The one definition of the answer: the console
     * prints it, {@code capacity-results.json} stores it ({@code answers}), and the reports print what is stored.
     *
     * @param who   "SSE h1" (with the variant when it is not plain: "SSE h1 coalesce")
     * @param fixed the fixed figure's text ("1,000 connections" on the rate axis, "10 msg/s" on the other)
     * @param fanoutFloorPerSec the kernel fan-out floor, writes/s; NaN when not calibrated
     */
    public static String sentence(String who, CapacityResult r, String fixed, double fanoutFloorPerSec) {
        String ratio = atCapacity(r).filter(m -> fanoutFloorPerSec > 0).map(m -> String.format(Locale.ROOT,
                "; %.2f of the kernel fan-out floor", m.deliveredPerSecond() / fanoutFloorPerSec)).orElse("");
        return answer(who, r, fixed) + ratio;
    }

    private static String answer(String who, CapacityResult r, String fixed) {
        String limit = io.pushbench.loadgen.core.Durations.format(r.objective().p99Limit());
        Optional<StepMeasurement> at = atCapacity(r);
        if (at.isPresent()) {
            String load = r.axis() == Axis.RATE ? fixed + " x " + group(r.capacity()) + " msg/s"
                    : group(r.capacity()) + " connections x " + fixed;
            String confirm = r.confirmation() == null ? "not confirmed"
                    : r.confirmed() ? "confirmed on a fresh server"
                    : "NOT confirmed on a fresh server: " + r.confirmation().judgement().reason();
            return who + ": " + group(at.get().deliveredPerSecond()) + " deliveries/s at " + load + " within p99 "
                    + limit + " (" + confirm + "); stopped by the objective (" + firstBroken(r) + ")";
        }
        return switch (r.stop()) {
            case INSTRUMENT_LIMIT -> who + ": no capacity: " + r.stopReason() + highestOk(r);
            case NEVER_OK -> who + ": no capacity: " + r.stopReason() + "; start lower";
            case MAX_LOAD_OK -> who + ": at least " + group(r.highestOk()) + " " + r.axis().unit() + " within p99 "
                    + limit + ": " + r.stopReason();
            default -> who + ": no capacity within the budget: " + r.stopReason() + highestOk(r);
        };
    }

    /** "; the highest load within the objective: 80 msg/s (80,017 deliveries/s)", or nothing when none was. */
    private static String highestOk(CapacityResult r) {
        return r.points().stream().filter(p -> r.highestOk() != null && p.load() == r.highestOk()
                        && p.judgement().ok()).reduce((a, b) -> b)
                .map(p -> "; the highest load within the objective: " + group(p.load()) + " " + r.axis().unit()
                        + " (" + group(p.measurement().deliveredPerSecond()) + " deliveries/s)").orElse("");
    }

    private static String firstBroken(CapacityResult r) {
        return r.points().stream().filter(p -> r.lowestBroken() != null && p.load() == r.lowestBroken())
                .findFirst().map(p -> p.judgement().reason() + " at " + group(p.load()) + " " + r.axis().unit())
                .orElse("none broke");
    }

    /** A figure with thousands separators, no decimals above 100, one below. */
    public static String group(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%,.1f", v);
    }

    /** NaN and infinities as null: strict JSON. */
    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
