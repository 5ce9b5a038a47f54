package io.pushbench.cli.compare;

import io.pushbench.loadgen.results.IntervalSample;

/** What a running run reports while it runs: one sample per interval (normally 1 s) and free-form log lines. */
public interface RunProgress {
    /** One interval of the run's timeline. */
    void onInterval(IntervalSample sample);

    /** A line from the run (child process output worth showing, warnings). */
    void onMessage(String line);

    /** A progress sink that ignores everything. */
    RunProgress NONE = new RunProgress() {
        @Override
        public void onInterval(IntervalSample sample) {
        }

        @Override
        public void onMessage(String line) {
        }
    };
}
