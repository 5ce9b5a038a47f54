package io.pushbench.loadgen.capacity;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What a transport costs per message and per connection beside its capacity, from one search's valid steps: bytes on
 * the wire per delivered message ({@link WireBytes}), live heap per open connection (each step's heap probe) and
 * the CPU of an open connection ({@link IdleCost}). The per-step figures are the median over the valid steps that
 * measured them: neither depends on the load in principle, and the median keeps one noisy probe from deciding.
 *
 * <pre>{@code
 * ConnectionCosts c = ConnectionCosts.of(result);
 * c.bytesPerDelivery();         // 291.0, NaN when no step observed it
 * c.heapPerConnectionBytes();   // 11,374.5, NaN when no step measured it
 * c.idle();                     // Optional<IdleCost>
 * }</pre>
 *
 * @param bytesPerDelivery       median server bytes per delivered message; NaN when not observed
 * @param bytesSteps             how many steps measured it
 * @param heapPerConnectionBytes median live heap per connection, bytes; NaN when not measured
 * @param heapSteps              how many steps measured it
 * @param idle                   the CPU of an open connection, when readable
 */
public record ConnectionCosts(double bytesPerDelivery, int bytesSteps, double heapPerConnectionBytes, int heapSteps,
                              Optional<IdleCost> idle) {
    /** The costs of {@code r}'s valid steps. */
    public static ConnectionCosts of(CapacityResult r) {
        List<StepMeasurement> valid = r.curve();
        List<Double> bytes = measured(valid, StepMeasurement::bytesPerDelivery);
        List<Double> heap = measured(valid, StepMeasurement::heapPerConnectionBytes);
        return new ConnectionCosts(median(bytes), bytes.size(), median(heap), heap.size(), IdleCost.of(r));
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
