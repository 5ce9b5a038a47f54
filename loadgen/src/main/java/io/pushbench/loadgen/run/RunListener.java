package io.pushbench.loadgen.run;

import io.pushbench.analysis.results.IntervalSample;

/**
 * Progress of a run, called from the orchestrator's reader threads (implementations must be thread-safe and quick).
 *
 * <pre>{@code
 * orchestrator.run(spec, new RunListener() {
 *     public void onInterval(IntervalSample s) { System.out.println(s.t() + " s: " + s.messagesPerSec() + " msg/s"); }
 *     public void onMessage(String line) { System.out.println(line); }
 * });
 * }</pre>
 */
public interface RunListener {
    /** One second of the load generator's timeline. */
    void onInterval(IntervalSample sample);

    /** A line worth showing to a person (orchestrator steps, child-process warnings and errors). */
    void onMessage(String line);

    /** Ignores everything. */
    RunListener NONE = new RunListener() {
        @Override
        public void onInterval(IntervalSample sample) {
        }

        @Override
        public void onMessage(String line) {
        }
    };
}
