package io.pushbench.loadgen.capacity;

/**
 * Runs one measured step of a capacity search at a load on the search's {@link Axis} (msg/s or connections) and
 * reports what it saw. The orchestration implements it with a real server and driver; tests with a model.
 *
 * <pre>{@code
 * StepRunner steps = load -> measureOnWarmServer(load);
 * CapacityResult r = search.run(steps, load -> measureOnFreshServer(load));
 * }</pre>
 */
@FunctionalInterface
public interface StepRunner {
    /** Measures one step at {@code load} (> 0; a whole number on {@link Axis#CONNECTIONS}). */
    StepMeasurement run(double load);
}
