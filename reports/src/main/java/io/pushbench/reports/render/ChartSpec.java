package io.pushbench.reports.render;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A chart described as data, drawn by two renderers from this one description: ECharts in the browser
 * (report.html) and JFreeChart to SVG files (report.md), so both reports always show the same figures.
 *
 * @param id         element id and file stem, e.g. "spectrum"
 * @param title      chart title
 * @param kind       "line" (numeric x) or "bar" (categories)
 * @param xLabel     x-axis label
 * @param yLabel     y-axis label
 * @param xAxis      "linear", "log" or "percentile" (log axis of 1/(1-p), labelled p90, p99, ...; 1e5 = max)
 * @param yLog       logarithmic y axis
 * @param categories bar categories (bar charts only)
 * @param series     the series
 * @param note       one line under the chart saying what it shows
 * @param steadyFrom start of the shaded steady window on a time axis, null when not a time series
 * @param steadyTo   end of the shaded steady window, null when not a time series
 * @param y2Label    label of a second (right-hand) y axis for the series marked {@link Series#y2()}; null (and
 *                   absent from the JSON) for a chart with one y axis
 * @param markers    instants marked by a vertical line on a line chart's x axis (the faults of a reconnection
 *                   scenario); null (and absent from the JSON) for none
 */
public record ChartSpec(String id, String title, String kind, String xLabel, String yLabel, String xAxis,
                        boolean yLog, List<String> categories, List<Series> series, String note, Double steadyFrom,
                        Double steadyTo, @JsonInclude(JsonInclude.Include.NON_NULL) String y2Label,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<Marker> markers) {

    public ChartSpec {
        markers = markers == null ? null : List.copyOf(markers);
    }

    /** A chart with one y axis and no markers. */
    public ChartSpec(String id, String title, String kind, String xLabel, String yLabel, String xAxis,
                     boolean yLog, List<String> categories, List<Series> series, String note, Double steadyFrom,
                     Double steadyTo) {
        this(id, title, kind, xLabel, yLabel, xAxis, yLog, categories, series, note, steadyFrom, steadyTo, null, null);
    }

    /** A chart without a shaded window. */
    public ChartSpec(String id, String title, String kind, String xLabel, String yLabel, String xAxis, boolean yLog,
                     List<String> categories, List<Series> series, String note) {
        this(id, title, kind, xLabel, yLabel, xAxis, yLog, categories, series, note, null, null);
    }

    /**
     * One series: {@code points} are [x, y] pairs for line charts, or one value per category (as [index, y]) for
     * bar charts; {@code y2} puts it on the chart's second y axis ({@link ChartSpec#y2Label()}; absent from the JSON
     * when false).
     */
    public record Series(String name, List<double[]> points,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean y2) {
        public Series(String name, List<double[]> points) {
            this(name, points, false);
        }
    }

    /** A vertical line at {@code x} on a line chart, labelled {@code label} ("drop 8.3 s"). */
    public record Marker(double x, String label) {
    }
}
