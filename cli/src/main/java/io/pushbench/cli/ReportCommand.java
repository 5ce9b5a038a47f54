package io.pushbench.cli;

import io.pushbench.reports.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pushbench report DIR}: (re)generates report.html, report.md and charts/*.svg in a results directory: from
 * its {@code results.json} (compare, run), its {@code llm-results.json} (llm: an LLM section, or the whole report
 * when it is the only results file), or both.
 *
 * <pre>{@code
 * pushbench report results/20261124-181500-quick
 * }</pre>
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"(Re)generate report.html, report.md and charts/*.svg from a results directory.",
                "Reads results.json (with each run's .hlog and, when present, jmh/jmh-results.json) and/or "
                        + "llm-results.json (the LLM section; the whole report when it is the only results file)."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR",
            description = "results directory (contains results.json and/or llm-results.json)")
    Path dir;

    @Override
    public Integer call() {
        List<Path> written;
        try {
            written = Reports.generate(dir);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        var out = spec.commandLine().getOut();
        out.println("pushbench report: wrote " + written.get(0));
        out.println("pushbench report: wrote " + written.get(1) + " (+ " + (written.size() - 2) + " charts in "
                + dir.resolve("charts") + ")");
        out.flush();
        return 0;
    }
}
