package io.pushbench.analysis.figure;

import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Recovery;
import io.pushbench.analysis.results.RunResult;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The catalogue of headline figures: the one definition of each figure's name, unit, better direction, how it is
 * read from a run and how it is compared. The console, the reports, {@code results.json}'s summary, the baseline
 * and the gate all use these and nothing else.
 *
 * <pre>{@code
 * OptionalDouble p99 = Figure.LATENCY_P99.of(run);    // empty when the run has no such figure
 * Figure.LATENCY_P99.unit().format(p99.getAsDouble()); // "12.3 ms"
 * Figure.LATENCY_P99.lowerIsBetter();                  // true
 * }</pre>
 *
 * <p>Aggregation: a figure is measured once per run (latency percentiles over the run's steady window, counts and
 * rates over the same window, costs per delivered message over it) and a configuration's figure is the
 * <em>median over its valid runs</em>; two configurations are compared on those per-run values (see
 * {@link io.pushbench.analysis.stats.ShiftInterval}). {@link Scale#RATIO} figures are compared as a ratio (the
 * comparison runs on their logarithms), {@link Scale#DIFFERENCE} ones (which can be 0) as a difference.
 */
public enum Figure {
    LATENCY_P50("latencyP50Us", "p50", Unit.MICROS, true, Scale.RATIO, r -> latency(r, Percentiles::p50)),
    LATENCY_P99("latencyP99Us", "p99", Unit.MICROS, true, Scale.RATIO, r -> latency(r, Percentiles::p99)),
    LATENCY_P999("latencyP999Us", "p99.9", Unit.MICROS, true, Scale.RATIO, r -> latency(r, Percentiles::p999)),
    LATENCY_MAX("latencyMaxUs", "max", Unit.MICROS, true, Scale.RATIO, r -> latency(r, Percentiles::max)),
    THROUGHPUT("messagesPerSec", "msg/s", Unit.RATE, false, Scale.RATIO,
            r -> positive(r.throughput() == null ? Double.NaN : r.throughput().messagesPerSec())),
    LOSS("lossRatio", "loss", Unit.RATIO, true, Scale.DIFFERENCE, Figure::lossRatio),
    CONNECT_P99("connectP99Us", "connect p99", Unit.MICROS, true, Scale.RATIO,
            r -> r.connectUs() == null || r.connectUs().count() == 0 ? OptionalDouble.empty()
                    : positive(r.connectUs().p99())),
    SERVER_CPU_PER_MESSAGE("serverCpuNsPerMessage", "server CPU/msg", Unit.NANOS, true, Scale.RATIO,
            r -> r.server() == null || !r.server().available() ? OptionalDouble.empty()
                    : positive(r.server().cpuNsPerMessage())),
    HEAP_PER_CONNECTION("heapPerConnectionBytes", "heap/conn", Unit.BYTES, true, Scale.RATIO,
            r -> r.server() == null || !r.server().available() ? OptionalDouble.empty()
                    : positive(r.server().heapPerConnectionBytes())),
    LOADGEN_CPU_PER_MESSAGE("loadgenCpuNsPerMessage", "client CPU/msg", Unit.NANOS, true, Scale.RATIO,
            r -> r.loadgen() == null ? OptionalDouble.empty() : positive(r.loadgen().cpuNsPerMessage())),
    // Reconnection figures: present only in runs with injected faults (Recovery), so steady comparisons keep the
    // figures above and nothing else.
    RECOVERY_P50("recoveryP50Us", "recovery p50", Unit.MICROS, true, Scale.RATIO,
            r -> recovery(r, rec -> rec.recoveryUs().count() == 0 ? Double.NaN : rec.recoveryUs().p50())),
    RECOVERY_P99("recoveryP99Us", "recovery p99", Unit.MICROS, true, Scale.RATIO,
            r -> recovery(r, rec -> rec.recoveryUs().count() == 0 ? Double.NaN : rec.recoveryUs().p99())),
    ALL_BACK("allBackUs", "all back", Unit.MICROS, true, Scale.RATIO, r -> recovery(r, Recovery::allBackUs)),
    DUPLICATES("duplicateRatio", "duplicates", Unit.RATIO, true, Scale.DIFFERENCE, Figure::duplicateRatio);

    /** How two configurations' values of a figure are compared. */
    public enum Scale {
        /** As a ratio (b / a): the figure is strictly positive and its noise is multiplicative. */
        RATIO,
        /** As a difference (b - a): the figure can be 0 (loss). */
        DIFFERENCE
    }

    /** The figures every comparison, report and gate covers when runs have them, in display order. */
    public static final List<Figure> HEADLINE = List.of(values());
    /** The figures of steady load, which every run has (the verdict's false-call simulation models these). */
    public static final List<Figure> STEADY = List.of(LATENCY_P50, LATENCY_P99, LATENCY_P999, LATENCY_MAX, THROUGHPUT,
            LOSS, CONNECT_P99, SERVER_CPU_PER_MESSAGE, HEAP_PER_CONNECTION, LOADGEN_CPU_PER_MESSAGE);
    /** The figures only runs with injected faults have (scenarios drop, restart, churn, storm). */
    public static final List<Figure> RECONNECTION = List.of(RECOVERY_P50, RECOVERY_P99, ALL_BACK, DUPLICATES);

    private final String key;
    private final String label;
    private final Unit unit;
    private final boolean lowerIsBetter;
    private final Scale scale;
    private final Function<RunResult, OptionalDouble> reader;

    Figure(String key, String label, Unit unit, boolean lowerIsBetter, Scale scale,
           Function<RunResult, OptionalDouble> reader) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
        this.scale = scale;
        this.reader = reader;
    }

    /** Stable name in JSON (results summary, baseline, gate). */
    public String key() {
        return key;
    }

    /** Short human label: "p99", "server CPU/msg". */
    public String label() {
        return label;
    }

    public Unit unit() {
        return unit;
    }

    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    public Scale scale() {
        return scale;
    }

    /** The figure of one run; empty when the run does not have it (no server metrics, no samples). */
    public OptionalDouble of(RunResult run) {
        OptionalDouble v = reader.apply(run);
        return v.isPresent() && !Double.isFinite(v.getAsDouble()) ? OptionalDouble.empty() : v;
    }

    /** {@code v} printed in this figure's unit. */
    public String format(double v) {
        return unit.format(v);
    }

    /** The figure named {@code key}; IllegalArgumentException for an unknown key. */
    public static Figure byKey(String key) {
        for (Figure f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown figure \"" + key + "\"");
    }

    private static OptionalDouble latency(RunResult r, java.util.function.ToDoubleFunction<Percentiles> p) {
        Percentiles l = r.latencyUs();
        return l == null || l.count() == 0 ? OptionalDouble.empty() : positive(p.applyAsDouble(l));
    }

    /** Lost / expected over the steady window (whole run for results written before steady counts existed). */
    private static OptionalDouble lossRatio(RunResult r) {
        MessageCounts m = Counts.headline(r);
        return m == null || m.expected() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) m.lost() / m.expected());
    }

    /** A recovery figure; empty without faults, and for 0 or less (-1: some subscribers never came back). */
    private static OptionalDouble recovery(RunResult r, java.util.function.ToDoubleFunction<Recovery> f) {
        Recovery rec = r.reconnects() == null ? null : r.reconnects().recovery();
        return rec == null || rec.affected() == 0 ? OptionalDouble.empty() : positive(f.applyAsDouble(rec));
    }

    /** Duplicated / expected over the steady window; only for runs with faults, where resume can repeat. */
    private static OptionalDouble duplicateRatio(RunResult r) {
        if (r.reconnects() == null || r.reconnects().recovery() == null) {
            return OptionalDouble.empty();
        }
        MessageCounts m = Counts.headline(r);
        return m == null || m.expected() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) m.duplicated() / m.expected());
    }

    // Zero or negative means "not measured" for these figures (-1 is the results' "unknown").
    private static OptionalDouble positive(double v) {
        return Double.isNaN(v) || v <= 0 ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
