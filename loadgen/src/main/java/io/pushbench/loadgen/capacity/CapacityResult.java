package io.pushbench.loadgen.capacity;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link CapacitySearch} found: the capacity (or null, with why), every step in order, the bracket it narrowed,
 * the knee of the curve and the confirmation.
 *
 * <pre>{@code
 * CapacityResult r = search.run(steps, fresh);
 * if (r.capacity() != null) {
 *     System.out.println(r.capacity() + " " + r.axis().unit() + (r.confirmed() ? "" : " (not confirmed)"));
 * } else {
 *     System.out.println("no capacity: " + r.stop() + ", " + r.stopReason());   // INSTRUMENT_LIMIT, ...
 * }
 * }</pre>
 *
 * @param axis         the axis searched
 * @param objective    the objective held
 * @param stop         how the search stopped
 * @param stopReason   one line: the step and judgement that stopped it, or the budget that ran out
 * @param capacity     the highest load that met the objective with the bracket narrowed to the resolution; null unless
 *                     {@link Stop#FOUND}
 * @param highestOk    the highest load that met the objective (null if none): a lower bound on capacity
 * @param lowestBroken the lowest load that broke it (null if none): an upper bound
 * @param points       every search step in execution order (the confirmation excluded)
 * @param knee         the curve's knee, from the valid points
 * @param confirmation the confirmation step at {@code capacity}; null when nothing was found
 * @param idle         the idle connections measured on the search's warm server after it
 *                     ({@link IdleConnectionCost}); null when the caller measured none. Not a step: it is in none of
 *                     {@code points}, the curve, the knee, the marginal cost or the judgement
 */
public record CapacityResult(Axis axis, CapacityObjective objective, Stop stop, String stopReason, Double capacity,
                             Double highestOk, Double lowestBroken, List<CapacityPoint> points, Knee knee,
                             CapacityPoint confirmation, IdleConnectionCost idle) {
    /** How a search stopped. */
    public enum Stop {
        /** The bracket was narrowed to the resolution: the capacity is its OK end. */
        FOUND,
        /** A step was invalid: the instrument (load generator, publisher, observation) gave out before the server. */
        INSTRUMENT_LIMIT,
        /** The step or time budget ran out before the bracket was narrow enough (bounds still reported). */
        BOUNDS_EXHAUSTED,
        /** The first step already broke the objective: start lower. */
        NEVER_OK,
        /** Every step up to the configured maximum load met the objective: capacity is at least that. */
        MAX_LOAD_OK
    }

    public CapacityResult {
        points = List.copyOf(points);
        if ((stop == Stop.FOUND) != (capacity != null)) {
            throw new IllegalArgumentException("a capacity is reported exactly when the search stopped FOUND");
        }
    }

    /** A search's result without an idle measurement (what {@link CapacitySearch} returns). */
    public CapacityResult(Axis axis, CapacityObjective objective, Stop stop, String stopReason, Double capacity,
                          Double highestOk, Double lowestBroken, List<CapacityPoint> points, Knee knee,
                          CapacityPoint confirmation) {
        this(axis, objective, stop, stopReason, capacity, highestOk, lowestBroken, points, knee, confirmation, null);
    }

    /** This result with the idle connections measured beside it (null: none). */
    public CapacityResult withIdle(IdleConnectionCost measured) {
        return new CapacityResult(axis, objective, stop, stopReason, capacity, highestOk, lowestBroken, points, knee,
                confirmation, measured);
    }

    /** Whether the confirmation step met the objective at the capacity (false when there is none). */
    public boolean confirmed() {
        return confirmation != null && confirmation.judgement().ok();
    }

    /** Whether the search stopped on the instrument rather than the server. */
    public boolean stoppedOnInstrument() {
        return stop == Stop.INSTRUMENT_LIMIT;
    }

    /** The valid steps sorted by load: the latency-versus-load curve (p50, p99, p99.9) a report draws. */
    public List<StepMeasurement> curve() {
        return points.stream().map(CapacityPoint::measurement).filter(StepMeasurement::valid)
                .sorted(Comparator.comparingDouble(StepMeasurement::offeredLoad)).toList();
    }

    /** The marginal server CPU per delivery over the valid steps; empty when fewer than 2 distinct loads observed. */
    public Optional<MarginalCost> marginalCost() {
        List<StepMeasurement> observed = curve().stream().filter(StepMeasurement::serverObserved).toList();
        if (observed.stream().mapToDouble(StepMeasurement::serverDeliveriesPerSecond).distinct().count() < 2) {
            return Optional.empty();
        }
        return Optional.of(MarginalCost.fit(observed));
    }
}
