package io.numfuse.bench;

import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * {@code bench --plot FILE.png}: the run's rows as a bar chart drawn by JFreeChart, one group of
 * bars per case (its name and size), one bar per target or baseline (and mode), the height its
 * median time; a log scale when the medians span more than {@value #LOG_SPAN}x. Titled with the
 * command and the machine.
 */
final class Plot {
    private Plot() {}

    static final double LOG_SPAN = 20;
    static final int HEIGHT = 600, MIN_WIDTH = 900, MAX_WIDTH = 6000, PIXELS_PER_BAR = 18;

    /** Fails with a one-line error, before anything is measured, when {@code file} cannot be written as a PNG. */
    static Path check(String file) {
        Path p = Path.of(file);
        if (!file.toLowerCase(Locale.ROOT).endsWith(".png")) throw new Main.UserError("--plot: the chart is a PNG: give a FILE ending in .png, not " + file);
        Path dir = p.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new Main.UserError("--plot: directory does not exist: " + dir);
        if (!Files.isWritable(dir)) throw new Main.UserError("--plot: directory is not writable: " + dir);
        if (Files.isDirectory(p)) throw new Main.UserError("--plot: " + p + " is a directory");
        if (Files.exists(p) && !Files.isWritable(p)) throw new Main.UserError("--plot: " + p + " is not writable");
        return p;
    }

    /** Draws {@code rows} (those with a median) into {@code file}. */
    static void write(Path file, String command, List<Row> rows) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (Row r : rows) {
            double ms = r.median() * 1e3;
            if (!(ms > 0) || Double.isInfinite(ms)) continue;
            data.addValue(ms, r.label(), r.caseName + " n=" + r.n + (r.residency == null ? "" : " on " + r.residency));
            lo = Math.min(lo, ms);
            hi = Math.max(hi, ms);
        }
        if (data.getColumnCount() == 0) throw new Main.UserError("--plot: no row has a median time to draw");
        boolean log = hi / lo > LOG_SPAN;
        ValueAxis axis = log ? new LogAxis("median time (ms), log scale") : new NumberAxis("median time (ms)");
        if (log) axis.setLowerBound(lo / 2);
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.02);
        if (log) bars.setBase(lo / 2);   // bars rise from the axis' bottom: a log scale has no 0
        CategoryAxis cases = new CategoryAxis("case");
        cases.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        CategoryPlot plot = new CategoryPlot(data, cases, axis, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("numfuse " + command, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(machine()));
        chart.setBackgroundPaint(Color.WHITE);
        int width = Math.clamp((long) data.getColumnCount() * data.getRowCount() * PIXELS_PER_BAR + 200, MIN_WIDTH, MAX_WIDTH);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, HEIGHT);
    }

    /** The machine the figures come from, for the subtitle. */
    private static String machine() {
        String load = BenchCommand.loadAverage();
        return String.format(Locale.ROOT, "%d cpus, %d threads, JDK %s, %s %s, %s%s; median of each row's samples",
                Runtime.getRuntime().availableProcessors(), Par.threads(), Runtime.version().feature(), System.getProperty("os.name"),
                System.getProperty("os.arch"), ZonedDateTime.now().withNano(0).toLocalDate(), load == null ? "" : ", load " + load);
    }
}
