package io.pushbench.cli.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes the human reports (report.html, report.md) of a finished results directory; returns the written files. */
@FunctionalInterface
public interface ReportStep {
    List<Path> generate(Path resultsDir) throws IOException;

    /** Writes nothing (for {@code --no-report} and tests). */
    ReportStep NONE = dir -> List.of();
}
