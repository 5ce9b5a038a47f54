package io.pushbench.reports.gate;

import java.util.List;
import java.util.Map;

/**
 * A saved baseline, schema {@value #SCHEMA}: per arm and per headline figure the per-run values of its valid runs
 * (so that the gate runs the same rank statistics as the verdict), JMH scores with their error when present, and the
 * configuration fingerprint a later run must match to be compared.
 *
 * <pre>{@code
 * Baseline b = Baselines.of(ReportModelLoader.load(dir), Instant.now());
 * Baselines.write(Path.of("baseline.json"), b);
 * b.arm("ws/h1/gatling/plain").figures().get("latencyP99Us").values();   // one p99 per valid run
 * }</pre>
 *
 * @param schema      always {@value #SCHEMA}
 * @param createdAt   ISO-8601 instant the baseline was saved
 * @param source      id of the results it was taken from
 * @param fingerprint what must match for a comparison to mean anything
 * @param arms        per arm ({@link io.pushbench.analysis.verdict.Arm#key()}): its figures' per-run values
 * @param jmh         JMH scores, empty when the results had none
 * @param verdict     the source results' verdict lines ({@code Comparison.verdict()}), for the record
 */
public record Baseline(String schema, String createdAt, String source, Fingerprint fingerprint, List<ArmEntry> arms,
                       List<JmhEntry> jmh, List<String> verdict) {
    /** Schema identifier of this version; fields are only added within v2. */
    public static final String SCHEMA = "pushbench/baseline/v2";
    /** The previous schema (bootstrap intervals, no per-run values): refused with a one-line message. */
    public static final String SCHEMA_V1 = "pushbench/baseline/v1";

    public Baseline {
        arms = arms == null ? List.of() : List.copyOf(arms);
        jmh = jmh == null ? List.of() : List.copyOf(jmh);
        verdict = verdict == null ? List.of() : List.copyOf(verdict);
    }

    /** The arm with {@code key}, or null. */
    public ArmEntry arm(String key) {
        return arms.stream().filter(a -> a.key().equals(key)).findFirst().orElse(null);
    }

    /**
     * The comparable configuration.
     *
     * @param sha256 hash of the canonical JSON of {@code config} and {@code groups}
     * @param config configuration values that change what is measured (output paths, tokens, repeats excluded)
     * @param groups arm key mapped to its connection count (name kept from v1: the hash covers it)
     */
    public record Fingerprint(String sha256, Map<String, Object> config, Map<String, Integer> groups) {
    }

    /**
     * @param key       arm key "transport/protocol/driver/variant" ("#name" for a named A/A arm)
     * @param label     human label
     * @param runs      runs of the arm
     * @param validRuns valid runs: the values come from these only
     * @param figures   {@link io.pushbench.analysis.figure.Figure#key()} to the figure's values; a figure no valid
     *                  run had is absent
     */
    public record ArmEntry(String key, String label, int runs, int validRuns, Map<String, FigureValues> figures) {
        public ArmEntry {
            figures = figures == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(figures));
        }
    }

    /**
     * @param unit   {@link io.pushbench.analysis.figure.Unit#symbol()}, for readers of the file
     * @param median median of {@code values}, for readers of the file (the gate uses the values)
     * @param values one value per valid run, in run order
     */
    public record FigureValues(String unit, double median, List<Double> values) {
        public FigureValues {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }

    /**
     * @param key             benchmark with parameters
     * @param mode            JMH mode
     * @param score           primary score
     * @param error           JMH's 99.9% error half-width, null when JMH had none (a single iteration)
     * @param unit            score unit
     * @param allocBytesPerOp allocation per operation, null when not profiled
     */
    public record JmhEntry(String key, String mode, double score, Double error, String unit, Double allocBytesPerOp) {
    }
}
