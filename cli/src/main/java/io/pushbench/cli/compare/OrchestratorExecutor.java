package io.pushbench.cli.compare;

import io.pushbench.loadgen.results.RunResult;

import java.io.IOException;
import java.nio.file.Path;

/** Runs a planned run through the load generator's {@code RunOrchestrator} (fresh server JVM + Gatling JVM). */
public final class OrchestratorExecutor implements RunExecutor {
    @Override
    public RunResult execute(PlannedRun run, CompareProfile profile, CpuPinning pinning, Path outDir,
                             RunProgress progress) throws IOException, InterruptedException {
        throw new IOException("the run orchestrator is not in this build yet (branch loadgen)");
    }

    /** The report step: report.html and report.md from the reports module. */
    public static ReportStep reports() {
        return ReportStep.NONE;
    }
}
