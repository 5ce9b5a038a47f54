package io.pushbench.cli;

import io.pushbench.reports.gate.Baseline;
import io.pushbench.reports.gate.Baselines;
import io.pushbench.reports.gate.Gate;
import io.pushbench.reports.gate.GateCheck;
import io.pushbench.reports.gate.GateOptions;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.gate.JUnitXml;
import io.pushbench.reports.model.ReportModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pushbench gate --baseline FILE --current DIR}: compares current results with a baseline, prints each check
 * as PASS/FAIL/SKIP, optionally writes JUnit XML, and exits 0 (pass), 1 (regression) or 2 (bad input: missing files,
 * wrong schema, mismatched configurations).
 *
 * <pre>{@code
 * pushbench gate --baseline .ci/baseline.json --current results/ci --junit target/pushbench-gate.xml
 * }</pre>
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Compare current results with a baseline; exit 1 on a regression, 2 on bad input.",
                "A figure regresses only when it is beyond the tolerance AND its interval across repeats lies "
                        + "beyond the baseline's, so run-to-run noise does not fail a build. Loss is never noise."})
public final class GateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "baseline from 'pushbench baseline'")
    Path baseline;

    @Option(names = "--current", required = true, paramLabel = "DIR", description = "current results directory")
    Path current;

    @Option(names = "--tolerance", paramLabel = "FIGURE=PCT[,...]", description = "per-figure tolerances over the "
            + "defaults (p50 10%%, p99 10%%, p99.9 15%%, max 25%%, msg/s 5%%, connect p99 25%%, server CPU/msg 10%%, "
            + "heap/conn 10%%, client CPU/msg 15%%), e.g. p99=5%%,max=30%%")
    String tolerance;

    @Option(names = "--max-p99-regression", paramLabel = "PCT", description = "same as --tolerance p99=PCT")
    String maxP99;

    @Option(names = "--max-throughput-drop", paramLabel = "PCT", description = "same as --tolerance msg/s=PCT")
    String maxDrop;

    @Option(names = "--allow-jmh-without-error", description = "accept JMH results without an error estimate "
            + "(e.g. from --quick); their checks are SKIP, never judged on the score alone")
    boolean allowJmhWithoutError;

    @Option(names = "--max-loss", paramLabel = "N|PCT", defaultValue = "0",
            description = "allowed lost messages per run, a count or a share such as 0.1%% (default: ${DEFAULT-VALUE})")
    String maxLoss;

    @Option(names = "--max-jmh-regression", paramLabel = "PCT", defaultValue = "10%",
            description = "allowed JMH score regression (default: ${DEFAULT-VALUE})")
    String maxJmh;

    @Option(names = "--junit", paramLabel = "FILE", description = "write the checks as JUnit XML")
    Path junit;

    @Option(names = "--allow-invalid",
            description = "report invalid current results as SKIP instead of failing (figures are still gated)")
    boolean allowInvalid;

    @Override
    public Integer call() {
        GateOptions options;
        try {
            GateOptions.Builder b = GateOptions.builder();
            if (tolerance != null) {
                b.tolerances(tolerance);
            }
            if (maxP99 != null) {
                b.maxP99Regression(GateOptions.percent("--max-p99-regression", maxP99));
            }
            if (maxDrop != null) {
                b.maxThroughputDrop(GateOptions.percent("--max-throughput-drop", maxDrop));
            }
            options = b.maxJmhRegression(GateOptions.percent("--max-jmh-regression", maxJmh))
                    .maxLoss(maxLoss).allowInvalid(allowInvalid).allowJmhWithoutError(allowJmhWithoutError).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<GateCheck> checks;
        ReportModel model;
        try {
            Baseline b = Baselines.read(baseline);
            model = ReportModelLoader.load(current);
            checks = Gate.evaluate(b, model, options);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        // The current results' verdict, as every other output states it (the checks below gate against the baseline).
        out.println("verdict of " + current + ":");
        model.verdict().forEach(v -> out.println("  " + v));
        checks.forEach(c -> out.println(c.line()));
        long failed = checks.stream().filter(c -> c.status() == GateCheck.Status.FAIL).count();
        long skipped = checks.stream().filter(c -> c.status() == GateCheck.Status.SKIP).count();
        out.println("pushbench gate: " + (failed == 0 ? "PASS" : "FAIL") + " (" + (checks.size() - failed - skipped)
                + " passed, " + failed + " failed, " + skipped + " skipped)");
        out.flush();
        if (junit != null) {
            try {
                JUnitXml.write(junit, checks);
            } catch (IOException e) {
                throw new UsageException("cannot write " + junit + ": " + e.getMessage());
            }
        }
        return failed == 0 ? 0 : Main.EXIT_NEGATIVE;
    }
}
