package io.pushbench.analysis.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The root of a results file ({@code results.json} or {@code <runId>.json}), schema {@value #SCHEMA}.
 *
 * <pre>{@code
 * Results r = Results.run(configMap, Environment.detect(), List.of(runResult));   // kind "run"
 * ResultsIO.write(dir.resolve("results.json"), r);                                 // atomic
 * Results back = ResultsIO.read(dir.resolve("results.json"));                      // schema-checked
 * }</pre>
 *
 * <p>Versioning: fields are only ever added within v1; a reader ignores fields it does not know. Renaming or
 * removing a field, or changing its meaning or unit, makes a v2.
 *
 * @param schema         always {@value #SCHEMA}
 * @param kind           "run" (one configuration, written by {@code pushbench run}) or "comparison"
 * @param complete       false when the tool was interrupted or failed before finishing every run
 * @param valid          false when any run is invalid or {@code invalidReasons} is not empty
 * @param invalidReasons one line each, at results level (each run also has its own)
 * @param config         the configuration as given (flag names to values)
 * @param environment    where it ran
 * @param calibration    instrument-floor figures when measured (free form), else empty
 * @param runs           the runs, in execution order
 * @param summary        tool-specific summary (e.g. the comparison verdict), else empty
 */
public record Results(String schema, String kind, boolean complete, boolean valid, List<String> invalidReasons,
                      Map<String, Object> config, Environment environment, Map<String, Object> calibration,
                      List<RunResult> runs, Map<String, Object> summary) {
    /**
     * The schema identifier this code writes. v2 changed meanings, not only fields: {@code latencyUs} and the
     * {@code .hlog}'s (now untagged) latency series hold first deliveries only (v1 also timed duplicates), and
     * {@code summary} is the one verdict ({@code method}, {@code arms}, {@code comparisons}, {@code verdict}).
     */
    public static final String SCHEMA = "pushbench/results/v2";
    /** The previous schema, still read (its summary is ignored: the verdict is recomputed from its runs). */
    public static final String SCHEMA_V1 = "pushbench/results/v1";

    /** Whether {@code schema} is one this code reads. */
    public static boolean readable(String schema) {
        return SCHEMA.equals(schema) || SCHEMA_V1.equals(schema);
    }
    /** Kind of a single-configuration results file. */
    public static final String KIND_RUN = "run";
    /** Kind of a comparison results file. */
    public static final String KIND_COMPARISON = "comparison";

    public Results {
        if (!readable(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + " (or " + SCHEMA_V1 + "), was " + schema);
        }
        if (!KIND_RUN.equals(kind) && !KIND_COMPARISON.equals(kind)) {
            throw new IllegalArgumentException("kind must be run or comparison, was " + kind);
        }
        invalidReasons = invalidReasons == null ? List.of() : List.copyOf(invalidReasons);
        config = copy(config);
        calibration = copy(calibration);
        summary = copy(summary);
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    /**
     * A results file of kind "run": valid when every run is valid; {@code complete} as given. The results-level
     * invalid reasons repeat each invalid run's reasons prefixed with its id.
     */
    public static Results of(String kind, boolean complete, Map<String, Object> config, Environment environment,
                             List<RunResult> runs, Map<String, Object> summary) {
        List<String> reasons = new ArrayList<>();
        for (RunResult r : runs) {
            for (String reason : r.invalidReasons()) {
                reasons.add(r.id() + ": " + reason);
            }
        }
        if (!complete) {
            reasons.add("incomplete: the tool stopped before finishing");
        }
        return new Results(SCHEMA, kind, complete, reasons.isEmpty(), reasons, config, environment, Map.of(), runs,
                summary);
    }

    /** A copy carrying {@code newCalibration} (e.g. {@link Calibration#toMap()}). */
    public Results withCalibration(Map<String, Object> newCalibration) {
        return new Results(schema, kind, complete, valid, invalidReasons, config, environment, newCalibration, runs,
                summary);
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
