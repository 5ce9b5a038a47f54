package io.pushbench.reports.model;

import io.pushbench.analysis.hlog.HlogWindow;
import io.pushbench.reports.model.Views.IntervalPoint;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's HdrHistogram interval log (values in ns, normally 1 s intervals) read back: the per-interval points and
 * the merged histogram of the steady-state window.
 *
 * <pre>{@code
 * HlogData h = HlogData.read(dir.resolve("sse-h1-gatling-r1.hlog"), "sse-h1-gatling-r1", 5.0, 15.0);
 * h.steady().getValueAtPercentile(99.0);   // ns
 * }</pre>
 *
 * <p>The per-interval points are the run's latency series (untagged, or tagged with the run id in older logs) for the
 * time-series charts. The steady window's histogram is read by {@link HlogWindow}, the one window reader, so the
 * report's spectrum covers exactly the intervals every other output's figures cover.
 *
 * @param intervals every latency interval of the run, in order
 * @param steady    merged latency histogram of the steady window (ns), empty when no interval fell in it
 */
public record HlogData(List<IntervalPoint> intervals, Histogram steady) {

    /**
     * Reads {@code file}.
     *
     * @throws IOException with a one-line message when the file is missing or not an interval log
     */
    public static HlogData read(Path file, String runId, double steadyStartSec, double steadyEndSec)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no histogram log at " + file);
        }
        List<IntervalPoint> points = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); HistogramLogReader reader = new HistogramLogReader(in)) {
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (!(e instanceof Histogram h)) {
                    throw new IOException(file + " holds double histograms; expected integer ns values");
                }
                if (h.getTag() != null && !h.getTag().equals(runId)) {
                    continue;
                }
                double end = h.getEndTimeStamp() / 1000.0 - reader.getStartTimeSec();
                points.add(new IntervalPoint(round3(end), h.getTotalCount(), us(h, 50), us(h, 99),
                        h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0));
            }
        } catch (RuntimeException e) {
            // HdrHistogram reports a corrupt line as an unchecked exception; callers expect one line.
            throw new IOException(file + " is not a readable HdrHistogram log: " + e);
        }
        Histogram steady = steadyEndSec > steadyStartSec
                ? HlogWindow.read(file, steadyStartSec, steadyEndSec).histogram() : new Histogram(3);
        return new HlogData(List.copyOf(points), steady);
    }

    private static double us(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
