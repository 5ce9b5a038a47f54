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
 * An HdrHistogram interval log ({@code .hlog}) of one run: one interval histogram per second, values in ns. The
 * latency series (first deliveries) is <em>untagged</em>, so HdrHistogram's own tools read it with no
 * {@code -tag} flag; other series carry a tag ({@value #REPLAY_TAG} for replays after a resume). Readable by
 * {@code HistogramLogReader} and {@code HistogramLogProcessor}:
 * <pre>{@code
 * try (HlogWriter w = HlogWriter.create(dir.resolve(runId + ".hlog"), runId, startEpochMs, comment)) {
 *     w.interval(0.0, 1.0, intervalHistogram);                        // seconds since startEpochMs, untagged
 *     w.interval(HlogWriter.REPLAY_TAG, 0.0, 1.0, replayHistogram);   // a tagged series
 * }
 * // java -cp HdrHistogram.jar org.HdrHistogram.HistogramLogProcessor -i run.hlog -outputValueUnitRatio 1000
 * }</pre>
 * The max column is written in ms (value unit ratio 10^6, HdrHistogram's convention for ns values). Logs written
 * before the latency series was untagged carry the run id as its tag; {@code HlogWindow} reads both.
 */
public final class HlogWriter implements AutoCloseable {
    /** Tag of the latency series of messages replayed after a resume. */
    public static final String REPLAY_TAG = "replay";
    /** ns to ms, for the log's max column. */
    public static final double MAX_VALUE_UNIT_RATIO = 1_000_000.0;

    private final PrintStream out;
    private final HistogramLogWriter writer;

    private HlogWriter(OutputStream os, String runId, long startEpochMs, String comment) {
        this.out = new PrintStream(os, false, StandardCharsets.US_ASCII);
        this.writer = new HistogramLogWriter(out);
        writer.outputLogFormatVersion();
        writer.outputComment("pushbench interval log: run " + runId + ", 1 s intervals, values in ns (max column in"
                + " ms); latency of first deliveries untagged, replays after a resume tagged " + REPLAY_TAG);
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
    public static HlogWriter create(Path file, String runId, long startEpochMs, String comment) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new HlogWriter(Files.newOutputStream(file), runId, startEpochMs, comment);
    }

    /** Writes to a stream (tests). */
    public static HlogWriter to(OutputStream os, String runId, long startEpochMs, String comment) {
        return new HlogWriter(os, runId, startEpochMs, comment);
    }

    /** One interval of the latency series, {@code startSec..endSec} seconds after the start time, untagged. */
    public void interval(double startSec, double endSec, EncodableHistogram h) {
        interval(null, startSec, endSec, h);
    }

    /** One interval of the series {@code tag} (null: the untagged latency series). */
    public void interval(String tag, double startSec, double endSec, EncodableHistogram h) {
        h.setTag(tag);
        writer.outputIntervalHistogram(startSec, endSec, h, MAX_VALUE_UNIT_RATIO);
        out.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
