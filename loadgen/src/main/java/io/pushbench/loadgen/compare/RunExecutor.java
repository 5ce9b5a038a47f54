package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.run.RunListener;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Executes one planned run and returns its result. The real implementation ({@link OrchestratorExecutor}) starts a
 * fresh server JVM and a load generator JVM of the run's driver through the run orchestrator; tests use fakes.
 *
 * <pre>{@code
 * RunExecutor fake = (run, profile, pinning, outDir, progress) -> someResultFor(run);
 * }</pre>
 *
 * <p>Contract: the run's raw files ({@code <runId>.json}, {@code <runId>.hlog}, the driver's own files) are
 * written under {@code outDir}; when the calling thread is interrupted the executor stops its children, leaves
 * nothing listening and either returns the partial result or throws {@link InterruptedException}; when a child
 * crashes it stops the other child and throws (or returns a result marked invalid).
 */
public interface RunExecutor {

    /**
     * Runs {@code run}.
     *
     * @param run      what to run
     * @param profile  the comparison's settings (load, phases, JVM flags)
     * @param pinning  where the children run
     * @param outDir   the comparison's results directory
     * @param progress receives interval samples and log lines while the run runs
     */
    RunResult execute(PlannedRun run, CompareProfile profile, CpuPinning pinning, Path outDir, RunListener progress)
            throws IOException, InterruptedException;
}
