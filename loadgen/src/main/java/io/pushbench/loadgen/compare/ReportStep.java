package io.pushbench.loadgen.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the human reports (report.html, report.md) of a finished results directory; returns the written files. The
 * reports live in a module the load generator does not depend on, so the CLI supplies the real step.
 *
 * <pre>{@code
 * ReportStep step = Reports::generate;   // in the CLI
 * }</pre>
 */
@FunctionalInterface
public interface ReportStep {
    List<Path> generate(Path resultsDir) throws IOException;

    /** Writes nothing (for {@code --no-report} and tests). */
    ReportStep NONE = dir -> List.of();
}
