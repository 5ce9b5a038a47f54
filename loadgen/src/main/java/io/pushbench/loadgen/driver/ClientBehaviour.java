package io.pushbench.loadgen.driver;

import java.time.Duration;

/**
 * What the subscribers themselves do besides reading, for a scenario: how they pace reconnects, whether some
 * disconnect on purpose ({@code churn}) and whether some read slowly ({@code slow}). The default is steady load:
 * {@link ReconnectPolicy#JITTER}, no churn, no slow readers.
 *
 * <pre>{@code
 * ClientBehaviour b = ClientBehaviour.STEADY.withChurn(20);           // 20 subscribers/s end their stream
 * ClientBehaviour s = ClientBehaviour.STEADY.withSlow(0.1, Duration.ofMillis(50));
 * }</pre>
 *
 * @param scenario      the scenario case's name ("steady", "churn", "slow", "storm-sync"...), for the results
 * @param reconnect     the reconnect pacing
 * @param churnPerSec   subscribers per second that end their own stream (round robin) and reconnect with resume;
 *                      0 = none
 * @param slowShare     the share of subscribers (0..1, the first ones by index) that read slowly
 * @param slowReadDelay how long a slow subscriber waits after each message before it reads again
 */
public record ClientBehaviour(String scenario, ReconnectPolicy reconnect, double churnPerSec, double slowShare,
                              Duration slowReadDelay) {
    /** Steady load: no fault, one reconnect policy. */
    public static final ClientBehaviour STEADY = new ClientBehaviour("steady", ReconnectPolicy.JITTER, 0, 0,
            Duration.ZERO);

    public ClientBehaviour {
        if (scenario == null || !scenario.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("scenario name must be 1-40 characters [a-z0-9-], was " + scenario);
        }
        if (reconnect == null) {
            throw new IllegalArgumentException("a reconnect policy is required");
        }
        if (!(churnPerSec >= 0) || churnPerSec > 10_000) {
            throw new IllegalArgumentException("churn must be 0..10000 subscribers/s, was " + churnPerSec);
        }
        if (!(slowShare >= 0 && slowShare <= 1)) {
            throw new IllegalArgumentException("slow share must be within 0..1, was " + slowShare);
        }
        if (slowReadDelay == null || slowReadDelay.isNegative()) {
            throw new IllegalArgumentException("slow read delay must be >= 0, was " + slowReadDelay);
        }
        if (slowShare > 0 && slowReadDelay.isZero()) {
            throw new IllegalArgumentException("slow readers need a read delay > 0");
        }
    }

    public ClientBehaviour named(String name) {
        return new ClientBehaviour(name, reconnect, churnPerSec, slowShare, slowReadDelay);
    }

    public ClientBehaviour withReconnect(ReconnectPolicy p) {
        return new ClientBehaviour(scenario, p, churnPerSec, slowShare, slowReadDelay);
    }

    public ClientBehaviour withChurn(double perSec) {
        return new ClientBehaviour(scenario, reconnect, perSec, slowShare, slowReadDelay);
    }

    public ClientBehaviour withSlow(double share, Duration delay) {
        return new ClientBehaviour(scenario, reconnect, churnPerSec, share, delay);
    }

    /** Whether subscriber {@code index} (0-based) of {@code connections} reads slowly. */
    public boolean isSlow(int index, int connections) {
        return index < Math.round(slowShare * connections);
    }
}
