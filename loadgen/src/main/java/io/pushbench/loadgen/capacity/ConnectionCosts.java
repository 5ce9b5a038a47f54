package io.pushbench.loadgen.capacity;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What a transport costs per message and per connection beside its capacity. From one search's valid steps (under
 * load): bytes on the wire per delivered message ({@link WireBytes}), live heap per open connection (each step's heap
 * probe) and the CPU of an open connection under load ({@link IdleCost}); the per-step figures are the median over
 * the valid steps that measured them: neither depends on the load in principle, and the median keeps one noisy probe
 * from deciding. Beside them, the idle connections measured after the search ({@link IdleConnectionCost}: CPU and
 * heap of a connection that carries nothing), when the caller measured them.
 *
 * <pre>{@code
 * ConnectionCosts c = ConnectionCosts.of(result);
 * c.bytesPerDelivery();         // 291.0, NaN when no step observed it
 * c.heapPerConnectionBytes();   // 11,374.5 under load, NaN when no step measured it
 * c.idle();                     // Optional<IdleCost>: CPU per open connection under load
 * c.idleConnection();           // Optional<IdleConnectionCost>: the idle measurement
 * }</pre>
 *
 * @param bytesPerDelivery       median server bytes per delivered message; NaN when not observed
 * @param bytesSteps             how many steps measured it
 * @param heapPerConnectionBytes median live heap per connection under load, bytes; NaN when not measured
 * @param heapSteps              how many steps measured it
 * @param idle                   the CPU of an open connection under load, when readable
 * @param idleConnection         the idle connections measured after the search, when the caller measured them
 */
public record ConnectionCosts(double bytesPerDelivery, int bytesSteps, double heapPerConnectionBytes, int heapSteps,
                              Optional<IdleCost> idle, Optional<IdleConnectionCost> idleConnection) {
    /** The costs of {@code r}'s valid steps, and its idle measurement. */
    public static ConnectionCosts of(CapacityResult r) {
        List<StepMeasurement> valid = r.curve();
        List<Double> bytes = measured(valid, StepMeasurement::bytesPerDelivery);
        List<Double> heap = measured(valid, StepMeasurement::heapPerConnectionBytes);
        return new ConnectionCosts(median(bytes), bytes.size(), median(heap), heap.size(), IdleCost.of(r),
                Optional.ofNullable(r.idle()));
    }

    private static List<Double> measured(List<StepMeasurement> steps, ToDoubleFunction<StepMeasurement> f) {
        return steps.stream().mapToDouble(f).filter(Double::isFinite).sorted().boxed().toList();
    }

    /** The median (mean of the middle two for an even count); NaN for none. */
    static double median(List<Double> sorted) {
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
