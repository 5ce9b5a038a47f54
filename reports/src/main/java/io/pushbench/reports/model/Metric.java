package io.pushbench.reports.model;

import io.pushbench.analysis.results.RunResult;

import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The headline figures a report summarises, compares and gates, each with its direction ("lower is better")
 * and how it is read from a {@link RunResult}. A figure a run does not have (no server metrics, no connects)
 * is empty and is left out rather than shown as zero.
 */
public enum Metric {
    LATENCY_P50("latencyP50Us", "latency p50", "µs", true, r -> pos(r.latencyUs() == null || r.latencyUs().count() == 0
            ? Double.NaN : r.latencyUs().p50())),
    LATENCY_P99("latencyP99Us", "latency p99", "µs", true, r -> pos(r.latencyUs() == null || r.latencyUs().count() == 0
            ? Double.NaN : r.latencyUs().p99())),
    LATENCY_P999("latencyP999Us", "latency p99.9", "µs", true, r -> pos(r.latencyUs() == null
            || r.latencyUs().count() == 0 ? Double.NaN : r.latencyUs().p999())),
    THROUGHPUT("messagesPerSec", "delivered msg/s", "msg/s", false, r -> pos(r.throughput() == null ? Double.NaN
            : r.throughput().messagesPerSec())),
    LOSS("lossRatio", "loss", "ratio", true, r -> r.messages() == null || r.messages().expected() == 0
            ? OptionalDouble.empty() : OptionalDouble.of((double) r.messages().lost() / r.messages().expected())),
    CONNECT_P99("connectP99Us", "connect p99", "µs", true, r -> pos(r.connectUs() == null
            || r.connectUs().count() == 0 ? Double.NaN : r.connectUs().p99())),
    SERVER_CPU_PER_MESSAGE("serverCpuNsPerMessage", "server CPU per message", "ns", true,
            r -> pos(r.server() == null || !r.server().available() ? Double.NaN
                    : r.server().cpuNsPerMessage())),
    HEAP_PER_CONNECTION("heapPerConnectionBytes", "server heap per connection", "bytes", true,
            r -> pos(r.server() == null || !r.server().available() ? Double.NaN
                    : r.server().heapPerConnectionBytes()));

    private final String key;
    private final String label;
    private final String unit;
    private final boolean lowerIsBetter;
    private final Function<RunResult, OptionalDouble> reader;

    Metric(String key, String label, String unit, boolean lowerIsBetter, Function<RunResult, OptionalDouble> reader) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
        this.reader = reader;
    }

    /** Stable name used in JSON (model, baseline). */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** The figure of one run, empty when the run does not have it. */
    public OptionalDouble of(RunResult run) {
        return reader.apply(run);
    }

    /** The metric named {@code key}, for reading baselines. */
    public static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric \"" + key + "\"");
    }

    // Zero means "not measured" for these figures (a server without /metrics, a run without connects).
    private static OptionalDouble pos(double v) {
        return Double.isNaN(v) || v <= 0 ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
