package io.pushbench.loadgen.capacity;

import io.pushbench.loadgen.core.Durations;

import java.time.Duration;

/**
 * The service objective a capacity search holds the server to: a valid step, at most {@code maxLost} messages lost
 * (0 by default), the clients receiving at least {@code minDeliveredShare} of what they were owed per second within
 * the step (99% by default), and delivery p99 within a limit. Flags {@code --slo-p99 50ms}.
 *
 * <pre>{@code
 * CapacityObjective o = CapacityObjective.DEFAULT;          // p99 <= 50 ms, nothing lost
 * CapacityObjective.Judgement j = o.judge(measurement);     // OK, BROKEN("p99 61.2 ms > 50 ms") or INVALID(...)
 * }</pre>
 *
 * <p>Validity is judged first: an invalid step (load generator saturated, publisher behind, server unobserved) is
 * {@link Status#INVALID} whatever its latency, because a p99 the instrument inflated is not the server's limit; the
 * search then stops on the instrument rather than reporting a capacity.
 *
 * <p>Why a delivered share besides the p99: a server that falls behind delivers late rather than losing, and a
 * step's latency histogram only holds what arrived within its window; messages still queued at its end are in no
 * percentile, so a backed-up server can show a p99 within the limit (or none at all) while delivering a fraction of
 * the load. Throughput is the figure being searched for; it is held to directly. The step needs a warm-up at least
 * as long as the p99 limit before its window: otherwise the window's first latency receives nothing and a server
 * within the objective reads short (50 ms of a 5 s window is 1%).
 *
 * @param p99Limit the largest acceptable delivery p99, > 0
 * @param maxLost  the most messages a step may lose and still meet the objective, >= 0
 * @param minDeliveredShare the least share of the owed messages per second the clients must receive within the step,
 *                 in (0, 1]; not checked when a step does not know what it owed
 */
public record CapacityObjective(Duration p99Limit, long maxLost, double minDeliveredShare) {
    /** The delivered share of {@link #DEFAULT}: a step may fall 1% short (the window's edges, rounding). */
    public static final double DEFAULT_DELIVERED_SHARE = 0.99;

    /** p99 at most 50 ms, nothing lost, 99% of the owed messages delivered within the step. */
    public static final CapacityObjective DEFAULT = new CapacityObjective(Duration.ofMillis(50), 0);

    public CapacityObjective {
        if (p99Limit == null || p99Limit.isNegative() || p99Limit.isZero()) {
            throw new IllegalArgumentException("p99 limit must be > 0, was " + p99Limit);
        }
        if (maxLost < 0) {
            throw new IllegalArgumentException("max lost must be >= 0, was " + maxLost);
        }
        if (!(minDeliveredShare > 0 && minDeliveredShare <= 1)) {
            throw new IllegalArgumentException("min delivered share must be in (0, 1], was " + minDeliveredShare);
        }
    }

    /** p99 at most {@code p99Limit}, at most {@code maxLost} lost, {@value #DEFAULT_DELIVERED_SHARE} delivered. */
    public CapacityObjective(Duration p99Limit, long maxLost) {
        this(p99Limit, maxLost, DEFAULT_DELIVERED_SHARE);
    }

    /** Nothing lost, p99 at most {@code p99Limit} in the flags' duration grammar ({@code "50ms"}). */
    public static CapacityObjective p99(String p99Limit) {
        return new CapacityObjective(Durations.parse(p99Limit), 0);
    }

    /** The p99 limit in µs, the unit of {@link StepMeasurement#p99Micros()}. */
    public double p99LimitMicros() {
        return p99Limit.toNanos() / 1_000.0;
    }

    /** How a step fares. */
    public enum Status {
        /** Valid, and within the objective. */
        OK,
        /** Valid, and the objective broke: this is the server's doing. */
        BROKEN,
        /** The instrument was not sound: the step says nothing about the server. */
        INVALID
    }

    /**
     * A step's outcome with its one-line reason (null for {@link Status#OK}).
     *
     * @param status the outcome
     * @param reason why it broke or is invalid; null when OK
     */
    public record Judgement(Status status, String reason) {
        public static final Judgement OK = new Judgement(Status.OK, null);

        public Judgement {
            if (status == null || (status == Status.OK) != (reason == null)) {
                throw new IllegalArgumentException("a judgement has a reason exactly when it is not OK");
            }
        }

        public boolean ok() {
            return status == Status.OK;
        }

        @Override
        public String toString() {
            return reason == null ? status.name() : status + " (" + reason + ")";
        }
    }

    /**
     * {@link Status#INVALID} if the step is invalid; else BROKEN if it lost too much, delivered too little of what it
     * owed, or its p99 is over; else OK.
     */
    public Judgement judge(StepMeasurement m) {
        if (!m.valid()) {
            return new Judgement(Status.INVALID, String.join("; ", m.reasons()));
        }
        if (m.lost() > maxLost) {
            return new Judgement(Status.BROKEN, "lost " + m.lost() + " > " + maxLost);
        }
        if (m.deliveredShare() < minDeliveredShare) {   // false when NaN: what was owed is not known
            return new Judgement(Status.BROKEN, String.format(java.util.Locale.ROOT,
                    "delivered %.1f%% of the owed %.0f msg/s (objective %.0f%%)", m.deliveredShare() * 100,
                    m.owedPerSecond(), minDeliveredShare * 100));
        }
        if (m.p99Micros() > p99LimitMicros()) {
            return new Judgement(Status.BROKEN, String.format(java.util.Locale.ROOT, "p99 %.1f ms > %s",
                    m.p99Micros() / 1_000, Durations.format(p99Limit)));
        }
        return Judgement.OK;
    }
}
