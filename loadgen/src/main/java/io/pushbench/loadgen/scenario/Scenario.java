package io.pushbench.loadgen.scenario;

import io.pushbench.loadgen.driver.ClientBehaviour;
import io.pushbench.wire.Protocol;

import java.util.List;

/**
 * One case of a reconnection scenario, as a run executes it: what the orchestrator does to the server
 * ({@link FaultPlan}), what the subscribers do ({@link ClientBehaviour}), and extra server flags both transports
 * get alike. {@link Scenarios} holds the catalogue.
 *
 * <pre>{@code
 * Scenario s = Scenarios.cases("drop", timing).get(0);
 * s.name();      // "drop-abort": the arm's scenario in results, keys and labels
 * s.fault();     // abort 50% at steady + 1/3
 * }</pre>
 *
 * @param name        case name, [a-z0-9-]: "steady", "drop-abort", "restart", "storm-sync"...
 * @param scenario    the scenario it belongs to ("drop", "restart", "churn", "slow", "storm", "steady")
 * @param fault       the orchestrator's fault
 * @param behaviour   the subscribers' behaviour; its scenario name is {@code name}
 * @param serverFlags extra flags of the server, for both transports
 * @param protocols   the protocols the case makes sense on (drop-connection: h2c only, elsewhere it is abort)
 * @param jettyOnly   whether only the Jetty driver can play it (client behaviour Gatling's scenario lacks)
 * @param summary     one sentence for the console and the report
 */
public record Scenario(String name, String scenario, FaultPlan fault, ClientBehaviour behaviour,
                       List<String> serverFlags, List<Protocol> protocols, boolean jettyOnly, String summary) {
    public Scenario {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("scenario case name must be 1-40 characters [a-z0-9-], was " + name);
        }
        behaviour = behaviour.named(name);
        serverFlags = List.copyOf(serverFlags);
        protocols = List.copyOf(protocols);
    }

    /** Whether this is plain steady load. */
    public boolean steady() {
        return fault.kind() == FaultPlan.Kind.NONE && behaviour.equals(Scenarios.STEADY.behaviour());
    }

    /** Whether only the browser driver can play it ({@code six-connections}: a browser's connection limit). */
    public boolean browserOnly() {
        return Scenarios.SIX_CONNECTIONS.equals(scenario);
    }

    /** Whether the server restarts during the run (it then needs its durable log). */
    public boolean restarts() {
        return fault.kind() == FaultPlan.Kind.RESTART;
    }
}
