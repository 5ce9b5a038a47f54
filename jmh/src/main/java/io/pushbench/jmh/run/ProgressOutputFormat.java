package io.pushbench.jmh.run;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * JMH output split in two: everything JMH prints goes to {@code delegate} (the log file, or the log file and the
 * console with {@code --verbose}), and the console gets one line per benchmark configuration, a progress counter
 * and its score, so a run of an hour stays readable.
 */
final class ProgressOutputFormat implements OutputFormat {
    private final OutputFormat delegate;
    private final PrintWriter console;
    private final int total;
    private int started;

    ProgressOutputFormat(OutputFormat delegate, PrintWriter console, int total) {
        this.delegate = delegate;
        this.console = console;
        this.total = total;
    }

    @Override
    public void startBenchmark(BenchmarkParams p) {
        started++;
        String params = p.getParamsKeys().stream().map(k -> k + "=" + p.getParam(k)).collect(Collectors.joining(" "));
        String full = p.getBenchmark();
        String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1); // Class.method
        console.print(String.format(Locale.ROOT, "[%d/%d] %s %s ", started, total, name, params));
        console.flush();
        delegate.startBenchmark(p);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (result == null) {
            console.println("failed (see " + JmhDefaults.CONSOLE_LOG + ")");
        } else {
            Result<?> r = result.getPrimaryResult();
            console.println(String.format(Locale.ROOT, "%s ± %s %s", ResultTable.number(r.getScore()),
                    Double.isNaN(r.getScoreError()) ? "n/a" : ResultTable.number(r.getScoreError()), r.getScoreUnit()));
        }
        delegate.endBenchmark(result);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        delegate.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
                                IterationResult data) {
        delegate.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun() {
        delegate.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        delegate.endRun(result);
    }

    @Override
    public void print(String s) {
        delegate.print(s);
    }

    @Override
    public void println(String s) {
        delegate.println(s);
    }

    @Override
    public void flush() {
        delegate.flush();
        console.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void verbosePrintln(String s) {
        delegate.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        delegate.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        delegate.write(b);
    }
}
