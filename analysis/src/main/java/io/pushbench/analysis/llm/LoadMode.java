package io.pushbench.analysis.llm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a step offered its load: an open-loop arrival rate (requests/s, constant or Poisson) or a closed-loop number
 * of concurrent requests. The step's {@link LlmStepId#load()} is the rate or the concurrency.
 *
 * <pre>{@code
 * LoadMode.parse("rate");   // RATE
 * }</pre>
 */
public enum LoadMode {
    /** Open loop: requests arrive on a schedule whatever the server does; load = requests/s. */
    RATE("rate", "req/s"),
    /** Closed loop: each of N clients sends its next request when its previous one ends; load = N. */
    CONCURRENCY("concurrency", "concurrent");

    private final String key;
    private final String unit;

    LoadMode(String key, String unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The name in flags and JSON: "rate", "concurrency". */
    @JsonValue
    public String key() {
        return key;
    }

    /** What the load value counts, for labels: "req/s", "concurrent". */
    public String unit() {
        return unit;
    }

    /** The mode named {@code key} (case-insensitive); IllegalArgumentException naming the known ones. */
    @JsonCreator
    public static LoadMode parse(String key) {
        return io.pushbench.wire.Keys.parse(values(), LoadMode::key, "load mode", key);
    }
}
