package io.pushbench.cli.compare;

import io.pushbench.loadgen.results.Percentiles;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run's HdrHistogram interval log ({@code .hlog}, values in ns, normally 1 s intervals) and aggregates the
 * intervals that fall in a time window, whole or split into equal batches. Batches give a single run its own
 * spread ("batch means"): with one repeat there is no run-to-run spread, but the steady window cut into k batches
 * shows how much a figure moves within the run.
 *
 * <pre>{@code
 * HlogWindow w = HlogWindow.read(dir.resolve("sse-h1-gatling-r1.hlog"), 30.0, 75.0);  // steady window, s since start
 * Percentiles all = w.percentiles();                      // same rounding as results.json
 * List<Map<Metric, Double>> b = w.batches(5);             // p50/p99/p99.9/max/msg-per-s per batch
 * }</pre>
 *
 * An interval belongs to the window when its midpoint does; times are seconds since the log's start time
 * ({@code #[StartTime: ...]}), or the raw interval timestamps when the log has none.
 */
public final class HlogWindow {
    private record Interval(double startSec, double endSec, Histogram histogram) {
    }

    private final List<Interval> intervals;

    private HlogWindow(List<Interval> intervals) {
        this.intervals = intervals;
    }

    /** Reads the intervals of {@code hlog} whose midpoints lie in [{@code fromSec}, {@code toSec}). */
    public static HlogWindow read(Path hlog, double fromSec, double toSec) throws IOException {
        if (!(toSec > fromSec)) {
            throw new IllegalArgumentException("window end must be after its start, was " + fromSec + ".." + toSec);
        }
        if (!Files.isRegularFile(hlog)) {
            throw new IOException("no interval log at " + hlog);
        }
        List<Interval> in = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (!(e instanceof Histogram h)) {
                    continue; // double histograms are not ours
                }
                double base = reader.getStartTimeSec();
                double s = h.getStartTimeStamp() / 1000.0 - base;
                double end = h.getEndTimeStamp() / 1000.0 - base;
                double mid = (s + end) / 2;
                if (mid >= fromSec && mid < toSec) {
                    in.add(new Interval(s, end, h));
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(hlog + " is not a readable HdrHistogram log: " + e.getMessage());
        }
        in.sort(java.util.Comparator.comparingDouble(Interval::startSec));
        return new HlogWindow(List.copyOf(in));
    }

    /** Number of intervals in the window. */
    public int intervalCount() {
        return intervals.size();
    }

    /** All the window's intervals added together. */
    public Histogram histogram() {
        return sum(intervals);
    }

    /** The window's latency summary in µs, rounded exactly like the results JSON. */
    public Percentiles percentiles() {
        return Percentiles.fromNanos(histogram());
    }

    /**
     * Splits the window's intervals, in time order, into {@code k} consecutive batches of (as near as possible)
     * equal interval counts and returns each batch's figures (the metrics for which {@link Metric#fromHlog()} is
     * true). Fewer batches when there are fewer intervals; batches without samples are left out.
     */
    public List<Map<Metric, Double>> batches(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("batches must be >= 1, was " + k);
        }
        int count = intervals.size();
        int batches = Math.min(k, count);
        List<Map<Metric, Double>> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Interval> slice = intervals.subList(b * count / batches, (b + 1) * count / batches);
            Histogram h = sum(slice);
            double seconds = slice.stream().mapToDouble(iv -> iv.endSec() - iv.startSec()).sum();
            if (h.getTotalCount() == 0 || seconds <= 0) {
                continue;
            }
            Percentiles p = Percentiles.fromNanos(h);
            Map<Metric, Double> m = new EnumMap<>(Metric.class);
            m.put(Metric.LATENCY_P50, p.p50());
            m.put(Metric.LATENCY_P99, p.p99());
            m.put(Metric.LATENCY_P999, p.p999());
            m.put(Metric.LATENCY_MAX, p.max());
            m.put(Metric.THROUGHPUT, h.getTotalCount() / seconds);
            out.add(m);
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
