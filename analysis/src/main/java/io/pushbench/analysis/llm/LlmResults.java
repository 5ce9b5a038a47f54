package io.pushbench.analysis.llm;

import io.pushbench.analysis.results.Environment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The root of an LLM results file ({@value #FILE_NAME}), schema {@value #SCHEMA}, written by {@code pushbench llm}
 * and read by {@code pushbench report}.
 *
 * <pre>{@code
 * LlmResults r = LlmResults.of(true, config, Environment.detect(checkout), calibration, model, steps);
 * LlmResultsIO.write(dir.resolve(LlmResults.FILE_NAME), r);   // atomic
 * LlmResults back = LlmResultsIO.read(dir.resolve(LlmResults.FILE_NAME));
 * }</pre>
 *
 * <p>Versioning as {@code results.json}: fields are only ever added within v1; a reader ignores fields it does not
 * know. Renaming or removing a field, or changing its meaning or unit, makes a v2. Documented field by field in
 * {@code docs/results-schema.md}, "LLM results".
 *
 * @param schema         always {@value #SCHEMA}
 * @param complete       false when the tool stopped before running every step
 * @param valid          false when any step is invalid or {@code invalidReasons} is not empty
 * @param invalidReasons one line each, results level (each invalid step's reasons prefixed with its name)
 * @param config         the configuration as given (flag names to values; never an API key)
 * @param environment    where it ran
 * @param calibration    instrument-floor figures when measured (free form), else empty
 * @param model          the model server: the simulated model's settings, or what is known of a {@code --server}
 *                       (free form), else empty
 * @param steps          the steps, in execution order
 * @param summary        SSE against WS per load ({@link LlmSummary#of(List)})
 */
public record LlmResults(String schema, boolean complete, boolean valid, List<String> invalidReasons,
                         Map<String, Object> config, Environment environment, Map<String, Object> calibration,
                         Map<String, Object> model, List<LlmStepResult> steps, LlmSummary summary) {
    /** The schema identifier this code writes and reads. */
    public static final String SCHEMA = "pushbench/llm-results/v1";
    /** The file's name in a results directory. */
    public static final String FILE_NAME = "llm-results.json";

    public LlmResults {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", was " + schema);
        }
        invalidReasons = invalidReasons == null ? List.of() : List.copyOf(invalidReasons);
        config = copy(config);
        calibration = copy(calibration);
        model = copy(model);
        steps = steps == null ? List.of() : List.copyOf(steps);
        summary = summary == null ? LlmSummary.of(steps) : summary;
    }

    /**
     * A results file: valid when complete and every step is valid; the summary derived from the steps; the
     * results-level reasons repeat each invalid step's, prefixed with its name.
     */
    public static LlmResults of(boolean complete, Map<String, Object> config, Environment environment,
                                Map<String, Object> calibration, Map<String, Object> model,
                                List<LlmStepResult> steps) {
        List<String> reasons = new ArrayList<>();
        for (LlmStepResult s : steps) {
            for (String reason : s.invalidReasons()) {
                reasons.add(s.name() + ": " + reason);
            }
        }
        if (!complete) {
            reasons.add("incomplete: the tool stopped before finishing");
        }
        return new LlmResults(SCHEMA, complete, reasons.isEmpty(), reasons, config, environment, calibration, model,
                steps, LlmSummary.of(steps));
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
