package io.pushbench.loadgen.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * What one measured step of a capacity search saw: the load offered on the search's {@link Axis}, what the clients
 * received, the latency figures the objective reads, and what the server spent. A step is <em>valid</em> only when the
 * instrument was sound: no invalid reason and the load generator not saturated. An invalid step says nothing about
 * the server, whatever its latency (see {@link CapacityObjective#judge}).
 *
 * <pre>{@code
 * StepMeasurement m = StepMeasurement.builder(20_000)      // offered 20,000 msg/s on Axis.RATE
 *         .delivered(19_990, 20_000).latencyMicros(900, 4_200, 9_800).lost(0)   // received, owed per second
 *         .server(0.61, 19_990)                             // 0.61 cores, 19,990 deliveries/s
 *         .connections(1_000).wireBytes(291.0).heapPerConnection(11_400)   // the costs a report states
 *         .build();
 * m.valid();   // true
 * }</pre>
 *
 * @param offeredLoad             the load offered: msg/s on {@link Axis#RATE}, connections on
 *                                {@link Axis#CONNECTIONS}; > 0
 * @param deliveredPerSecond      messages the clients received per second within the step's window, >= 0
 * @param owedPerSecond           messages the clients were owed per second (rate x connections), > 0; NaN when not
 *                                known (then {@link CapacityObjective} cannot hold the step to its delivered share)
 * @param p50Micros               median delivery latency, µs, >= 0
 * @param p99Micros               99th percentile, µs, >= p50
 * @param p999Micros              99.9th percentile, µs, >= p99
 * @param lost                    messages never delivered (gaps), >= 0
 * @param invalidReasons          why the step is not a sound measurement ("publisher behind", "server unobserved"),
 *                                empty when it is; one line each
 * @param serverCpuCores          server CPU over the step, core-seconds per second; NaN when not observed
 * @param serverDeliveriesPerSecond messages the server wrote to subscribers per second; NaN when not observed
 * @param loadGeneratorSaturated  whether the load generator ran out of CPU (then the step is invalid)
 * @param connections             subscriber connections the step held open, >= 0 (0: not known)
 * @param bytesPerDelivery        bytes the server wrote per delivered message over the step's window
 *                                ({@link WireBytes#perDelivery}); NaN when not observed
 * @param heapPerConnectionBytes  the run's heap probe: live heap per open connection, bytes; NaN when not measured
 */
public record StepMeasurement(double offeredLoad, double deliveredPerSecond, double owedPerSecond, double p50Micros,
                              double p99Micros, double p999Micros, long lost, List<String> invalidReasons,
                              double serverCpuCores, double serverDeliveriesPerSecond, boolean loadGeneratorSaturated,
                              int connections, double bytesPerDelivery, double heapPerConnectionBytes) {
    /** The reason {@link #reasons()} gives for a saturated load generator. */
    public static final String SATURATED = "load generator saturated";

    public StepMeasurement {
        if (!(offeredLoad > 0 && Double.isFinite(offeredLoad))) {
            throw new IllegalArgumentException("offered load must be a positive number, was " + offeredLoad);
        }
        if (!(deliveredPerSecond >= 0 && Double.isFinite(deliveredPerSecond))) {
            throw new IllegalArgumentException("delivered/s must be >= 0, was " + deliveredPerSecond);
        }
        if (!(owedPerSecond > 0 && Double.isFinite(owedPerSecond)) && !Double.isNaN(owedPerSecond)) {
            throw new IllegalArgumentException("owed/s must be > 0 or NaN (not known), was " + owedPerSecond);
        }
        if (!(p50Micros >= 0 && p99Micros >= p50Micros && p999Micros >= p99Micros && Double.isFinite(p999Micros))) {
            throw new IllegalArgumentException("latency must satisfy 0 <= p50 <= p99 <= p99.9 µs, was " + p50Micros
                    + " / " + p99Micros + " / " + p999Micros);
        }
        if (lost < 0) {
            throw new IllegalArgumentException("lost must be >= 0, was " + lost);
        }
        notNegative("server CPU", serverCpuCores);
        notNegative("server deliveries/s", serverDeliveriesPerSecond);
        notNegative("bytes per delivery", bytesPerDelivery);
        notNegative("heap per connection", heapPerConnectionBytes);
        if (connections < 0) {
            throw new IllegalArgumentException("connections must be >= 0, was " + connections);
        }
        invalidReasons = invalidReasons == null ? List.of() : List.copyOf(invalidReasons);
    }

    /** A step without its connection costs (connections unknown, bytes and heap not observed). */
    public StepMeasurement(double offeredLoad, double deliveredPerSecond, double owedPerSecond, double p50Micros,
                           double p99Micros, double p999Micros, long lost, List<String> invalidReasons,
                           double serverCpuCores, double serverDeliveriesPerSecond, boolean loadGeneratorSaturated) {
        this(offeredLoad, deliveredPerSecond, owedPerSecond, p50Micros, p99Micros, p999Micros, lost, invalidReasons,
                serverCpuCores, serverDeliveriesPerSecond, loadGeneratorSaturated, 0, Double.NaN, Double.NaN);
    }

    /** Whether the instrument was sound: no invalid reason and the load generator not saturated. */
    public boolean valid() {
        return invalidReasons.isEmpty() && !loadGeneratorSaturated;
    }

    /** Every reason the step is invalid, saturation first; empty when {@link #valid()}. */
    public List<String> reasons() {
        if (!loadGeneratorSaturated) {
            return invalidReasons;
        }
        List<String> all = new ArrayList<>(invalidReasons.size() + 1);
        all.add(SATURATED);
        all.addAll(invalidReasons);
        return List.copyOf(all);
    }

    /** Delivered over owed per second; NaN when what was owed is not known. */
    public double deliveredShare() {
        return deliveredPerSecond / owedPerSecond;
    }

    /** Whether the server's CPU and deliveries were both observed (the points a {@link MarginalCost} can use). */
    public boolean serverObserved() {
        return Double.isFinite(serverCpuCores) && Double.isFinite(serverDeliveriesPerSecond);
    }

    /** A builder for a step that offered {@code offeredLoad}; unset figures are 0, the server unobserved (NaN). */
    public static Builder builder(double offeredLoad) {
        return new Builder(offeredLoad);
    }

    private static void notNegative(String name, double v) {
        // NaN is allowed: "not observed".
        if (v < 0 || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be >= 0 or NaN (not observed), was " + v);
        }
    }

    /** Builds a {@link StepMeasurement}; {@link #build()} validates. */
    public static final class Builder {
        private final double offeredLoad;
        private double delivered;
        private double owed = Double.NaN;
        private double p50;
        private double p99;
        private double p999;
        private long lost;
        private final List<String> invalidReasons = new ArrayList<>();
        private double serverCpuCores = Double.NaN;
        private double serverDeliveries = Double.NaN;
        private boolean saturated;
        private int connections;
        private double bytesPerDelivery = Double.NaN;
        private double heapPerConnection = Double.NaN;

        private Builder(double offeredLoad) {
            this.offeredLoad = offeredLoad;
        }

        /** Messages received per second; what was owed unknown. */
        public Builder delivered(double perSecond) { delivered = perSecond; return this; }
        /** Messages received per second, and owed per second (rate x connections). */
        public Builder delivered(double perSecond, double owedPerSecond) {
            delivered = perSecond;
            owed = owedPerSecond;
            return this;
        }
        public Builder latencyMicros(double p50, double p99, double p999) {
            this.p50 = p50;
            this.p99 = p99;
            this.p999 = p999;
            return this;
        }
        public Builder lost(long v) { lost = v; return this; }
        /** Adds one reason the step is invalid. */
        public Builder invalid(String reason) { invalidReasons.add(reason); return this; }
        /** The server's CPU (core-seconds per second) and deliveries per second over the step. */
        public Builder server(double cpuCores, double deliveriesPerSecond) {
            serverCpuCores = cpuCores;
            serverDeliveries = deliveriesPerSecond;
            return this;
        }
        public Builder loadGeneratorSaturated(boolean v) { saturated = v; return this; }
        /** Subscriber connections the step held open. */
        public Builder connections(int v) { connections = v; return this; }
        /** Bytes the server wrote per delivered message over the window; NaN when not observed. */
        public Builder wireBytes(double perDelivery) { bytesPerDelivery = perDelivery; return this; }
        /** Live heap per open connection, bytes, from the run's heap probe; NaN when not measured. */
        public Builder heapPerConnection(double bytes) { heapPerConnection = bytes; return this; }

        public StepMeasurement build() {
            return new StepMeasurement(offeredLoad, delivered, owed, p50, p99, p999, lost, invalidReasons,
                    serverCpuCores, serverDeliveries, saturated, connections, bytesPerDelivery, heapPerConnection);
        }
    }
}
