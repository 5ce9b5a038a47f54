package io.pushbench.reports.gate;

import io.pushbench.reports.model.Spread;

import java.util.List;
import java.util.Map;

/**
 * A saved baseline, schema {@value #SCHEMA}: the headline figures of a results directory with their spread across
 * repeats, JMH scores when present, and the configuration fingerprint a later run must match to be compared.
 *
 * <pre>{@code
 * Baseline b = Baselines.of(model, Instant.now());
 * Baselines.write(Path.of("baseline.json"), b);
 * }</pre>
 *
 * @param schema      always {@value #SCHEMA}
 * @param createdAt   ISO-8601 instant the baseline was saved
 * @param source      id of the results it was taken from
 * @param fingerprint what must match for a comparison to mean anything
 * @param groups      per configuration: figures with their spread
 * @param jmh         JMH scores, empty when the results had none
 */
public record Baseline(String schema, String createdAt, String source, Fingerprint fingerprint, List<Group> groups,
                       List<JmhEntry> jmh) {
    /** Schema identifier of this version; fields are only added within v1. */
    public static final String SCHEMA = "pushbench/baseline/v1";

    public Baseline {
        groups = groups == null ? List.of() : List.copyOf(groups);
        jmh = jmh == null ? List.of() : List.copyOf(jmh);
    }

    /**
     * The comparable configuration.
     *
     * @param sha256 hash of the canonical JSON of {@code config} and {@code groups}
     * @param config configuration values that change what is measured (output paths, tokens, repeats excluded)
     * @param groups configuration key of each group mapped to its connection count
     */
    public record Fingerprint(String sha256, Map<String, Object> config, Map<String, Integer> groups) {
    }

    /**
     * @param key     group key "transport/protocol/driver/variant"
     * @param label   human label
     * @param repeats repeats measured
     * @param figures figure key ({@link io.pushbench.reports.model.Metric#key()}) to its spread
     */
    public record Group(String key, String label, int repeats, Map<String, Spread> figures) {
    }

    /**
     * @param key   benchmark with parameters
     * @param mode  JMH mode
     * @param score primary score
     * @param error JMH's 99.9% error (NaN serialised as null when unknown)
     * @param unit  score unit
     * @param allocBytesPerOp allocation per operation, null when not profiled
     */
    public record JmhEntry(String key, String mode, double score, Double error, String unit, Double allocBytesPerOp) {
    }
}
