package io.pushbench.cli.compare;

/**
 * One run of a comparison's plan.
 *
 * @param index     0-based position in the plan (execution order)
 * @param runId     unique id, also the stem of the run's files: {@code sse-h1-gatling-r1}, with the variant
 *                  inserted before the repeat when it is not {@code plain} ({@code ws-h2c-gatling-h2c-r2}) and the
 *                  arm after the transport in an A/A comparison ({@code sse-a-h1-gatling-r1})
 * @param transport "sse" or "ws"
 * @param variant   the variant name (see {@link Variants})
 * @param protocol  "h1" or "h2c", from the variant
 * @param driver    "gatling" or "jetty", from the variant
 * @param repeat    1-based repeat number
 * @param arm       the arm's name in an A/A comparison ("A", "B"), else null
 */
public record PlannedRun(int index, String runId, String transport, String variant, String protocol, String driver,
                         int repeat, String arm) {
    public PlannedRun(int index, String runId, String transport, String variant, String protocol, String driver,
                      int repeat) {
        this(index, runId, transport, variant, protocol, driver, repeat, null);
    }

    /** How the console names the run's arm: "SSE", "WS", "SSE (A)". */
    public String armLabel() {
        return io.pushbench.wire.Transport.parse(transport).label() + (arm == null ? "" : " (" + arm + ")");
    }
}
