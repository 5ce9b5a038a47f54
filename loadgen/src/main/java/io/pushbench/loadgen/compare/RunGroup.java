package io.pushbench.loadgen.compare;

import io.pushbench.loadgen.scenario.Scenario;
import io.pushbench.loadgen.scenario.Scenarios;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Protocol;

/**
 * The runs of a comparison whose arms are compared with each other: the same protocol, driver and variant (what the
 * verdict requires of two arms, analysis {@code Arm.comparableWith}); only the transport, or the A/A arm name,
 * differs inside a group. The A B B A order and the replacement of invalid runs work per group.
 *
 * <pre>{@code
 * RunGroup g = new RunGroup(Protocol.H1, Driver.JETTY, Variant.PLAIN);
 * g.label();   // "h1/jetty/plain"; with a scenario case: "h1/jetty/plain@drop-abort"
 * }</pre>
 *
 * @param protocol the HTTP protocol every run of the group speaks
 * @param driver   the load generator that drives every run of the group
 * @param variant  the server-side asymmetry every run of the group has (see {@link Variants})
 * @param scenario the reconnection scenario case every run of the group goes through ({@link Scenarios#STEADY}:
 *                 none)
 */
public record RunGroup(Protocol protocol, Driver driver, Variant variant, Scenario scenario) {
    public RunGroup {
        if (protocol == null || driver == null || variant == null) {
            throw new IllegalArgumentException("a run group needs a protocol, a driver and a variant");
        }
        scenario = scenario == null ? Scenarios.STEADY : scenario;
    }

    public RunGroup(Protocol protocol, Driver driver, Variant variant) {
        this(protocol, driver, variant, Scenarios.STEADY);
    }

    /** "protocol/driver/variant[@scenario]", as arm keys spell the same parts: "h1/jetty/plain@drop-abort". */
    public String label() {
        return protocol.key() + "/" + driver.key() + "/" + variant.name()
                + (scenario.steady() ? "" : "@" + scenario.name());
    }
}
