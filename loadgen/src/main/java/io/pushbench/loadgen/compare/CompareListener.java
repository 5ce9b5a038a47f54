package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Comparison;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a {@link CompareRunner} tells while it runs a comparison: its life cycle as events, so that the runner itself
 * prints nothing (the CLI's console implements this; tests record the events). Every method has a no-op default:
 * implement only what you show.
 *
 * <pre>{@code
 * CompareListener l = new CompareListener() {
 *     public void runFinished(PlannedRun run, int total, RunResult r) {
 *         System.out.println(run.runId() + (r.valid() ? " ok" : " INVALID"));
 *     }
 * };
 * CompareRunner.builder(profile, dir).listener(l)...build().run();
 * }</pre>
 *
 * <p>Order: {@link #planDecided} first; then the calibration events (when a step runs); then per run
 * {@link #runStarting}, any number of {@link #intervalSampled} and {@link #runMessage}, and {@link #runFinished} or
 * {@link #runFailed}, with {@link #runReplaced} after the last planned run when an invalid run gets a replacement;
 * {@link #resultsWritten} after each rewrite of results.json; finally {@link #summarised}, {@link #reportsWritten}
 * or {@link #reportsFailed} (when reports are made), and {@link #finished}. {@code total} is the number of runs in
 * the plan at that moment (replacements included). {@link #intervalSampled} and {@link #runMessage} arrive on the
 * run orchestrator's reader threads: implementations must be thread-safe and quick. A listener must not throw.
 */
public interface CompareListener {
    /** Ignores everything. */
    CompareListener NONE = new CompareListener() {
    };

    /** The runs are planned; nothing has run yet and results.json is about to be written in {@code dir}. */
    default void planDecided(CompareProfile profile, ComparePlan plan, CpuPinning pinning, Path dir) {
    }

    /** The calibration step starts (before the first run). */
    default void calibrationStarted() {
    }

    /**
     * The calibration step returned {@code calibration}, which results.json stores under {@code calibration}; a
     * step that measured nothing returns {@code {"skipped": "<why>"}}.
     */
    default void calibrationFinished(Map<String, Object> calibration) {
    }

    /** The calibration step failed ({@code reason} is one line); the comparison goes on without it. */
    default void calibrationFailed(String reason) {
    }

    /** {@code run} starts: a fresh server JVM and load generator. */
    default void runStarting(PlannedRun run, int total) {
    }

    /** One second of {@code run}'s load-generator timeline (the run orchestrator's {@code RunListener} data). */
    default void intervalSampled(PlannedRun run, int total, IntervalSample sample) {
    }

    /** A line of {@code run}'s orchestrator worth showing a person; the orchestrator already wrote it to console.log. */
    default void runMessage(PlannedRun run, String line) {
    }

    /** {@code run} ended with {@code result}, valid or not. */
    default void runFinished(PlannedRun run, int total, RunResult result) {
    }

    /** {@code run} failed ({@code reason} is one line): a child crashed; the comparison stops after it. */
    default void runFailed(PlannedRun run, int total, String reason) {
    }

    /** {@code replacement} was added to the plan for an invalid run of its arm, at most {@code max} per comparison. */
    default void runReplaced(PlannedRun replacement, int max) {
    }

    /** results.json was (re)written at {@code file}. */
    default void resultsWritten(Path file, Results results) {
    }

    /**
     * Every run is done (or the comparison stopped): {@code summary} is the verdict of the finished runs (null when
     * none finished); {@code problems} are the comparison's own reasons for being incomplete (the runs' invalid
     * reasons are in {@code results}).
     */
    default void summarised(Results results, Comparison summary, List<String> problems) {
    }

    /** The report step wrote {@code files}. */
    default void reportsWritten(List<Path> files) {
    }

    /** The report step failed ({@code reason} is one line); results.json stands. */
    default void reportsFailed(String reason) {
    }

    /** The comparison is over: what it produced and how long it took. */
    default void finished(CompareRunner.Outcome outcome, Duration wallTime) {
    }
}
