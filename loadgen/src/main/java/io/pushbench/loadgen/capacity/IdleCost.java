package io.pushbench.loadgen.capacity;

import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.List;
import java.util.Optional;

/**
 * What an open connection costs the server in CPU <b>under load</b>, read from one search's valid steps whose server
 * was observed (the CPU of a connection that carries nothing is {@link IdleConnectionCost}, measured apart):
 *
 * <ul>
 *   <li>on {@link Axis#RATE} (connections fixed): server CPU at the <b>lowest load</b> step divided by its
 *       connections ({@link Method#LOWEST_LOAD}). That step's deliveries are in it, so it is an upper bound on the
 *       cost of a connection that carries nothing;</li>
 *   <li>on {@link Axis#CONNECTIONS} (rate fixed): the least-squares <b>slope</b> of server CPU against connections
 *       ({@link Method#SLOPE}, with its R²), as {@link MarginalCost} fits CPU against deliveries. Each extra connection
 *       also carries the fixed rate, so the slope is the cost of one more connection <em>at that rate</em>.</li>
 * </ul>
 *
 * <pre>{@code
 * IdleCost.of(result).ifPresent(c -> System.out.println(c.cpuMicrosPerSecond()));   // 147.0 µs of CPU/s per conn
 * }</pre>
 *
 * @param cpuMicrosPerSecond server CPU per open connection, µs of CPU per second (1e6 = one core)
 * @param method             how it was read
 * @param rSquared           R² of the slope (NaN for {@link Method#LOWEST_LOAD})
 * @param points             steps used: 1 for the lowest load, >= 2 for the slope
 * @param load               the lowest load's offered load (NaN for the slope)
 */
public record IdleCost(double cpuMicrosPerSecond, Method method, double rSquared, int points, double load) {
    /** How the figure was read. */
    public enum Method {
        /** CPU at the lowest-load step over its connections (rate axis). */
        LOWEST_LOAD,
        /** Slope of CPU against connections across the steps (connections axis). */
        SLOPE
    }

    /** The figure for {@code r}'s axis; empty when no valid step observed the server (or, for the slope, fewer than
     * two distinct connection counts did). */
    public static Optional<IdleCost> of(CapacityResult r) {
        List<StepMeasurement> observed = r.curve().stream()
                .filter(m -> m.serverObserved() && m.connections() > 0).toList();
        if (observed.isEmpty()) {
            return Optional.empty();
        }
        if (r.axis() == Axis.RATE) {
            StepMeasurement low = observed.getFirst();   // curve() is sorted by load
            return Optional.of(new IdleCost(low.serverCpuCores() * 1e6 / low.connections(), Method.LOWEST_LOAD,
                    Double.NaN, 1, low.offeredLoad()));
        }
        if (observed.stream().mapToInt(StepMeasurement::connections).distinct().count() < 2) {
            return Optional.empty();
        }
        SimpleRegression fit = new SimpleRegression(true);
        observed.forEach(m -> fit.addData(m.connections(), m.serverCpuCores()));
        // Two points fit exactly (R² = 1): reported with the point count, as MarginalCost does.
        double r2 = fit.getN() > 2 ? fit.getRSquare() : 1.0;
        return Optional.of(new IdleCost(fit.getSlope() * 1e6, Method.SLOPE, Double.isNaN(r2) ? 1.0 : r2,
                (int) fit.getN(), Double.NaN));
    }
}
