package io.pushbench.loadgen.compare;

import io.pushbench.loadgen.scenario.Scenario;
import io.pushbench.loadgen.scenario.Scenarios;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

/**
 * One run of a comparison's plan.
 *
 * <pre>{@code
 * PlannedRun r = RunPlanner.plan(profile).runs().get(0);
 * r.runId();      // "sse-h1-jetty-r1"
 * r.armLabel();   // "SSE"
 * r.group();      // h1/jetty/plain: the runs it is compared with
 * }</pre>
 *
 * @param index     0-based position in the plan (execution order)
 * @param runId     unique id, also the stem of the run's files: {@code sse-h1-jetty-r1}, with the variant inserted
 *                  before the repeat when it is not {@code plain} ({@code ws-h2c-jetty-gzip-r2}) and the arm after
 *                  the transport in an A/A comparison ({@code sse-a-h1-jetty-r1})
 * @param transport the transport
 * @param variant   the variant (see {@link Variants})
 * @param protocol  the HTTP protocol, from the profile's protocols
 * @param driver    the load generator, from the profile's drivers
 * @param repeat    1-based repeat number
 * @param arm       the arm's name in an A/A comparison ("A", "B"), else null
 * @param scenario  the reconnection scenario case ({@link Scenarios#STEADY}: none)
 */
public record PlannedRun(int index, String runId, Transport transport, Variant variant, Protocol protocol,
                         Driver driver, int repeat, String arm, Scenario scenario) {
    public PlannedRun {
        scenario = scenario == null ? Scenarios.STEADY : scenario;
    }

    public PlannedRun(int index, String runId, Transport transport, Variant variant, Protocol protocol, Driver driver,
                      int repeat) {
        this(index, runId, transport, variant, protocol, driver, repeat, null, null);
    }

    public PlannedRun(int index, String runId, Transport transport, Variant variant, Protocol protocol, Driver driver,
                      int repeat, String arm) {
        this(index, runId, transport, variant, protocol, driver, repeat, arm, null);
    }

    /** How the console names the run's arm: "SSE", "WS", "SSE (A)". */
    public String armLabel() {
        return transport.label() + (arm == null ? "" : " (" + arm + ")");
    }

    /** The group whose runs this run is compared with: its protocol, driver, variant and scenario. */
    public RunGroup group() {
        return new RunGroup(protocol, driver, variant, scenario);
    }
}
