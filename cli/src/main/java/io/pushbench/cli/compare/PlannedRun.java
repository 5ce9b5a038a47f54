package io.pushbench.cli.compare;

/**
 * One run of a comparison's plan.
 *
 * @param index     0-based position in the plan (execution order)
 * @param runId     unique id, also the stem of the run's files: {@code sse-h1-gatling-r1}, with the variant
 *                  inserted before the repeat when it is not {@code plain} ({@code ws-h2c-gatling-h2c-r2})
 * @param transport "sse" or "ws"
 * @param variant   the variant name (see {@link Variants})
 * @param protocol  "h1" or "h2c", from the variant
 * @param driver    "gatling" or "jetty", from the variant
 * @param repeat    1-based repeat number
 */
public record PlannedRun(int index, String runId, String transport, String variant, String protocol, String driver,
                         int repeat) {

    /** The key that groups repeats of the same configuration: {@code transport/protocol/driver/variant}. */
    public String groupKey() {
        return groupKey(transport, protocol, driver, variant);
    }

    static String groupKey(String transport, String protocol, String driver, String variant) {
        return transport + "/" + protocol + "/" + driver + "/" + variant;
    }
}
