package io.pushbench.loadgen.capacity;

import io.pushbench.loadgen.capacity.CapacityObjective.Status;
import io.pushbench.loadgen.capacity.CapacityPoint.Phase;
import io.pushbench.loadgen.capacity.CapacityResult.Stop;
import io.pushbench.loadgen.core.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stepped search for the highest load on one {@link Axis} at which the server meets a {@link CapacityObjective}.
 *
 * <pre>{@code
 * CapacitySearch search = CapacitySearch.builder(Axis.RATE)
 *         .startLoad(1_000).factor(2).resolution(0.05)
 *         .stepDuration(Duration.ofSeconds(10)).maxSteps(20).maxTotalTime(Duration.ofMinutes(3))
 *         .objective(CapacityObjective.DEFAULT).build();
 * CapacityResult r = search.run(warmServerSteps, freshServerSteps);
 * }</pre>
 *
 * <p>The search:
 * <ol>
 *   <li><b>Ramp</b>: measures the start load, then multiplies it by the factor (capped at the maximum load) while
 *       each step is OK.</li>
 *   <li><b>Bisect</b>: once a step BREAKS, measures the geometric mean of the highest OK load and the lowest BROKEN
 *       one, replacing whichever end it matches, until {@code (broken - ok) / ok <= resolution} (or, on
 *       {@link Axis#CONNECTIONS}, no whole number lies between them). The capacity is the OK end, so the true
 *       boundary lies within the resolution above it: the search never reports a load it did not see held.</li>
 *   <li><b>Confirm</b>: measures the capacity once more with the confirmation runner (the caller's fresh server),
 *       so a result carried by a warm server's history shows as {@link CapacityResult#confirmed()} false.</li>
 * </ol>
 * An INVALID step (the load generator, the publisher or the observation gave out) is never read as the server's
 * limit: it becomes a ceiling, and the search bisects below it (the ramp stops there). When the bracket closes on a
 * BROKEN step the capacity is FOUND as usual, since a step the server broke with a valid instrument bounds it; when
 * it closes on an INVALID one (or the first step is already invalid) the search stops with
 * {@link Stop#INSTRUMENT_LIMIT} and no capacity, the highest OK load being only a lower bound. The budget covers the
 * confirmation: at most {@code min(maxSteps, maxTotalTime / stepDuration)} steps in all, one kept for the
 * confirmation; when it runs out first the search stops with {@link Stop#BOUNDS_EXHAUSTED}, reporting the bracket.
 *
 * @param axis         what is raised
 * @param objective    what the server is held to
 * @param startLoad    the first step's load, > 0 (a whole number on {@link Axis#CONNECTIONS}); well below the knee,
 *                     as it is also the {@link Knee}'s baseline
 * @param factor       the ramp's multiplier, > 1
 * @param resolution   the bracket's relative width at which bisection stops, in (0, 1)
 * @param maxLoad      the highest load the ramp may ask for, >= startLoad (infinite: no cap)
 * @param stepDuration how long one step takes, including its settling, > 0
 * @param maxSteps     most steps in all, confirmation included, >= 2
 * @param maxTotalTime most time in all, confirmation included, >= 2 steps
 */
public record CapacitySearch(Axis axis, CapacityObjective objective, double startLoad, double factor,
                             double resolution, double maxLoad, Duration stepDuration, int maxSteps,
                             Duration maxTotalTime) {
    public CapacitySearch {
        if (axis == null || objective == null) {
            throw new IllegalArgumentException("a capacity search needs an axis and an objective");
        }
        if (!(startLoad > 0 && Double.isFinite(startLoad))) {
            throw new IllegalArgumentException("start load must be > 0, was " + startLoad);
        }
        if (axis.integral() && startLoad != Math.rint(startLoad)) {
            throw new IllegalArgumentException("start load must be a whole number of " + axis.unit() + ", was "
                    + startLoad);
        }
        if (!(factor > 1 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("factor must be > 1, was " + factor);
        }
        if (!(resolution > 0 && resolution < 1)) {
            throw new IllegalArgumentException("resolution must be in (0, 1), was " + resolution);
        }
        if (!(maxLoad >= startLoad)) {
            throw new IllegalArgumentException("max load must be >= start load " + startLoad + ", was " + maxLoad);
        }
        if (stepDuration == null || stepDuration.isNegative() || stepDuration.isZero()) {
            throw new IllegalArgumentException("step duration must be > 0, was " + stepDuration);
        }
        if (maxSteps < 2) {
            throw new IllegalArgumentException("max steps must be >= 2 (one step and its confirmation), was "
                    + maxSteps);
        }
        if (maxTotalTime == null || maxTotalTime.compareTo(stepDuration.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("max total time must cover 2 steps of " + Durations.format(stepDuration)
                    + ", was " + (maxTotalTime == null ? null : Durations.format(maxTotalTime)));
        }
    }

    public static Builder builder(Axis axis) {
        return new Builder(axis);
    }

    /** Steps in all, confirmation included: the smaller of the step and time budgets. */
    public int stepBudget() {
        long byTime = maxTotalTime.toNanos() / stepDuration.toNanos();
        return (int) Math.min(maxSteps, byTime);
    }

    /** Runs the search and confirms on the same runner (a caller without a fresh server for the confirmation). */
    public CapacityResult run(StepRunner steps) {
        return run(steps, steps);
    }

    /**
     * Runs the search with {@code steps}, then confirms any capacity found with {@code confirmation} (the caller's
     * fresh server).
     */
    public CapacityResult run(StepRunner steps, StepRunner confirmation) {
        return new Run(steps).search(confirmation);
    }

    /** One search's state: the points so far and the bracket. */
    private final class Run {
        private final StepRunner steps;
        private final List<CapacityPoint> points = new ArrayList<>();
        private final int searchBudget = stepBudget() - 1;   // one kept for the confirmation
        private Double ok;
        private Double broken;
        private CapacityPoint invalid;   // the lowest INVALID step: an instrument ceiling, not the server's

        Run(StepRunner steps) {
            this.steps = steps;
        }

        CapacityResult search(StepRunner confirmation) {
            double load = startLoad;
            while (true) {
                if (points.size() >= searchBudget) {
                    return exhausted();
                }
                CapacityPoint p = step(Phase.RAMP, load);
                if (p.judgement().status() == Status.INVALID) {
                    invalid = p;
                    if (ok == null) {
                        return onInstrument(p);
                    }
                    break;
                }
                if (p.judgement().status() == Status.BROKEN) {
                    broken = load;
                    if (ok == null) {
                        return end(Stop.NEVER_OK, "the first step " + at(p) + " already broke the objective: "
                                + p.judgement().reason(), null, null);
                    }
                    break;
                }
                ok = load;
                if (load >= maxLoad) {
                    return end(Stop.MAX_LOAD_OK, "every step up to the max load " + fmt(maxLoad) + " " + axis.unit()
                            + " met the objective", null, null);
                }
                load = Math.min(next(load), maxLoad);
            }
            while ((upper() - ok) / ok > resolution) {
                double mid = round(Math.sqrt(ok * upper()));
                if (mid <= ok || mid >= upper()) {
                    break;   // no whole connection between them: as narrow as this axis gets
                }
                if (points.size() >= searchBudget) {
                    return exhausted();
                }
                CapacityPoint p = step(Phase.BISECT, mid);
                switch (p.judgement().status()) {
                    case INVALID -> invalid = p;
                    case BROKEN -> broken = mid;
                    case OK -> ok = mid;
                }
            }
            if (upperIsInvalid()) {
                return onInstrument(invalid);
            }
            StepMeasurement m = confirmation.run(ok);
            CapacityPoint confirm = new CapacityPoint(points.size(), Phase.CONFIRM, ok, m, objective.judge(m));
            String narrow = (broken - ok) / ok <= resolution ? "within " + fmt(resolution * 100) + "%"
                    : "adjacent whole " + axis.unit();
            return end(Stop.FOUND, "bracket " + fmt(ok) + ".." + fmt(broken) + " " + axis.unit() + " " + narrow, ok,
                    confirm);
        }

        /** The bracket's upper end: the lowest BROKEN load or the lowest INVALID one, whichever is lower. */
        private double upper() {
            return upperIsInvalid() ? invalid.load() : broken;
        }

        private boolean upperIsInvalid() {
            return invalid != null && (broken == null || invalid.load() < broken);
        }

        private CapacityPoint step(Phase phase, double load) {
            StepMeasurement m = steps.run(load);
            CapacityPoint p = new CapacityPoint(points.size(), phase, load, m, objective.judge(m));
            points.add(p);
            return p;
        }

        private double next(double load) {
            double n = round(load * factor);
            return n > load ? n : load + 1;   // a small whole start times a small factor must still move
        }

        private double round(double load) {
            return axis.integral() ? Math.rint(load) : load;
        }

        private CapacityResult onInstrument(CapacityPoint p) {
            return end(Stop.INSTRUMENT_LIMIT, "stopped on the instrument, not the server: step " + at(p)
                    + " invalid (" + p.judgement().reason() + ")" + (ok == null ? "" : ", and no load between the "
                    + "highest within the objective and it broke the objective"), null, null);
        }

        private CapacityResult exhausted() {
            return end(Stop.BOUNDS_EXHAUSTED, "budget of " + stepBudget() + " steps (" + maxSteps + " steps, "
                    + Durations.format(maxTotalTime) + " at " + Durations.format(stepDuration)
                    + " a step, one kept for the confirmation) ran out with bracket " + fmt(ok) + ".."
                    + (upperIsInvalid() ? fmt(invalid.load()) + " (invalid: the instrument's limit)" : fmt(broken)),
                    null, null);
        }

        private CapacityResult end(Stop stop, String reason, Double capacity, CapacityPoint confirm) {
            return new CapacityResult(axis, objective, stop, reason, capacity, ok, broken, points,
                    Knee.of(points, objective), confirm);
        }

        private String at(CapacityPoint p) {
            return "at " + fmt(p.load()) + " " + axis.unit();
        }
    }

    private static String fmt(Double v) {
        if (v == null) {
            return "?";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue())
                : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Builds a {@link CapacitySearch} with defaults: x2, 5%, no max load, 10 s steps, 20 steps, 5 minutes. */
    public static final class Builder {
        private final Axis axis;
        private CapacityObjective objective = CapacityObjective.DEFAULT;
        private double startLoad = 1;
        private double factor = 2;
        private double resolution = 0.05;
        private double maxLoad = Double.POSITIVE_INFINITY;
        private Duration stepDuration = Duration.ofSeconds(10);
        private int maxSteps = 20;
        private Duration maxTotalTime = Duration.ofMinutes(5);

        private Builder(Axis axis) {
            this.axis = axis;
        }

        public Builder objective(CapacityObjective v) { objective = v; return this; }
        public Builder startLoad(double v) { startLoad = v; return this; }
        public Builder factor(double v) { factor = v; return this; }
        public Builder resolution(double v) { resolution = v; return this; }
        public Builder maxLoad(double v) { maxLoad = v; return this; }
        public Builder stepDuration(Duration v) { stepDuration = v; return this; }
        public Builder maxSteps(int v) { maxSteps = v; return this; }
        public Builder maxTotalTime(Duration v) { maxTotalTime = v; return this; }

        public CapacitySearch build() {
            return new CapacitySearch(axis, objective, startLoad, factor, resolution, maxLoad, stepDuration, maxSteps,
                    maxTotalTime);
        }
    }
}
