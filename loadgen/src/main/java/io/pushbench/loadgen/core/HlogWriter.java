package io.pushbench.loadgen.core;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An HdrHistogram interval log ({@code .hlog}) of one run: one interval histogram per second, values in ns, each
 * tagged with the run id. Readable by {@code HistogramLogReader} and {@code HistogramLogProcessor}:
 * <pre>{@code
 * try (HlogWriter w = HlogWriter.create(dir.resolve(runId + ".hlog"), runId, startEpochMs)) {
 *     w.interval(0.0, 1.0, intervalHistogram);        // seconds since startEpochMs
 * }
 * // java -cp HdrHistogram.jar org.HdrHistogram.HistogramLogProcessor -i run.hlog -tag run-1 -outputValueUnitRatio 1000
 * }</pre>
 * The max column is written in ms (value unit ratio 10^6, HdrHistogram's convention for ns values).
 */
public final class HlogWriter implements AutoCloseable {
    /** ns to ms, for the log's max column. */
    public static final double MAX_VALUE_UNIT_RATIO = 1_000_000.0;

    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final String tag;

    private HlogWriter(OutputStream os, String tag, long startEpochMs, String comment) {
        this.out = new PrintStream(os, false, StandardCharsets.US_ASCII);
        this.writer = new HistogramLogWriter(out);
        this.tag = tag;
        writer.outputLogFormatVersion();
        writer.outputComment("pushbench interval log: run " + tag + ", 1 s intervals, values in ns (max column in ms)");
        if (comment != null) {
            writer.outputComment(comment);
        }
        writer.setBaseTime(startEpochMs);
        writer.outputStartTime(startEpochMs);
        writer.outputBaseTime(startEpochMs);
        writer.outputLegend();
        out.flush();
    }

    /** Creates (truncates) {@code file}; parent directories are created. */
    public static HlogWriter create(Path file, String tag, long startEpochMs, String comment) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new HlogWriter(Files.newOutputStream(file), tag, startEpochMs, comment);
    }

    /** Writes to a stream (tests). */
    public static HlogWriter to(OutputStream os, String tag, long startEpochMs, String comment) {
        return new HlogWriter(os, tag, startEpochMs, comment);
    }

    /** One interval, {@code startSec..endSec} seconds after the start time; the histogram gets the run's tag. */
    public void interval(double startSec, double endSec, EncodableHistogram h) {
        h.setTag(tag);
        writer.outputIntervalHistogram(startSec, endSec, h, MAX_VALUE_UNIT_RATIO);
        out.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
