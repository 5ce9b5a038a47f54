package io.pushbench.loadgen.scenario;

import java.time.Duration;
import java.util.Locale;

/**
 * The fault the orchestrator injects into one run, if any: a drop of a share of the server's connections through
 * {@code POST /admin/drop}, or a restart of the server JVM (SIGKILL, an outage, the same port and durable log).
 *
 * <pre>{@code
 * FaultPlan drop = FaultPlan.drop(Duration.ofSeconds(3), 0.5, FaultPlan.DropMode.ABORT);
 * FaultPlan restart = FaultPlan.restart(Duration.ofSeconds(3), Duration.ofSeconds(2));
 * drop.describe();   // "abort 50% of the connections"
 * }</pre>
 *
 * @param kind    what is done
 * @param at      when, after the start of the steady window
 * @param share   drop: the share of subscribers chosen (0..1]
 * @param mode    drop: how their streams end
 * @param outage  restart: how long the server stays down between the kill and the new start
 */
public record FaultPlan(Kind kind, Duration at, double share, DropMode mode, Duration outage) {
    /** No fault: steady load. */
    public static final FaultPlan NONE = new FaultPlan(Kind.NONE, Duration.ZERO, 0, DropMode.ABORT, Duration.ZERO);

    /** What the orchestrator does. */
    public enum Kind { NONE, DROP, RESTART }

    /** How a dropped stream ends ({@code /admin/drop?mode=}). */
    public enum DropMode {
        /** No clean end: HTTP/1.1 connection closed without the last chunk or a close frame; h2 stream reset. */
        ABORT,
        /** A clean end: the SSE response completes; WebSocket close frame 1001. */
        CLOSE,
        /** The whole TCP connection under the stream is closed: over h2 every stream it carries ends. */
        CONNECTION;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FaultPlan {
        if (kind == null || at == null || mode == null || outage == null) {
            throw new IllegalArgumentException("a fault plan needs a kind, a time, a drop mode and an outage");
        }
        if (at.isNegative()) {
            throw new IllegalArgumentException("a fault's time must be >= 0 after the steady start, was " + at);
        }
        if (kind == Kind.DROP && !(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a drop's share must be within (0, 1], was " + share);
        }
        if (kind == Kind.RESTART && (outage.isNegative() || outage.compareTo(Duration.ofMinutes(5)) > 0)) {
            throw new IllegalArgumentException("a restart's outage must be 0..5m, was " + outage);
        }
    }

    public static FaultPlan drop(Duration at, double share, DropMode mode) {
        return new FaultPlan(Kind.DROP, at, share, mode, Duration.ZERO);
    }

    public static FaultPlan restart(Duration at, Duration outage) {
        return new FaultPlan(Kind.RESTART, at, 1, DropMode.ABORT, outage);
    }

    /** One line for logs and the results: "abort 50% of the connections", "SIGKILL, down 2000 ms". */
    public String describe() {
        return switch (kind) {
            case NONE -> "none";
            case DROP -> mode.key() + " " + Math.round(share * 100) + "% of the subscribers' streams";
            case RESTART -> "SIGKILL of the server, down " + outage.toMillis() + " ms, restarted on its log";
        };
    }
}
