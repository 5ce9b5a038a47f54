package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.Throughput;
import io.pushbench.analysis.results.Window;

import java.util.List;
import java.util.Map;

/** Synthetic run results for tests of the summary and the runner. */
final class FakeRuns {
    private FakeRuns() {
    }

    /** A valid run of {@code run} whose latency percentiles are all derived from {@code p99Us}. */
    static RunResult result(PlannedRun run, double p99Us, long delivered, long lost) {
        Percentiles lat = new Percentiles(delivered, p99Us / 3, p99Us / 2, p99Us * 0.8, p99Us, p99Us * 1.5,
                p99Us * 2, p99Us * 3);
        Percentiles connect = new Percentiles(100, 900, 800, 1000, 2000, 2100, 2100, 2100);
        return new RunResult(run.runId(), run.transport(), run.protocol(), run.driver(), run.variant(), run.repeat(),
                100, 100, true, List.of(), new Window("2026-11-24T18:00:00Z", "2026-11-24T18:00:10Z", 1, 1, 8, 1, 2,
                10), new MessageCounts(delivered + lost, delivered, lost, 0, 0, 0, delivered * 256), lat,
                new Throughput(delivered / 8.0, delivered * 32.0), connect, connect, lat, Reconnects.NONE,
                new LoadgenFigures(1, 0.2, 0.2, 5_000, 0, 0, 1 << 20, 30, List.of()),
                new ServerFigures(true, 12_000, 0.3, 10_000_000, 4_300, 0, 0, 50, 0, 0, 1, delivered / 100),
                List.of(), List.of(), Map.of("json", run.runId() + ".json"), Map.of())
                .withSteadyMessages(new MessageCounts(delivered + lost, delivered, lost, 0, 0, 0, 0));
    }
}
