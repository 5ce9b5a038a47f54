package io.pushbench.cli;

import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.stats.MeasuredPower;
import io.pushbench.analysis.stats.ShiftInterval;
import io.pushbench.analysis.stats.VerdictSimulation;
import io.pushbench.analysis.verdict.Comparisons;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code pushbench power}: what the verdict can and cannot see. With a results directory, the run-to-run spread it
 * measured per figure and the smallest worsening a comparison of that spread calls with 80% power; with
 * {@code --simulation}, the seeded A/A false-call rates and power that docs/method.md quotes.
 *
 * <pre>{@code
 * pushbench power results/20261130-standard
 * pushbench power --simulation
 * }</pre>
 */
@Command(name = "power", mixinStandardHelpOptions = true,
        description = {"The smallest difference a comparison can call, at the run-to-run spread a results directory "
                + "measured (80%% power, the verdict's own 99%% rule); or, with --simulation, the verdict's seeded "
                + "false-call rates and power (docs/method.md)."})
public final class PowerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "results directory of a comparison")
    Path dir;

    @Option(names = "--runs", paramLabel = "N", description = "runs per arm to compute the power for (default: 5)")
    int runs = ShiftInterval.MIN_RUNS_TO_CALL;

    @Option(names = "--simulation", description = "print the seeded simulation's false-call rates and power instead "
            + "(about a minute)")
    boolean simulation;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (simulation) {
            VerdictSimulation.report().forEach(out::println);
        } else {
            if (dir == null) {
                throw new UsageException("give a results directory, or --simulation");
            }
            if (runs < 2) {
                throw new UsageException("--runs must be >= 2, was " + runs);
            }
            try {
                MeasuredPower.report(Comparisons.of(ResultsIO.read(dir.resolve("results.json"))), runs)
                        .forEach(out::println);
            } catch (IOException e) {
                throw new UsageException(e.getMessage());
            }
        }
        out.flush();
        return 0;
    }
}
