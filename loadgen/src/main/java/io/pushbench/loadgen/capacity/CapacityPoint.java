package io.pushbench.loadgen.capacity;

/**
 * One step a capacity search ran: the load it asked for, in which phase, what was measured and how it was judged.
 *
 * <pre>{@code
 * for (CapacityPoint p : result.points()) {
 *     System.out.println(p.phase() + " " + p.load() + " " + p.judgement());   // RAMP 4000.0 OK
 * }
 * }</pre>
 *
 * @param index       0-based position in the search (execution order)
 * @param phase       ramp, bisection or confirmation
 * @param load        the load asked of the {@link StepRunner}
 * @param measurement what the step saw
 * @param judgement   the objective's verdict on it
 */
public record CapacityPoint(int index, Phase phase, double load, StepMeasurement measurement,
                            CapacityObjective.Judgement judgement) {
    /** Where in the search a step was run. */
    public enum Phase {
        /** Raising the load geometrically from the start load. */
        RAMP,
        /** Halving the interval between the highest OK load and the lowest BROKEN one. */
        BISECT,
        /** Re-measuring the found capacity (the caller runs it on a fresh server). */
        CONFIRM
    }

    public CapacityPoint {
        if (phase == null || measurement == null || judgement == null) {
            throw new IllegalArgumentException("a capacity point needs a phase, a measurement and a judgement");
        }
    }
}
