package io.pushbench.cli.compare;

import io.pushbench.analysis.results.RunResult;

import java.util.function.Function;

/**
 * The headline figures a comparison summarises and compares, with how to read each from a run and which direction
 * is better. Latency figures come from the steady-state window only (ramp and warm-up excluded).
 */
public enum Metric {
    LATENCY_P50("latencyP50Us", "p50", Unit.MICROS, true,
            r -> r.latencyUs() == null || r.latencyUs().count() == 0 ? null : r.latencyUs().p50()),
    LATENCY_P99("latencyP99Us", "p99", Unit.MICROS, true,
            r -> r.latencyUs() == null || r.latencyUs().count() == 0 ? null : r.latencyUs().p99()),
    LATENCY_P999("latencyP999Us", "p99.9", Unit.MICROS, true,
            r -> r.latencyUs() == null || r.latencyUs().count() == 0 ? null : r.latencyUs().p999()),
    LATENCY_MAX("latencyMaxUs", "max", Unit.MICROS, true,
            r -> r.latencyUs() == null || r.latencyUs().count() == 0 ? null : r.latencyUs().max()),
    THROUGHPUT("messagesPerSec", "msg/s", Unit.RATE, false,
            r -> r.throughput() == null ? null : r.throughput().messagesPerSec()),
    CONNECT_P99("connectP99Us", "connect p99", Unit.MICROS, true,
            r -> r.connectUs() == null || r.connectUs().count() == 0 ? null : r.connectUs().p99()),
    SERVER_CPU_PER_MESSAGE("serverCpuNsPerMessage", "server CPU/msg", Unit.NANOS, true,
            r -> serverFigure(r, r.server() == null ? -1 : r.server().cpuNsPerMessage())),
    HEAP_PER_CONNECTION("heapPerConnectionBytes", "heap/conn", Unit.BYTES, true,
            r -> serverFigure(r, r.server() == null ? -1 : r.server().heapPerConnectionBytes())),
    LOADGEN_CPU_PER_MESSAGE("loadgenCpuNsPerMessage", "client CPU/msg", Unit.NANOS, true,
            r -> r.loadgen() == null || r.loadgen().cpuNsPerMessage() < 0 ? null : r.loadgen().cpuNsPerMessage());

    /** How a value is printed. */
    public enum Unit { MICROS, NANOS, BYTES, RATE }

    private final String key;
    private final String label;
    private final Unit unit;
    private final boolean lowerIsBetter;
    private final Function<RunResult, Double> reader;

    Metric(String key, String label, Unit unit, boolean lowerIsBetter, Function<RunResult, Double> reader) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
        this.reader = reader;
    }

    /** Server figures are -1 when the server exposed no /metrics: absent, not zero. */
    private static Double serverFigure(RunResult r, double v) {
        return r.server() == null || !r.server().available() || v < 0 ? null : v;
    }

    /** The key used in results.json's summary. */
    public String key() {
        return key;
    }

    /** The short label used in the console table and verdict. */
    public String label() {
        return label;
    }

    public Unit unit() {
        return unit;
    }

    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** The figure of {@code run}, or null when the run does not have it (no server metrics, no samples). */
    public Double read(RunResult run) {
        Double v = reader.apply(run);
        return v == null || !Double.isFinite(v) ? null : v;
    }

    /** Whether the figure can be computed per batch of a run's steady window from its .hlog. */
    public boolean fromHlog() {
        return this == LATENCY_P50 || this == LATENCY_P99 || this == LATENCY_P999 || this == LATENCY_MAX
                || this == THROUGHPUT;
    }

    /** Formats {@code v} for the console: 812 µs, 1.25 ms, 3.4 s; 1,234 msg/s; 5.1 KB; 950 ns. */
    public String format(double v) {
        return switch (unit) {
            case MICROS -> v < 1_000 ? String.format("%.0f µs", v)
                    : v < 1_000_000 ? String.format("%.2f ms", v / 1_000) : String.format("%.2f s", v / 1_000_000);
            case NANOS -> v < 1_000 ? String.format("%.0f ns", v) : String.format("%.1f µs", v / 1_000);
            case BYTES -> v < 1_024 ? String.format("%.0f B", v) : String.format("%.1f KB", v / 1_024);
            case RATE -> String.format("%,.0f", v);
        };
    }
}
