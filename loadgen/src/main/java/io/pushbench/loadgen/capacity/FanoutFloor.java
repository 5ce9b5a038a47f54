package io.pushbench.loadgen.capacity;

import java.util.List;

/**
 * The kernel fan-out floor a capacity run sets its capacities against: the <b>median</b> of several
 * {@code KernelFanout} measurements taken across the run (the brief calibration's, then one after each search while no
 * server runs), with their range and count. One measurement is not enough on a shared machine: the floor has been
 * seen to move from 212,000 to 154,000 writes/s within a minute in one JVM.
 *
 * <pre>{@code
 * FanoutFloor f = FanoutFloor.of(List.of(211_992.0, 153_913.0, 180_100.0));
 * f.perSec();   // 180,100.0: the median, the ratio's denominator
 * f.min();      // 153,913.0
 * f.max();      // 211,992.0
 * f.count();    // 3
 * FanoutFloor.NONE.measured();   // false: no calibration, no ratio (perSec() is NaN)
 * }</pre>
 *
 * @param samplesPerSec each measurement's writes/s, in the order taken; each > 0 and finite
 */
public record FanoutFloor(List<Double> samplesPerSec) {
    /** No measurement (no calibration, or it failed): no floor, no ratio. */
    public static final FanoutFloor NONE = new FanoutFloor(List.of());

    public FanoutFloor {
        samplesPerSec = List.copyOf(samplesPerSec);
        for (double s : samplesPerSec) {
            if (!(s > 0 && Double.isFinite(s))) {
                throw new IllegalArgumentException("a fan-out floor sample must be > 0 writes/s, was " + s
                        + " in " + samplesPerSec);
            }
        }
    }

    /** The floor of {@code samplesPerSec} (writes/s, in the order taken). */
    public static FanoutFloor of(List<Double> samplesPerSec) {
        return new FanoutFloor(samplesPerSec);
    }

    /** This floor with one more measurement. */
    public FanoutFloor plus(double writesPerSec) {
        List<Double> all = new java.util.ArrayList<>(samplesPerSec);
        all.add(writesPerSec);
        return new FanoutFloor(all);
    }

    /** Whether any measurement was taken. */
    public boolean measured() {
        return !samplesPerSec.isEmpty();
    }

    /** How many measurements. */
    public int count() {
        return samplesPerSec.size();
    }

    /** The floor: the median of the measurements (mean of the middle two for an even count); NaN for none. */
    public double perSec() {
        return ConnectionCosts.median(samplesPerSec.stream().sorted().toList());
    }

    /** The lowest measurement; NaN for none. */
    public double min() {
        return samplesPerSec.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The highest measurement; NaN for none. */
    public double max() {
        return samplesPerSec.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /**
     * The console's line: {@code "kernel fan-out floor: 180,100 writes/s (median of 3: 153,913..211,992)"}, or
     * {@code "kernel fan-out floor: 165,759 writes/s (1 measurement)"}; "not measured" for none.
     */
    public String describe() {
        if (!measured()) {
            return "kernel fan-out floor: not measured";
        }
        return "kernel fan-out floor: " + CapacityRecord.group(perSec()) + " writes/s (" + (count() == 1
                ? "1 measurement)" : "median of " + count() + ": " + CapacityRecord.group(min()) + ".."
                + CapacityRecord.group(max()) + ")");
    }
}
