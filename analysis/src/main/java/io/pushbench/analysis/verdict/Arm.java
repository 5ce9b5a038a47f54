package io.pushbench.analysis.verdict;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

/**
 * One side of a comparison: a configuration whose runs are repeats of each other. Usually a transport (SSE, WS) on
 * a protocol, driver and variant; in an A/A comparison ({@code --transports sse,sse}) the same configuration twice,
 * told apart by {@code name} ("A", "B").
 *
 * <pre>{@code
 * Arm a = Arm.of(run);   // from a run's identity
 * a.key();               // "sse/h1/gatling/plain", "sse/h1/gatling/plain#A", "ws/h1/jetty/plain@drop-abort"
 * a.label();             // "SSE h1 jetty", "SSE h1 jetty (A)", "WS h1 jetty drop-abort"
 * }</pre>
 *
 * @param transport the transport
 * @param protocol  the HTTP protocol
 * @param driver    the load generator
 * @param variant   the named asymmetry, {@link Variant#PLAIN} when none
 * @param name      the arm's name in an A/A comparison, null otherwise
 * @param scenario  the fault scenario case the run went through ("drop-abort", "restart"...), null for none (steady
 *                  load): runs of different scenarios are never pooled or compared
 */
public record Arm(Transport transport, Protocol protocol, Driver driver, Variant variant, String name,
                  String scenario) {
    /** The run-extension key that carries an arm's name (A/A comparisons). */
    public static final String ARM_EXTENSION = "arm";
    /** The run-extension key that carries the scenario case a run went through (absent: steady load). */
    public static final String SCENARIO_EXTENSION = "scenario";
    /** The scenario of plain steady load, which arm keys and labels leave out. */
    public static final String STEADY = "steady";

    public Arm {
        if (transport == null || protocol == null || driver == null || variant == null) {
            throw new IllegalArgumentException("an arm needs transport, protocol, driver and variant");
        }
        scenario = scenario == null || scenario.isBlank() || STEADY.equals(scenario) ? null : scenario;
    }

    public Arm(Transport transport, Protocol protocol, Driver driver, Variant variant, String name) {
        this(transport, protocol, driver, variant, name, null);
    }

    /** The arm {@code run} belongs to. */
    public static Arm of(RunResult run) {
        Object name = run.extensions().get(ARM_EXTENSION);
        Object scenario = run.extensions().get(SCENARIO_EXTENSION);
        return new Arm(run.transport(), run.protocol(), run.driver(), run.variant(),
                name == null ? null : name.toString(), scenario == null ? null : scenario.toString());
    }

    /**
     * Stable key: "transport/protocol/driver/variant", plus "@scenario" for a fault scenario and "#name" for a named
     * arm (baselines key on it).
     */
    public String key() {
        return transport.key() + "/" + protocol.key() + "/" + driver.key() + "/" + variant.name()
                + (scenario == null ? "" : "@" + scenario) + (name == null ? "" : "#" + name);
    }

    /**
     * Human label, naming everything that tells arms apart (a comparison may hold several drivers and protocols):
     * "SSE h1 jetty", "WS h2c jetty gzip", "SSE h1 gatling (A)".
     */
    public String label() {
        return transport.label() + " " + protocol.key() + " " + driver.key()
                + (variant.isPlain() ? "" : " " + variant.name())
                + (scenario == null ? "" : " " + scenario)
                + (name == null ? "" : " (" + name + ")");
    }

    /** Whether {@code other} is comparable with this arm (same protocol, driver, variant and scenario). */
    boolean comparableWith(Arm other) {
        return protocol == other.protocol && driver == other.driver && variant.equals(other.variant)
                && java.util.Objects.equals(scenario, other.scenario);
    }
}
