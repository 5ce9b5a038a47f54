package io.pushbench.loadgen.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * A server model with a deterministic knee, as a {@link StepRunner}: a queue whose delivery p99 is
 * {@code base / (1 - load / capacity)} (M/D/1-like) below its capacity, and which loses messages at or above it. Its
 * CPU is {@code fixedCores + coreSecondsPerDelivery x deliveries/s}. Above {@code instrumentLimit} the load generator
 * saturates (the step is invalid). The objective's boundary, the "true knee", is where p99 reaches the limit:
 * {@code capacity x (1 - base / limit)}.
 */
final class SyntheticServer implements StepRunner {
    final double capacity;
    final double baseP99Micros;
    final double fixedCores;
    final double coreSecondsPerDelivery;
    final double instrumentLimit;
    final List<Double> asked = new ArrayList<>();

    SyntheticServer(double capacity, double baseP99Micros, double fixedCores, double coreSecondsPerDelivery,
                    double instrumentLimit) {
        this.capacity = capacity;
        this.baseP99Micros = baseP99Micros;
        this.fixedCores = fixedCores;
        this.coreSecondsPerDelivery = coreSecondsPerDelivery;
        this.instrumentLimit = instrumentLimit;
    }

    /** {@code capacity}, 1 ms base p99, 0.05 cores fixed, 14 µs a delivery, the instrument never in the way. */
    static SyntheticServer of(double capacity) {
        return new SyntheticServer(capacity, 1_000, 0.05, 14e-6, Double.POSITIVE_INFINITY);
    }

    /** The load at which p99 reaches {@code limitMicros}: the boundary a search should find. */
    double trueKnee(double limitMicros) {
        return capacity * (1 - baseP99Micros / limitMicros);
    }

    @Override
    public StepMeasurement run(double load) {
        asked.add(load);
        double rho = load / capacity;
        double p99;
        long lost;
        if (rho < 1) {
            p99 = baseP99Micros / (1 - rho);
            lost = 0;
        } else {
            p99 = baseP99Micros * 10_000;   // the queue grows for the whole step: seconds
            lost = Math.round((load - capacity) * 10);
        }
        double delivered = Math.min(load, capacity);
        return StepMeasurement.builder(load)
                .delivered(delivered, load)
                .latencyMicros(p99 / 3, p99, p99 * 1.5)
                .lost(lost)
                .server(fixedCores + coreSecondsPerDelivery * delivered, delivered)
                .loadGeneratorSaturated(load > instrumentLimit)
                .build();
    }
}
