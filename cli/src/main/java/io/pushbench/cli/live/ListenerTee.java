package io.pushbench.cli.live;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Comparison;
import io.pushbench.loadgen.compare.CompareListener;
import io.pushbench.loadgen.compare.ComparePlan;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CompareRunner;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.PlannedRun;
import io.pushbench.loadgen.run.RunListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Two listeners as one: every event goes to the first (the console), then to the second (the live page), so the
 * console sees everything in the order it did before.
 *
 * <pre>{@code
 * CompareListener l = ListenerTee.of(new CompareConsole(console), liveFeed);
 * RunListener r = ListenerTee.of(consoleProgress, liveFeed);
 * }</pre>
 */
public final class ListenerTee {
    private ListenerTee() {
    }

    /** {@code first} then {@code second}. */
    public static RunListener of(RunListener first, RunListener second) {
        return new RunListener() {
            @Override
            public void onInterval(IntervalSample sample) {
                first.onInterval(sample);
                second.onInterval(sample);
            }

            @Override
            public void onMessage(String line) {
                first.onMessage(line);
                second.onMessage(line);
            }
        };
    }

    /** {@code first} then {@code second}. */
    public static CompareListener of(CompareListener first, CompareListener second) {
        return new CompareListener() {
            @Override
            public void planDecided(CompareProfile profile, ComparePlan plan, CpuPinning pinning, Path dir) {
                first.planDecided(profile, plan, pinning, dir);
                second.planDecided(profile, plan, pinning, dir);
            }

            @Override
            public void calibrationStarted() {
                first.calibrationStarted();
                second.calibrationStarted();
            }

            @Override
            public void calibrationFinished(Map<String, Object> calibration) {
                first.calibrationFinished(calibration);
                second.calibrationFinished(calibration);
            }

            @Override
            public void calibrationFailed(String reason) {
                first.calibrationFailed(reason);
                second.calibrationFailed(reason);
            }

            @Override
            public void runStarting(PlannedRun run, int total) {
                first.runStarting(run, total);
                second.runStarting(run, total);
            }

            @Override
            public void intervalSampled(PlannedRun run, int total, IntervalSample sample) {
                first.intervalSampled(run, total, sample);
                second.intervalSampled(run, total, sample);
            }

            @Override
            public void runMessage(PlannedRun run, String line) {
                first.runMessage(run, line);
                second.runMessage(run, line);
            }

            @Override
            public void runFinished(PlannedRun run, int total, RunResult result) {
                first.runFinished(run, total, result);
                second.runFinished(run, total, result);
            }

            @Override
            public void runFailed(PlannedRun run, int total, String reason) {
                first.runFailed(run, total, reason);
                second.runFailed(run, total, reason);
            }

            @Override
            public void runReplaced(PlannedRun replacement, int max) {
                first.runReplaced(replacement, max);
                second.runReplaced(replacement, max);
            }

            @Override
            public void resultsWritten(Path file, Results results) {
                first.resultsWritten(file, results);
                second.resultsWritten(file, results);
            }

            @Override
            public void summarised(Results results, Comparison summary, List<String> problems) {
                first.summarised(results, summary, problems);
                second.summarised(results, summary, problems);
            }

            @Override
            public void reportsWritten(List<Path> files) {
                first.reportsWritten(files);
                second.reportsWritten(files);
            }

            @Override
            public void reportsFailed(String reason) {
                first.reportsFailed(reason);
                second.reportsFailed(reason);
            }

            @Override
            public void finished(CompareRunner.Outcome outcome, Duration wallTime) {
                first.finished(outcome, wallTime);
                second.finished(outcome, wallTime);
            }
        };
    }
}
