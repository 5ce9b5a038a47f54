package io.pushbench.analysis.llm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * One LLM latency figure of a step, in microseconds: the summary every report shows, and the HdrHistogram it came
 * from, encoded losslessly so that steps (hosts, repeats) can be merged and spectra drawn without the raw data.
 *
 * <pre>{@code
 * Histogram h = LatencyFigures.newHistogram();        // µs, 3 significant digits, up to one hour
 * h.recordValue(LatencyFigures.toMicros(gapNs));
 * LatencyFigures d = LatencyFigures.of(h);            // d.p99() in µs; d.hdr() = compressed, base64
 * LatencyFigures all = LatencyFigures.merge(List.of(d, other));
 * }</pre>
 *
 * <p>How it relates to {@link io.pushbench.analysis.results.Percentiles}, the feed's summary: the same figures (count,
 * mean, p50, p90, p99, p99.9, max in µs, each HdrHistogram's {@code getValueAtPercentile}, the highest value
 * equivalent to the recorded ones, so it never under-states), without p99.99 and with the histogram itself. The
 * feed's results keep only {@code Percentiles} because its steps are not merged afterwards; an LLM step's figures
 * are pooled across hosts and repeats (and drawn as spectra) after the run, and percentiles cannot be averaged, so
 * the encoded histogram ({@code hdr}) travels with them and {@link #merge(List)} adds histograms without loss.
 * Its histograms hold µs (not ns as the feed's do). Values above {@link #HIGHEST_US} are recorded as that value
 * (a request over an hour is a failure in any case). Not to be confused with {@link io.pushbench.wire.llm.Distribution},
 * the seeded sampling distribution of the simulated model and the load generator.
 *
 * @param count number of recorded values
 * @param mean  mean, µs (three decimals)
 * @param p50   median, µs
 * @param p90   90th percentile, µs
 * @param p99   99th percentile, µs
 * @param p999  99.9th percentile, µs
 * @param max   largest recorded value, µs
 * @param hdr   the histogram: HdrHistogram's compressed encoding ({@code encodeIntoCompressedByteBuffer}), base64;
 *              values in µs; null for {@link #EMPTY}
 */
public record LatencyFigures(long count, double mean, double p50, double p90, double p99, double p999, double max,
                           String hdr) {
    /** Largest value tracked exactly: one hour, µs. */
    public static final long HIGHEST_US = 3_600_000_000L;
    /** HdrHistogram's precision: 3 significant digits (0.1 %). */
    public static final int SIGNIFICANT_DIGITS = 3;
    /** No values. */
    public static final LatencyFigures EMPTY = new LatencyFigures(0, 0, 0, 0, 0, 0, 0, null);

    /** A histogram for one figure: values in µs, 1 µs to {@link #HIGHEST_US}, 3 significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_US, SIGNIFICANT_DIGITS);
    }

    /** {@code ns} rounded to the nearest µs and kept within what {@link #newHistogram()} tracks (0 for negatives). */
    public static long toMicros(double ns) {
        return Math.max(0, Math.min(HIGHEST_US, Math.round(ns / 1000.0)));
    }

    /** Summarises {@code h} (values in µs) and encodes it; {@link #EMPTY} when it holds nothing. */
    public static LatencyFigures of(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return EMPTY;
        }
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf, 9);
        String hdr = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
        return new LatencyFigures(h.getTotalCount(), Math.round(h.getMean() * 1000.0) / 1000.0,
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), hdr);
    }

    /** The histogram back (a new, empty one for {@link #EMPTY}); IllegalArgumentException when {@code hdr} is corrupt. */
    public Histogram histogram() {
        if (hdr == null || hdr.isEmpty()) {
            return newHistogram();
        }
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(hdr)), 1);
            Histogram wide = newHistogram();   // a decoded histogram is only as wide as its values; merges need room
            wide.add(h);
            return wide;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt histogram (hdr is not HdrHistogram's compressed base64): "
                    + e.getMessage(), e);
        }
    }

    /** The values of every part in one distribution (hosts of one step, or repeats pooled for a spectrum). */
    public static LatencyFigures merge(List<LatencyFigures> parts) {
        Histogram all = newHistogram();
        for (LatencyFigures d : parts) {
            if (d != null && d.count > 0) {
                all.add(d.histogram());
            }
        }
        return of(all);
    }

    /** Whether it holds no value. */
    @JsonIgnore
    public boolean isEmpty() {
        return count == 0;
    }
}
