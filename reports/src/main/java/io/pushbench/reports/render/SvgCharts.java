package io.pushbench.reports.render;

import io.pushbench.reports.render.ChartSpec.Series;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Renders a {@link ChartSpec} to an SVG document with JFreeChart and JFreeSVG: pure Java, no browser and no display
 * (runs headless in CI), for the static images of report.md.
 *
 * <pre>{@code
 * String svg = SvgCharts.render(spec, 900, 420);
 * }</pre>
 */
public final class SvgCharts {
    static {
        // No display in CI; JFreeChart only needs fonts, which headless AWT provides.
        System.setProperty("java.awt.headless", "true");
    }

    private SvgCharts() {
    }

    /** The chart as a standalone SVG document. */
    /**
     * Writes each chart as {@code dir/charts/ID.svg} (900 x 420, atomically): the images report.md links.
     *
     * @return the written files, in the charts' order
     */
    public static java.util.List<java.nio.file.Path> write(java.util.List<ChartSpec> charts, java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path chartDir = dir.resolve("charts");
        java.nio.file.Files.createDirectories(chartDir);
        java.util.List<java.nio.file.Path> written = new java.util.ArrayList<>();
        for (ChartSpec c : charts) {
            java.nio.file.Path svg = chartDir.resolve(c.id() + ".svg");
            ReadableFiles.write(svg, render(c, 900, 420).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            written.add(svg);
        }
        return written;
    }

    public static String render(ChartSpec spec, int width, int height) {
        JFreeChart chart = spec.kind().equals("bar") ? bar(spec) : line(spec);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGDocument();
    }

    private static JFreeChart line(ChartSpec spec) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeriesCollection data2 = new XYSeriesCollection();   // series on the second y axis, if any
        java.util.List<Integer> index1 = new java.util.ArrayList<>();   // spec index of each series, for colours
        java.util.List<Integer> index2 = new java.util.ArrayList<>();
        for (int i = 0; i < spec.series().size(); i++) {
            Series s = spec.series().get(i);
            boolean second = s.y2() && spec.y2Label() != null;
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (double[] p : s.points()) {
                if (!(spec.yLog() && !second && p[1] <= 0)) {   // a log axis cannot show zero
                    xy.add(p[0], p[1]);
                }
            }
            (second ? data2 : data).addSeries(xy);
            (second ? index2 : index1).add(i);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(spec.title(), spec.xLabel(), spec.yLabel(), data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDE2E8));
        plot.setRangeGridlinePaint(new Color(0xDDE2E8));
        if (!spec.xAxis().equals("linear")) {
            LogAxis x = new LogAxis(spec.xLabel());
            x.setBase(10);
            x.setSmallestValue(1);
            if (spec.xAxis().equals("percentile")) {
                x.setRange(1, Charts.MAX_X);
                decades(x);
                x.setNumberFormatOverride(new PercentileFormat());
            }
            plot.setDomainAxis(x);
        }
        if (spec.yLog()) {
            LogAxis y = new LogAxis(spec.yLabel());
            y.setBase(10);
            double[] range = yRange(spec);
            if (range != null && range[1] / range[0] >= 30) {
                decades(y);   // wide range: one tick per power of ten reads best
            }
            y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#",
                    java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
            plot.setRangeAxis(y);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        }
        if (spec.steadyFrom() != null && spec.steadyTo() != null) {
            IntervalMarker steady = new IntervalMarker(spec.steadyFrom(), spec.steadyTo(), new Color(110, 130, 160, 30));
            steady.setLabel("steady window");
            steady.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            steady.setLabelAnchor(RectangleAnchor.TOP);
            steady.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            plot.addDomainMarker(steady, Layer.BACKGROUND);
        }
        plot.setRenderer(lineRenderer(spec, index1));
        if (data2.getSeriesCount() > 0) {
            NumberAxis y2 = new NumberAxis(spec.y2Label());
            y2.setAutoRangeIncludesZero(true);
            y2.setUpperMargin(0.25);   // headroom, so that its lines do not run on top of the first axis' ones
            plot.setRangeAxis(1, y2);
            plot.setDataset(1, data2);
            plot.mapDatasetToRangeAxis(1, 1);
            plot.setRenderer(1, lineRenderer(spec, index2));
        }
        if (spec.markers() != null) {
            for (ChartSpec.Marker m : spec.markers()) {
                ValueMarker line = new ValueMarker(m.x(), new Color(0xB3261E), new BasicStroke(1.4f,
                        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 3f}, 0f));
                line.setLabel(m.label());
                line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                line.setLabelPaint(new Color(0xB3261E));
                line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                line.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(20, 2, 2, 2));   // below the window's label
                plot.addDomainMarker(line, Layer.FOREGROUND);
            }
        }
        return chart;
    }

    /** A line renderer for the series at {@code specIndex} of the spec, coloured by their index there. */
    private static XYLineAndShapeRenderer lineRenderer(ChartSpec spec, java.util.List<Integer> specIndex) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, spec.xAxis().equals("percentile"));
        for (int i = 0; i < specIndex.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[specIndex.get(i) % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        }
        return renderer;
    }

    private static JFreeChart bar(ChartSpec spec) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Series s : spec.series()) {
            for (double[] p : s.points()) {
                data.addValue(p[1], s.name(), spec.categories().get((int) p[0]));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(spec.title(), spec.xLabel(), spec.yLabel(), data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDE2E8));
        ValueAxis y = plot.getRangeAxis();
        y.setLabel(spec.yLabel());
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        double[] range = yRange(spec);
        if (spec.yLog() && range != null) {
            // bars grow from the bottom of the axis: start it a decade boundary below the smallest bar
            LogAxis log = new LogAxis(spec.yLabel());
            log.setBase(10);
            double lower = Math.pow(10, Math.floor(Math.log10(range[0] * 0.999)));
            double upper = Math.pow(10, Math.log10(range[1]) + 0.1 * Math.max(1, Math.log10(range[1] / lower)));
            log.setRange(lower, upper);
            if (upper / lower >= 30) {
                decades(log);
            }
            log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###",
                    java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
            plot.setRangeAxis(log);
            renderer.setIncludeBaseInRange(false);
        }
        for (int i = 0; i < spec.series().size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        return chart;
    }

    /** Distinct colours in the same order as ECharts' default palette, so both reports colour series alike. */
    private static final Color[] PALETTE = {new Color(0x5470C6), new Color(0x91CC75), new Color(0xFAC858),
            new Color(0xEE6666), new Color(0x73C0DE), new Color(0x3BA272), new Color(0xFC8452), new Color(0x9A60B4)};

    private static void decades(LogAxis axis) {
        axis.setAutoTickUnitSelection(false);
        axis.setTickUnit(new NumberTickUnit(1.0));   // LogAxis tick units are exponents: one per decade
        axis.setMinorTickMarksVisible(true);
    }

    private static double[] yRange(ChartSpec spec) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : spec.series()) {
            for (double[] p : s.points()) {
                if (p[1] > 0) {
                    min = Math.min(min, p[1]);
                    max = Math.max(max, p[1]);
                }
            }
        }
        return max == 0 ? null : new double[]{min, max};
    }

    /** Labels 1/(1-p) ticks as percentiles: 10 → p90, 100 → p99, 1e5 → max. */
    static final class PercentileFormat extends NumberFormat {
        @Override
        public StringBuffer format(double x, StringBuffer to, FieldPosition pos) {
            if (x >= Charts.MAX_X * 0.999) {
                return to.append("max");
            }
            double p = 100.0 * (1.0 - 1.0 / x);
            String s = String.format(Locale.ROOT, "%.4f", p).replaceAll("0+$", "").replaceAll("\\.$", "");
            return to.append('p').append(s);
        }

        @Override
        public StringBuffer format(long x, StringBuffer to, FieldPosition pos) {
            return format((double) x, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("format only");
        }
    }
}
