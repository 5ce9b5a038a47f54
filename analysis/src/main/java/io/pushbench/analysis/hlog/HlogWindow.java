package io.pushbench.analysis.hlog;

import io.pushbench.analysis.results.Percentiles;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The one reader of a run's HdrHistogram interval log ({@code .hlog}, values in ns, 1 s intervals aligned on the
 * load start): the intervals of one series that fall in a time window, whole or cut into equal batches. Every tool
 * that needs a figure from a log (console, report, gate) reads it here.
 *
 * <pre>{@code
 * HlogWindow w = HlogWindow.read(dir.resolve("sse-h1-gatling-r1.hlog"), 30.0, 75.0);  // steady window, s since start
 * Percentiles all = w.percentiles();                  // same rounding as results.json
 * List<HlogWindow.Batch> b = w.batches(5);            // latency and msg/s per fifth of the window
 * }</pre>
 *
 * <p>Series: the first-delivery latency of the feed is the log's <em>untagged</em> series (so HdrHistogram's own
 * {@code HistogramLogProcessor -i FILE} reads it with no flags); other series (replays, connects) carry a tag. Logs
 * written before that change (results schema v1, every interval tagged with the run id) are read through their
 * first tag when the log has no untagged interval at all.
 *
 * <p>Window: the selection is HdrHistogram's own range read ({@link HistogramLogReader#nextIntervalHistogram(double,
 * double)}, interval start times relative to the log's {@code #[StartTime: ...]}): an interval belongs to
 * [{@code fromSec}, {@code toSec}) when it starts at or after {@code fromSec} and before {@code toSec}.
 */
public final class HlogWindow {
    /** One interval of the selected series. */
    private record Interval(double startSec, double endSec, Histogram histogram) {
    }

    /**
     * Figures of one batch of a window.
     *
     * @param latencyUs      latency summary of the batch
     * @param messagesPerSec recorded values per second of the batch's intervals
     */
    public record Batch(Percentiles latencyUs, double messagesPerSec) {
    }

    private final List<Interval> intervals;

    private HlogWindow(List<Interval> intervals) {
        this.intervals = intervals;
    }

    /** The untagged (first-delivery latency) series of {@code hlog} in [{@code fromSec}, {@code toSec}). */
    public static HlogWindow read(Path hlog, double fromSec, double toSec) throws IOException {
        return read(hlog, null, fromSec, toSec);
    }

    /**
     * The series tagged {@code tag} ({@code null}: the untagged series) of {@code hlog} in [{@code fromSec},
     * {@code toSec}), seconds since the log's start time.
     *
     * @throws IOException              when the file is missing or is not an HdrHistogram log
     * @throws IllegalArgumentException when {@code toSec <= fromSec}
     */
    public static HlogWindow read(Path hlog, String tag, double fromSec, double toSec) throws IOException {
        if (!(toSec > fromSec)) {
            throw new IllegalArgumentException("window end must be after its start, was " + fromSec + ".." + toSec);
        }
        if (!Files.isRegularFile(hlog)) {
            throw new IOException("no interval log at " + hlog);
        }
        List<Interval> untagged = new ArrayList<>();
        List<Interval> tagged = new ArrayList<>();
        String legacyTag = null;
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram e;
            // The range read compares interval start times; an interval starting exactly at toSec is not inside.
            while ((e = reader.nextIntervalHistogram(fromSec, Math.nextDown(toSec))) != null) {
                if (!(e instanceof Histogram h)) {
                    continue; // double histograms are not ours
                }
                double base = reader.getStartTimeSec();
                Interval iv = new Interval(h.getStartTimeStamp() / 1000.0 - base, h.getEndTimeStamp() / 1000.0 - base,
                        h);
                if (h.getTag() == null) {
                    untagged.add(iv);
                } else {
                    if (legacyTag == null) {
                        legacyTag = h.getTag();
                    }
                    if (Objects.equals(h.getTag(), tag) || (tag == null && h.getTag().equals(legacyTag))) {
                        tagged.add(iv);
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(hlog + " is not a readable HdrHistogram log: " + e.getMessage());
        }
        List<Interval> in = tag != null ? tagged : !untagged.isEmpty() || legacyTag == null ? untagged
                : legacyOnly(hlog, tagged);
        in.sort(Comparator.comparingDouble(Interval::startSec));
        return new HlogWindow(List.copyOf(in));
    }

    /** A v1 log has no untagged interval anywhere; a window without one in a v2 log must not fall back. */
    private static List<Interval> legacyOnly(Path hlog, List<Interval> tagged) throws IOException {
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (e.getTag() == null) {
                    return new ArrayList<>();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(hlog + " is not a readable HdrHistogram log: " + e.getMessage());
        }
        return tagged;
    }

    /** Number of intervals in the window. */
    public int intervalCount() {
        return intervals.size();
    }

    /** Seconds covered by the window's intervals. */
    public double seconds() {
        return intervals.stream().mapToDouble(iv -> iv.endSec() - iv.startSec()).sum();
    }

    /** All the window's intervals added together (a new histogram). */
    public Histogram histogram() {
        return sum(intervals);
    }

    /** The window's latency summary in µs, rounded exactly like the results JSON. */
    public Percentiles percentiles() {
        return Percentiles.fromNanos(histogram());
    }

    /**
     * Splits the window's intervals, in time order, into {@code k} consecutive batches of (as near as possible)
     * equal interval counts. Fewer batches when there are fewer intervals; batches without samples are left out.
     */
    public List<Batch> batches(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("batches must be >= 1, was " + k);
        }
        int count = intervals.size();
        int batches = Math.min(k, count);
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Interval> slice = intervals.subList(b * count / batches, (b + 1) * count / batches);
            Histogram h = sum(slice);
            double seconds = slice.stream().mapToDouble(iv -> iv.endSec() - iv.startSec()).sum();
            if (h.getTotalCount() == 0 || seconds <= 0) {
                continue;
            }
            out.add(new Batch(Percentiles.fromNanos(h), h.getTotalCount() / seconds));
        }
        return out;
    }

    private static Histogram sum(List<Interval> list) {
        Histogram total = new Histogram(3);
        total.setAutoResize(true);
        for (Interval iv : list) {
            total.add(iv.histogram());
        }
        return total;
    }
}
