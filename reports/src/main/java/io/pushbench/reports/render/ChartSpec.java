package io.pushbench.reports.render;

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
 */
public record ChartSpec(String id, String title, String kind, String xLabel, String yLabel, String xAxis,
                        boolean yLog, List<String> categories, List<Series> series, String note, Double steadyFrom,
                        Double steadyTo) {

    /** A chart without a shaded window. */
    public ChartSpec(String id, String title, String kind, String xLabel, String yLabel, String xAxis, boolean yLog,
                     List<String> categories, List<Series> series, String note) {
        this(id, title, kind, xLabel, yLabel, xAxis, yLog, categories, series, note, null, null);
    }

    /**
     * One series: {@code points} are [x, y] pairs for line charts, or one value per category (as [index, y]) for
     * bar charts.
     */
    public record Series(String name, List<double[]> points) {
    }
}
