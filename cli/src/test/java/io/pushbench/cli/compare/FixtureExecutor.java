package io.pushbench.cli.compare;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.loadgen.compare.CompareProfile;
import io.pushbench.loadgen.compare.CpuPinning;
import io.pushbench.loadgen.compare.PlannedRun;
import io.pushbench.loadgen.compare.RunExecutor;
import io.pushbench.loadgen.run.RunListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@link RunExecutor} that starts nothing: each planned run returns the run of the same id from the reports
 * module's {@code comparison-5x} fixture (10 runs, {@code sse|ws-h1-gatling-r1..5}: plan with
 * {@code --profile ci --drivers gatling}), after one steady interval sample.
 */
public final class FixtureExecutor implements RunExecutor {
    private static final Path COMPARISON_5X =
            Path.of("../reports/src/test/resources/fixtures/comparison-5x/results.json");

    /** The run ids executed, in order. */
    public final List<String> executed = new CopyOnWriteArrayList<>();
    private final Map<String, RunResult> byId;

    public FixtureExecutor() throws IOException {
        byId = ResultsIO.read(COMPARISON_5X).runs().stream()
                .collect(Collectors.toMap(RunResult::id, Function.identity()));
    }

    @Override
    public RunResult execute(PlannedRun run, CompareProfile profile, CpuPinning pinning, Path outDir,
                             RunListener progress) throws IOException {
        executed.add(run.runId());
        progress.onInterval(new IntervalSample(12, "steady", 100, 200, 51_200, 800, 1500, 2000, 0, 0, 0, 0, 0.2));
        RunResult r = byId.get(run.runId());
        if (r == null) {
            throw new IOException("no run " + run.runId() + " in " + COMPARISON_5X);
        }
        return r;
    }
}
