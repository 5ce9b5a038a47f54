package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Comparison;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event of a comparison as one short line ("start sse-h1-jetty-r1 1/10"), in the order received. */
final class RecordingListener implements CompareListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    /** The events that start with {@code prefix}. */
    List<String> starting(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    @Override
    public void planDecided(CompareProfile profile, ComparePlan plan, CpuPinning pinning, Path dir) {
        events.add("plan " + plan.runs().size() + " " + plan.notes());
    }

    @Override
    public void calibrationStarted() {
        events.add("calibration started");
    }

    @Override
    public void calibrationFinished(Map<String, Object> calibration) {
        events.add("calibration finished " + calibration);
    }

    @Override
    public void calibrationFailed(String reason) {
        events.add("calibration failed " + reason);
    }

    @Override
    public void runStarting(PlannedRun run, int total) {
        events.add("start " + run.runId() + " " + (run.index() + 1) + "/" + total);
    }

    @Override
    public void intervalSampled(PlannedRun run, int total, IntervalSample sample) {
        events.add("interval " + run.runId() + " " + sample.phase());
    }

    @Override
    public void runMessage(PlannedRun run, String line) {
        events.add("message " + run.runId() + " " + line);
    }

    @Override
    public void runFinished(PlannedRun run, int total, RunResult result) {
        events.add("done " + run.runId() + (result.valid() ? "" : " invalid"));
    }

    @Override
    public void runFailed(PlannedRun run, int total, String reason) {
        events.add("failed " + run.runId() + " " + reason);
    }

    @Override
    public void runReplaced(PlannedRun replacement, int max) {
        events.add("replaced by " + replacement.runId() + " max " + max);
    }

    @Override
    public void resultsWritten(Path file, Results results) {
        events.add("results " + results.runs().size());
    }

    @Override
    public void summarised(Results results, Comparison summary, List<String> problems) {
        events.add("summarised " + (summary != null) + " " + problems);
    }

    @Override
    public void reportsWritten(List<Path> files) {
        events.add("reports " + files.size());
    }

    @Override
    public void reportsFailed(String reason) {
        events.add("reports failed " + reason);
    }

    @Override
    public void finished(CompareRunner.Outcome outcome, Duration wallTime) {
        events.add("finished " + outcome.results().complete());
    }
}
