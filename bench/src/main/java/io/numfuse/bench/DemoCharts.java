package io.numfuse.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The demos' pictures, drawn with JFreeChart into PNGs: a field over a rectangle with a colour
 * bar (the Mandelbrot counts, the Laplace solution), lines on log-log axes (times against N, one
 * line per target), and bars (each row's median).
 */
final class DemoCharts {
    private DemoCharts() {}

    /** No display is needed: the charts are drawn into images (also on a machine without one). */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    // ---- a field with a colour bar ------------------------------------------------------------

    /**
     * A colour scale through the stops of matplotlib's "magma" (dark for low values, light for
     * high), over {@code [lo, hi]} with the position raised to {@code gamma} (below 1: more of
     * the colours for the low values, where Mandelbrot counts crowd).
     */
    record Gradient(double lo, double hi, double gamma) implements PaintScale {
        private static final int[][] STOPS = { { 0, 0, 4 }, { 40, 11, 84 }, { 101, 21, 110 }, { 159, 42, 99 },
                { 212, 72, 66 }, { 245, 125, 21 }, { 250, 193, 39 }, { 252, 255, 164 } };

        @Override public double getLowerBound() { return lo; }
        @Override public double getUpperBound() { return hi; }

        @Override
        public Paint getPaint(double value) { return new Color(rgb(value)); }

        int rgb(double value) {
            double t = hi > lo ? Math.clamp((value - lo) / (hi - lo), 0.0, 1.0) : 0;
            t = Math.pow(t, gamma) * (STOPS.length - 1);
            int i = Math.min(STOPS.length - 2, (int) t);
            double f = t - i;
            int[] a = STOPS[i], b = STOPS[i + 1];
            int r = (int) Math.round(a[0] + f * (b[0] - a[0])), g = (int) Math.round(a[1] + f * (b[1] - a[1])), bl = (int) Math.round(a[2] + f * (b[2] - a[2]));
            return (r << 16) | (g << 8) | bl;
        }
    }

    /**
     * A field of {@code rows x cols} values ({@code values[i * cols + j]} at x = x0 + j*dx, y =
     * y0 + i*dy, the first row at the bottom), as blocks coloured by {@code scale}, with the
     * scale's colour bar labelled {@code scaleLabel}; {@code px} pixels wide.
     */
    static void field(Path file, String title, double[] values, int rows, int cols, double x0, double dx, double y0, double dy,
                      String xLabel, String yLabel, Gradient scale, String scaleLabel, boolean integers, int px, int py) throws IOException {
        // about one block a pixel of the plot (sampled, every step-th value): smaller blocks add
        // nothing to the picture but time to draw it and bytes to the PNG
        int step = Math.max(1, (int) Math.ceil(Math.max(rows, cols) / (px * 0.8)));
        int r2 = (rows + step - 1) / step, c2 = (cols + step - 1) / step;
        double[] xs = new double[r2 * c2], ys = new double[r2 * c2], zs = new double[r2 * c2];
        for (int i = 0, k = 0; i < r2; i++) {
            for (int j = 0; j < c2; j++, k++) {
                xs[k] = x0 + (j * step + step / 2.0) * dx;
                ys[k] = y0 + (i * step + step / 2.0) * dy;
                zs[k] = values[Math.min(rows - 1, i * step + step / 2) * cols + Math.min(cols - 1, j * step + step / 2)];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("field", new double[][] { xs, ys, zs });
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(dx * step);
        renderer.setBlockHeight(dy * step);
        renderer.setPaintScale(scale);
        NumberAxis x = new NumberAxis(xLabel), y = new NumberAxis(yLabel);
        x.setRange(x0, x0 + cols * dx);
        y.setRange(y0, y0 + rows * dy);
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.BLACK);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
        chart.setAntiAlias(false);   // blocks with crisp edges (the text stays smooth): a third of the PNG's bytes
        chart.setTextAntiAlias(true);
        NumberAxis bar = new NumberAxis(scaleLabel);
        bar.setRange(scale.getLowerBound(), scale.getUpperBound());
        if (integers) bar.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        PaintScaleLegend legend = new PaintScaleLegend(scale, bar);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        legend.setStripWidth(18);
        legend.setSubdivisionCount(256);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        save(file, chart, px, py);
    }

    // ---- lines --------------------------------------------------------------------------------

    /** A line through (x[i], y[i]); NaN points are left out. */
    record Series(String name, double[] x, double[] y) {}

    /** A label at a point of a plot (auto's choice at an N). */
    record Note(double x, double y, String text) {}

    /** A panel of lines sharing the chart's x axis: its y axis, lines, labels and an optional horizontal line. */
    record Panel(String yLabel, boolean logY, List<Series> lines, List<Note> notes, Double hLine, String hLineLabel) {
        Panel(String yLabel, boolean logY, List<Series> lines) { this(yLabel, logY, lines, List.of(), null, null); }
    }

    /** Lines in one or more panels stacked over a shared (log when {@code logX}) x axis. */
    static void lines(Path file, String title, String xLabel, boolean logX, List<Panel> panels, int px, int py) throws IOException {
        ValueAxis x = logX ? logAxis(xLabel, panels.stream().flatMapToDouble(p -> java.util.Arrays.stream(all(p.lines(), true))).toArray())
                : new NumberAxis(xLabel);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(12);
        LegendItemCollection legend = null;
        for (Panel p : panels) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (Series s : p.lines()) {
                XYSeries xy = new XYSeries(s.name(), false, true);
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.y()[i]) && (!p.logY() || s.y()[i] > 0)) xy.add(s.x()[i], s.y()[i]);
                }
                data.addSeries(xy);
            }
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
            for (int i = 0; i < p.lines().size(); i++) {
                r.setSeriesPaint(i, colour(p.lines().get(i).name(), i));
                r.setSeriesStroke(i, new BasicStroke(p.lines().get(i).name().startsWith("auto") ? 1.5f : 2f));
            }
            ValueAxis y = p.logY() ? logAxis(p.yLabel(), all(p.lines(), false)) : new NumberAxis(p.yLabel());
            if (y instanceof NumberAxis n) n.setAutoRangeIncludesZero(false);
            XYPlot plot = new XYPlot(data, null, y, r);
            plot.setBackgroundPaint(new Color(250, 250, 250));
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            for (Note n : p.notes()) {
                XYTextAnnotation a = new XYTextAnnotation(n.text(), n.x(), n.y());
                a.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                a.setTextAnchor(TextAnchor.BOTTOM_CENTER);
                a.setPaint(colour("auto", 0).darker());
                plot.addAnnotation(a);
            }
            if (p.hLine() != null) {
                ValueMarker m = new ValueMarker(p.hLine(), Color.DARK_GRAY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 6, 4 }, 0));
                m.setLabel(p.hLineLabel());
                m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
                plot.addRangeMarker(m);
            }
            combined.add(plot);
            if (legend == null) legend = plot.getLegendItems();
        }
        if (legend != null) combined.setFixedLegendItems(legend);   // the panels share their lines: one legend
        JFreeChart chart = new JFreeChart(title, TITLE, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        save(file, chart, px, py);
    }

    /** A base-10 log axis: ticks at the powers of ten, labelled 10 with a superscript, when the values span a decade or more. */
    private static LogAxis logAxis(String label, double[] values) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(1e-12);
        a.setMinorTickMarksVisible(true);
        a.setLowerMargin(0.06);
        a.setUpperMargin(0.06);
        double lo = java.util.Arrays.stream(values).filter(v -> v > 0 && Double.isFinite(v)).min().orElse(1);
        double hi = java.util.Arrays.stream(values).filter(v -> v > 0 && Double.isFinite(v)).max().orElse(1);
        if (Math.log10(hi / lo) >= 1) {
            a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1), false, false);
            a.setAutoTickUnitSelection(false);
        } else {
            a.setNumberFormatOverride(new java.text.DecimalFormat("0.###E0"));
        }
        return a;
    }

    private static double[] all(List<Series> lines, boolean x) {
        return lines.stream().flatMapToDouble(s -> java.util.Arrays.stream(x ? s.x() : s.y())).toArray();
    }

    // ---- bars ---------------------------------------------------------------------------------

    /** Horizontal bars, one per label, of {@code values} (e.g. each row's median), labelled by {@code show}. */
    static void bars(Path file, String title, Map<String, Double> values, String valueLabel, java.util.function.DoubleFunction<String> show,
                     int px, int py) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (var e : values.entrySet()) data.addValue(e.getValue(), "median", e.getKey());
        JFreeChart chart = org.jfree.chart.ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.HORIZONTAL, false, false, false);
        chart.getTitle().setFont(TITLE);
        chart.setBackgroundPaint(Color.WHITE);
        var plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(new Color(250, 250, 250));
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        plot.getRangeAxis().setUpperMargin(0.18);   // room for the labels
        BarRenderer r = new BarRenderer() {
            @Override public Paint getItemPaint(int row, int column) { return colour((String) data.getColumnKey(column), column); }
        };
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setMaximumBarWidth(0.12);
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        r.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator() {
            @Override public String generateLabel(org.jfree.data.category.CategoryDataset d, int row, int column) {
                Number v = d.getValue(row, column);
                return v == null ? "" : show.apply(v.doubleValue());
            }
        });
        r.setDefaultPositiveItemLabelPosition(new org.jfree.chart.labels.ItemLabelPosition(org.jfree.chart.labels.ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        r.setItemLabelAnchorOffset(4);
        plot.setRenderer(r);
        save(file, chart, px, py);
    }

    // ---- colours and files ----------------------------------------------------------------------

    private static final Color[] PALETTE = { new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34),
            new Color(23, 190, 207) };

    private static final Map<String, Color> BY_NAME = new LinkedHashMap<>();
    static {
        BY_NAME.put("jvm", PALETTE[0]);
        BY_NAME.put("opencl", PALETTE[1]);
        BY_NAME.put("auto", PALETTE[2]);
        BY_NAME.put("eager", PALETTE[3]);
        BY_NAME.put("raw", PALETTE[4]);
        BY_NAME.put("interpreter", PALETTE[5]);
        BY_NAME.put("java loop", PALETTE[7]);
    }

    /** A target's colour, the same in every chart (by the start of its name), else the palette's {@code i}-th. */
    static Color colour(String name, int i) {
        for (var e : BY_NAME.entrySet()) {
            if (name.startsWith(e.getKey())) {
                Color c = e.getValue();
                return name.contains("scope") ? c.darker() : name.startsWith("opencl:") && !name.startsWith("opencl:0") ? c.darker().darker() : c;
            }
        }
        return PALETTE[i % PALETTE.length];
    }

    private static void save(Path file, JFreeChart chart, int px, int py) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, px, py);
    }
}
