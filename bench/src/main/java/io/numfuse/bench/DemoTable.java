package io.numfuse.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The demos' tables: one line per row (a target, or a baseline), aligned columns that fit in
 * 100 characters, times with three significant digits.
 */
final class DemoTable {
    private DemoTable() {}

    /** A column: its header, its cell for a row, and whether it is right-aligned. */
    record Col(String header, Function<Row, String> cell, boolean right) {
        static Col left(String header, Function<Row, String> cell) { return new Col(header, cell, false); }
        static Col right(String header, Function<Row, String> cell) { return new Col(header, cell, true); }
    }

    /** The row's name in a table: a target (with its mode where a table has several, auto's choice), or a baseline's description. */
    static String label(Row r, boolean withMode) {
        if (r.target.equals(Suites.JAVA_LOOP)) return "java loop (" + Par.threads() + (Par.threads() == 1 ? " thread)" : " threads)");
        if (r.target.equals(Suites.JAVA_MATH_LOOP)) return "java loop, Math.* (" + Par.threads() + (Par.threads() == 1 ? " thread)" : " threads)");
        if (r.target.equals(Suites.EAGER)) return "eager (NumPy-style)";
        if (r.target.startsWith(ResidentSuite.RAW)) {
            String device = r.target.substring(ResidentSuite.RAW.length());
            return "raw JOCL kernel (" + (device.isEmpty() ? String.valueOf(r.extra.getOrDefault("device", "opencl")) : "opencl" + device) + ")";
        }
        StringBuilder sb = new StringBuilder(r.target);
        if (withMode && r.mode != null) sb.append(' ').append(r.mode);
        if (r.chosen != null) sb.append(" -> ").append(r.chosen);
        if (r.ranElsewhere()) sb.append(" !");
        return sb.toString();
    }

    /** The label column, with modes when the rows' numfuse modes differ. */
    static Col labelCol(List<Row> rows) {
        boolean modes = rows.stream().filter(r -> r.numfuse && r.mode != null).map(r -> r.mode).distinct().count() > 1;
        return Col.left("target", r -> label(r, modes));
    }

    /** The first call's time (compilation included). */
    static Col firstCall(String header) { return Col.right(header, r -> time(r.firstCallS)); }

    /** The median sample divided by {@code per} (1: per call). */
    static Col median(String header, double per) { return Col.right(header, r -> time(r.median() / per)); }

    /** min-max of the samples divided by {@code per}. */
    static Col range(String header, double per) { return Col.right(header, r -> range(r.min() / per, r.max() / per)); }

    /** The ratio to the fastest row of the table ({@code x_fastest}: 1.00 is the fastest). */
    static Col fastest() {
        return Col.right("x fastest", r -> r.extra.get("x_fastest") instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : "");
    }

    /** A check value, with a mark where it disagrees with the reference row. */
    static Col check(String header, String key, Function<Object, String> show) {
        return Col.right(header, r -> {
            Object v = r.extra.get(key);
            String s = v == null ? "" : show.apply(v);
            return Boolean.FALSE.equals(r.extra.get("agrees")) ? s + " !" : s;
        });
    }

    static void print(PrintWriter out, List<Row> rows, List<Col> cols) {
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String[] c = new String[cols.size()];
            for (int i = 0; i < c.length; i++) c[i] = cols.get(i).cell().apply(r);
            cells.add(c);
        }
        int[] w = new int[cols.size()];
        for (int i = 0; i < w.length; i++) w[i] = cols.get(i).header().length();
        for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], c[i].length());
        String[] head = cols.stream().map(Col::header).toArray(String[]::new);
        out.println(line(head, w, cols));
        for (String[] c : cells) out.println(line(c, w, cols));
        out.flush();
    }

    private static String line(String[] c, int[] w, List<Col> cols) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            if (i > 0) sb.append("  ");
            String f = "%" + (cols.get(i).right() ? "" : "-") + w[i] + "s";
            sb.append(String.format(Locale.ROOT, f, c[i]));
        }
        return sb.toString().stripTrailing();
    }

    // ---- numbers ------------------------------------------------------------------------------

    /** A duration with three significant digits and a readable unit ("312 ms", "1.23 s", "45.6 us"). */
    static String time(double s) {
        if (Double.isNaN(s)) return "";
        String[] units = { "s", "ms", "us", "ns" };
        double v = s;
        int u = 0;
        while (u < units.length - 1 && Math.abs(v) < 0.9995) {
            v *= 1e3;
            u++;
        }
        return sig3(v) + " " + units[u];
    }

    /** min-max with one unit when both have it ("305-330 ms"). */
    static String range(double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) return "";
        String a = time(lo), b = time(hi);
        String ua = a.substring(a.indexOf(' ')), ub = b.substring(b.indexOf(' '));
        return ua.equals(ub) ? a.substring(0, a.indexOf(' ')) + "-" + b : a + "-" + b;
    }

    /** Three significant digits, no exponent, for values from 1 to 1000. */
    static String sig3(double v) {
        double a = Math.abs(v);
        if (a >= 99.95) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 9.995) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** n as a power of ten where it is one ("10^6"), else its digits. */
    static String n(long n) {
        int e = 0;
        for (long m = n; m >= 10 && m % 10 == 0; m /= 10) e++;
        return e >= 3 && Math.round(Math.pow(10, e)) == n ? "10^" + e : Long.toString(n);
    }
}
