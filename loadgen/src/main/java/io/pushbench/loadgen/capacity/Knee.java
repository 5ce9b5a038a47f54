package io.pushbench.loadgen.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a latency-versus-load curve turns: the load at which p99 crosses the objective, and the load at which the
 * curve bends, read from the valid points of a search.
 *
 * <pre>{@code
 * Knee k = Knee.of(result.curve(), CapacityObjective.DEFAULT);   // or result.knee()
 * k.crossingLoad();   // 19,600 msg/s: p99 reaches 50 ms here (interpolated), null if it never does
 * k.bendLoad();       // 10,000 msg/s: the first load whose p99 is over 2x the lowest load's
 * }</pre>
 *
 * <p><b>Crossing</b>: linear interpolation of p99 against load between the last point within the limit and the
 * first point over it (points sorted by load); null when no point is within or none is over.
 *
 * <p><b>Bend</b>: the lowest load whose p99 exceeds {@value #BEND_FACTOR} x the p99 at the lowest load measured (the
 * baseline). Chosen over the max-distance-to-chord rule (Kneedle) because the chord's ends are whatever the search
 * happened to run first and last: a geometric ramp that overshoots, or a bisection that adds points near the break,
 * moves the chord and with it the knee, so the same server would show different knees for different search
 * settings. The ratio rule depends only on the curve near the baseline and reads plainly ("p99 doubled by here").
 * For a queue with p99 = base / (1 - load / capacity) (M/D/1-like) it marks half the capacity, the load the issue's
 * "p99 at no more than 50% of capacity" target is stated at. It needs the first step well below the knee (the
 * search's start load); otherwise the baseline is already inflated and the bend reads late or not at all.
 *
 * @param crossingLoad  load where p99 reaches the objective's limit (interpolated); null if not bracketed
 * @param bendLoad      lowest measured load whose p99 exceeds {@value #BEND_FACTOR} x the baseline; null if none
 * @param baselineLoad  the lowest load measured (NaN when no point)
 * @param baselineP99Micros p99 at the baseline load, µs (NaN when no point)
 */
public record Knee(Double crossingLoad, Double bendLoad, double baselineLoad, double baselineP99Micros) {
    /** How many times the baseline p99 marks the bend. */
    public static final double BEND_FACTOR = 2.0;

    /** No valid point: nothing to read. */
    public static final Knee NONE = new Knee(null, null, Double.NaN, Double.NaN);

    /** Reads the knee from {@code points}' valid measurements (any order; invalid ones are ignored). */
    public static Knee of(List<CapacityPoint> points, CapacityObjective objective) {
        List<StepMeasurement> curve = new ArrayList<>();
        for (CapacityPoint p : points) {
            if (p.measurement().valid()) {
                curve.add(p.measurement());
            }
        }
        return ofMeasurements(curve, objective.p99LimitMicros());
    }

    /** Reads the knee from valid {@code measurements} against a p99 limit in µs. */
    public static Knee ofMeasurements(List<StepMeasurement> measurements, double p99LimitMicros) {
        List<StepMeasurement> curve = measurements.stream().filter(StepMeasurement::valid)
                .sorted(Comparator.comparingDouble(StepMeasurement::offeredLoad)).toList();
        if (curve.isEmpty()) {
            return NONE;
        }
        StepMeasurement base = curve.get(0);
        Double bend = null;
        for (StepMeasurement m : curve) {
            if (m.p99Micros() > BEND_FACTOR * base.p99Micros()) {
                bend = m.offeredLoad();
                break;
            }
        }
        Double crossing = null;
        for (int i = 1; i < curve.size(); i++) {
            StepMeasurement lo = curve.get(i - 1);
            StepMeasurement hi = curve.get(i);
            if (lo.p99Micros() <= p99LimitMicros && hi.p99Micros() > p99LimitMicros) {
                double f = (p99LimitMicros - lo.p99Micros()) / (hi.p99Micros() - lo.p99Micros());
                crossing = lo.offeredLoad() + f * (hi.offeredLoad() - lo.offeredLoad());
                break;
            }
        }
        return new Knee(crossing, bend, base.offeredLoad(), base.p99Micros());
    }
}
