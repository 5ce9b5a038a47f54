package io.pushbench.loadgen.scenario;

import io.pushbench.loadgen.driver.ClientBehaviour;
import io.pushbench.loadgen.driver.ReconnectPolicy;
import io.pushbench.wire.Protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The catalogue of reconnection scenarios and their cases, each timed from the run's own shape so that the same
 * scenario fits the {@code ci} profile's short windows and the {@code standard} profile's long ones.
 *
 * <pre>{@code
 * List<Scenario> drop = Scenarios.cases("drop", new Scenarios.Shape(Duration.ofSeconds(15), 20, 1000));
 * // drop-abort, drop-close, drop-connection (h2c only): half the subscribers, at steady + 5 s
 * }</pre>
 *
 * <ul>
 *   <li>{@code steady}: no fault (the default).</li>
 *   <li>{@code drop}: at a third of the steady window the server drops half the subscribers' streams: without a clean
 *       end ({@code drop-abort}), with one ({@code drop-close}), and over h2c by closing their TCP connections,
 *       which ends every stream they carry ({@code drop-connection}).</li>
 *   <li>{@code restart}: at a third of the steady window the server JVM is killed (SIGKILL) and started again on the
 *       same port and durable feed log after a {@value #RESTART_OUTAGE_MS} ms outage; the sequence continues.</li>
 *   <li>{@code churn}: over the steady window, 5% of the subscribers a second end their own stream and reconnect
 *       with resume, during steady load.</li>
 *   <li>{@code slow}: 10% of the subscribers read slowly (a pause after each read of four publish intervals): what
 *       it does to the others' latency, the server's heap and its slow-consumer policy.</li>
 *   <li>{@code storm}: the server is down for {@value #STORM_OUTAGE_MS} ms, then every subscriber comes back at
 *       once: with jitter ({@code storm-jitter}), without ({@code storm-sync}), and with each transport's default
 *       ({@code storm-native}: SSE waits the server's {@code retry:}, WebSocket reconnects at once).</li>
 *   <li>{@code six-connections} (browser driver only): every subscriber in one page of one browser, so that over
 *       HTTP/1.1 Chromium's six connections per host hold back the seventh SSE stream and after (HTTP/2 and
 *       WebSocket are not limited so); the run records each stream's time to first message.</li>
 * </ul>
 */
public final class Scenarios {
    /** The scenario names, in the order a comparison runs them. */
    public static final List<String> NAMES = List.of("steady", "drop", "restart", "churn", "slow", "storm",
            Scenarios.SIX_CONNECTIONS);
    /** The browser's connection-limit scenario (one case of the same name). */
    public static final String SIX_CONNECTIONS = "six-connections";
    static final long RESTART_OUTAGE_MS = 1_000;
    static final long STORM_OUTAGE_MS = 3_000;
    static final double DROP_SHARE = 0.5;
    static final double CHURN_SHARE_PER_SEC = 0.05;
    static final double SLOW_SHARE = 0.1;
    static final int SLOW_INTERVALS = 4;

    /**
     * Where a server's death can be measured for both transports: HTTP/1.1 only. Jetty 12.1's WebSocket client over
     * RFC 8441 is not told that the TCP connection under its tunnel closed, so over h2c its subscribers would come
     * back only through the driver's silence timeout, and the comparison would measure that timeout (seen: every
     * WebSocket-over-h2c subscriber of restart and storm runs ended by it).
     */
    static final List<Protocol> SERVER_DEATH_PROTOCOLS = List.of(Protocol.H1);

    /** Plain steady load. */
    public static final Scenario STEADY = new Scenario("steady", "steady", FaultPlan.NONE, ClientBehaviour.STEADY,
            List.of(), List.of(Protocol.values()), false, "steady load, no fault");

    /**
     * What the scenarios are timed from.
     *
     * @param steady      the steady (measured) window
     * @param rate        the publish rate, msg/s
     * @param connections subscribers per run
     */
    public record Shape(Duration steady, double rate, int connections) {
    }

    private Scenarios() {
    }

    /** Parses a list of scenario names; IllegalArgumentException names the unknown one and the known ones. */
    public static List<String> parse(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String k = n.strip().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(k)) {
                throw new IllegalArgumentException("unknown scenario \"" + n + "\" (known: " + String.join(", ", NAMES)
                        + ")");
            }
            if (!out.contains(k)) {
                out.add(k);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("at least one scenario is needed (known: " + String.join(", ", NAMES)
                    + ")");
        }
        return out;
    }

    /** The cases of scenario {@code name} for runs of {@code shape}. */
    public static List<Scenario> cases(String name, Shape shape) {
        Duration at = faultTime(shape.steady());
        List<Protocol> all = List.of(Protocol.values());
        return switch (name) {
            case "steady" -> List.of(STEADY);
            case "drop" -> List.of(
                    drop("drop-abort", at, FaultPlan.DropMode.ABORT, all),
                    drop("drop-close", at, FaultPlan.DropMode.CLOSE, all),
                    drop("drop-connection", at, FaultPlan.DropMode.CONNECTION, List.of(Protocol.H2C)));
            case "restart" -> List.of(new Scenario("restart", "restart",
                    FaultPlan.restart(at, Duration.ofMillis(RESTART_OUTAGE_MS)), ClientBehaviour.STEADY, List.of(),
                    SERVER_DEATH_PROTOCOLS, false, "the server is killed (SIGKILL) at steady + " + at.toMillis() + " ms and restarted on"
                    + " its durable log after " + RESTART_OUTAGE_MS + " ms; subscribers resume"));
            case "churn" -> {
                double perSec = Math.max(1, Math.round(CHURN_SHARE_PER_SEC * shape.connections() * 10) / 10.0);
                yield List.of(new Scenario("churn", "churn", FaultPlan.NONE,
                        ClientBehaviour.STEADY.withChurn(perSec), List.of(), all, true,
                        perSec + " subscribers a second end their own stream and reconnect with resume"));
            }
            case "slow" -> {
                Duration delay = Duration.ofNanos(Math.max(50_000_000L, (long) (SLOW_INTERVALS * 1e9 / shape.rate())));
                yield List.of(new Scenario("slow", "slow", FaultPlan.NONE,
                        ClientBehaviour.STEADY.withSlow(SLOW_SHARE, delay), List.of(), all, true,
                        Math.round(SLOW_SHARE * 100) + "% of the subscribers pause " + delay.toMillis()
                                + " ms after each read; the steady latency is the others'"));
            }
            case "storm" -> List.of(
                    storm("storm-jitter", at, ReconnectPolicy.JITTER, SERVER_DEATH_PROTOCOLS),
                    storm("storm-sync", at, ReconnectPolicy.SYNC, SERVER_DEATH_PROTOCOLS),
                    storm("storm-native", at, ReconnectPolicy.NATIVE, SERVER_DEATH_PROTOCOLS));
            case SIX_CONNECTIONS -> List.of(new Scenario(SIX_CONNECTIONS, SIX_CONNECTIONS, FaultPlan.NONE,
                    ClientBehaviour.STEADY, List.of(), all, false, "every subscriber in one page of one browser:"
                    + " over HTTP/1.1 Chromium's six connections per host hold back the seventh SSE stream and after"));
            default -> throw new IllegalArgumentException("unknown scenario \"" + name + "\" (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * The case named {@code name} ("drop-abort", "restart", "storm-sync"...; a scenario with one case may be named
     * by the scenario: "churn") for runs of {@code shape}.
     */
    public static Scenario byCase(String name, Shape shape) {
        String k = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        for (String n : NAMES) {
            for (Scenario c : cases(n, shape)) {
                if (c.name().equals(k)) {
                    return c;
                }
                known.add(c.name());
            }
        }
        throw new IllegalArgumentException("unknown scenario case \"" + name + "\" (known: " + String.join(", ", known)
                + ")");
    }

    /** A third of the steady window (at least 1 s): room before the fault for a baseline, after it to recover. */
    static Duration faultTime(Duration steady) {
        return Duration.ofMillis(Math.max(1_000, steady.toMillis() / 3));
    }

    private static Scenario drop(String name, Duration at, FaultPlan.DropMode mode, List<Protocol> protocols) {
        return new Scenario(name, "drop", FaultPlan.drop(at, DROP_SHARE, mode), ClientBehaviour.STEADY, List.of(),
                protocols, false, "the server drops " + Math.round(DROP_SHARE * 100) + "% of the streams ("
                + mode.key() + ") at steady + " + at.toMillis() + " ms; subscribers resume");
    }

    private static Scenario storm(String name, Duration at, ReconnectPolicy policy, List<Protocol> protocols) {
        String how = switch (policy) {
            case JITTER -> "exponential backoff with full jitter";
            case SYNC -> "a fixed pause, no jitter";
            case NATIVE -> "each transport's default (SSE: the server's retry:; WebSocket: at once)";
        };
        return new Scenario(name, "storm", FaultPlan.restart(at, Duration.ofMillis(STORM_OUTAGE_MS)),
                ClientBehaviour.STEADY.withReconnect(policy), List.of(), protocols, policy != ReconnectPolicy.JITTER,
                "the server is down " + STORM_OUTAGE_MS + " ms from steady + " + at.toMillis()
                        + " ms, then every subscriber comes back; reconnects paced by " + how);
    }
}
