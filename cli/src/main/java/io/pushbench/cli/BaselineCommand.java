package io.pushbench.cli;

import io.pushbench.reports.gate.Baseline;
import io.pushbench.reports.gate.Baselines;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code pushbench baseline DIR --out FILE}: saves the headline figures of a results directory, their spread
 * across repeats, JMH scores and the configuration fingerprint as a versioned baseline for {@code pushbench gate}.
 *
 * <pre>{@code
 * pushbench baseline results/ci-main --out .ci/baseline.json
 * }</pre>
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Save a baseline (schema " + Baseline.SCHEMA + ") from a results directory for 'pushbench gate'.",
                "Holds each configuration's p99, throughput, loss etc. with their spread across repeats, JMH scores "
                        + "when present, and the configuration fingerprint."})
public final class BaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "results directory (contains results.json)")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "baseline file to write")
    Path out;

    @Override
    public Integer call() {
        try {
            ReportModel model = ReportModelLoader.load(dir);
            Baseline b = Baselines.of(model, Instant.now());
            Baselines.write(out, b);
            var w = spec.commandLine().getOut();
            int minRuns = b.arms().stream().mapToInt(Baseline.ArmEntry::validRuns).min().orElse(0);
            w.println("pushbench baseline: wrote " + out + " (" + b.arms().size() + " arms, "
                    + minRuns + "+ valid runs each, " + b.jmh().size() + " JMH scores, fingerprint "
                    + b.fingerprint().sha256().substring(0, 12) + ")");
            if (!model.valid()) {
                w.println("pushbench baseline: warning: these results are not valid: "
                        + String.join("; ", model.invalidReasons()));
            }
            if (minRuns < io.pushbench.analysis.stats.ShiftInterval.MIN_RUNS_TO_CALL) {
                w.println("pushbench baseline: warning: with " + minRuns + " valid runs per arm the gate cannot "
                        + "confirm a regression at 99% (its checks will be SKIP); use 5 or more, 10 to stay robust to "
                        + "one disturbed run");
            }
            w.flush();
            return 0;
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
