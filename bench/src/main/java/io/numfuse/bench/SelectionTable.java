package io.numfuse.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code auto} did against the targets it chooses among (issue 12): per case, the fastest
 * target (the oracle: every target measured in the same run), where auto's kernels ran, and
 * auto's time over the fastest; and over all cases, the share within 10% of the fastest, the
 * geometric mean and the worst of those ratios, and the geometric mean of always running on
 * one target, for comparison. The reach: within 10% in at least 90% of the cases, a geometric
 * mean of at most 1.05, a worst case of at most 1.5, and no worse than always one target.
 */
final class SelectionTable {
    private SelectionTable() {}

    static final double WITHIN = 1.10, SHARE_REACH = 0.90, GEOMEAN_REACH = 1.05, WORST_REACH = 1.5;

    /** One case: each target's median, the fastest, and auto's. */
    record Selection(String caseName, String shape, int n, String dtype, String residency, String mode,
                     Map<String, Double> times, String fastest, String chosen, double auto, double control,
                     double paired, double controlPaired) {
        double best() { return times.get(fastest); }

        double ratio() { return auto / best(); }

        String label() { return caseName + (mode == null ? "" : " (" + mode + ")"); }

        /** The JVM's second row over its first (the noise floor: {@link SelectionSuite#control}); NaN without one. */
        double controlRatio() { return control / times.getOrDefault("jvm", Double.NaN); }

        /** The size as the table shows it: the shape of a 2-D case, else the elements in short. */
        String size() { return shape.isEmpty() ? compact(n) : shape; }
    }

    /**
     * The summary of {@link #of}'s selections; {@code control}: the same figures for the JVM's
     * second row against its first (null without control rows).
     */
    record Summary(int cases, int within, double geomean, Selection worst, Map<String, Double> always, Control control, Paired paired) {
        double share() { return cases == 0 ? Double.NaN : (double) within / cases; }

        /** The parts of the reach that were missed (empty: reached). */
        List<String> missed() {
            List<String> m = new ArrayList<>();
            if (share() < SHARE_REACH) m.add(String.format(Locale.ROOT, "within 10%% in %.0f%% of the cases (< 90%%)", 100 * share()));
            if (geomean > GEOMEAN_REACH) m.add(String.format(Locale.ROOT, "geometric mean %.3f (> 1.05)", geomean));
            if (worst != null && worst.ratio() > WORST_REACH) m.add(String.format(Locale.ROOT, "worst %.2f (> 1.5)", worst.ratio()));
            always.forEach((t, g) -> { if (geomean > g) m.add(String.format(Locale.ROOT, "slower than always %s (%.3f)", t, g)); });
            return m;
        }
    }

    /** The noise floor over the cases: how often, on average and at worst the JVM's second row missed its first. */
    record Control(int cases, int within, double geomean, double worst) {
        double share() { return cases == 0 ? Double.NaN : (double) within / cases; }
    }

    /**
     * The same figures from ratios taken round by round ({@link #paired}): auto's over the
     * fastest target's, and the noise floor's (null without control rows); null when the rows'
     * samples do not pair up.
     */
    record Paired(int cases, int within, double geomean, Selection worst, Control control) {
        double share() { return cases == 0 ? Double.NaN : (double) within / cases; }
    }

    /**
     * The median over the rounds of {@code a}'s sample over {@code b}'s sample of the same round,
     * or NaN when their rounds do not pair up. The samples of a round are taken one after the
     * other ({@link Measure}): a slow spell of the machine (another process, the host's other
     * guests) that spans the round slows each row alike and cancels in the round's ratio, where it
     * moves each row's median by how many of its samples it happened to hit.
     */
    static double paired(double[] a, double[] b) {
        if (a.length == 0 || a.length != b.length) return Double.NaN;
        double[] r = new double[a.length];
        for (int k = 0; k < a.length; k++) r[k] = a[k] / b[k];
        return Row.median(r);
    }

    /**
     * The cases of {@code groups} (as measured together) that have an auto row and at least one
     * other target: numfuse's rows of a group by case and mode, in the order they came.
     */
    static List<Selection> of(List<List<Row>> measured) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        Map<String, Row> controls = new LinkedHashMap<>();
        for (int i = 0; i < measured.size(); i++) {
            for (Row r : measured.get(i)) {
                if (!r.numfuse || r.samples.length == 0) continue;
                if (SelectionSuite.CONTROL.equals(r.mode)) controls.put(i + "|" + r.caseName, r);
                else groups.computeIfAbsent(i + "|" + r.caseName + "|" + r.mode, k -> new ArrayList<>()).add(r);
            }
        }
        List<Selection> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<Row> g = e.getValue();
            Row control = controls.get(e.getKey().substring(0, e.getKey().lastIndexOf('|')));
            Row auto = g.stream().filter(r -> r.target.startsWith("auto")).findFirst().orElse(null);
            Map<String, Double> times = new LinkedHashMap<>();
            for (Row r : g) if (!r.target.startsWith("auto") && !r.target.equals("interpreter")) times.put(r.target, r.median());
            if (auto == null || times.isEmpty()) continue;
            String fastest = times.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            Row fastestRow = g.stream().filter(r -> r.target.equals(fastest)).findFirst().orElseThrow();
            Row jvm = g.stream().filter(r -> r.target.equals("jvm")).findFirst().orElse(null);
            Row first = g.get(0);
            Object shape = first.extra.get("shape");
            double paired = paired(auto.samples, fastestRow.samples);
            auto.extra.put("round_by_round", paired);   // the case's ratio so, in auto's JSON row (Json drops a NaN)
            out.add(new Selection(first.caseName, shape == null ? "" : shape.toString(), first.n, first.dtype, first.residency, first.mode,
                    times, fastest, auto.chosen == null ? "?" : auto.chosen, auto.median(), control == null ? Double.NaN : control.median(),
                    paired, control == null || jvm == null ? Double.NaN : paired(control.samples, jvm.samples)));
        }
        return out;
    }

    static Summary summarise(List<Selection> s) {
        Spread m = spread(s, Selection::ratio);
        if (m == null) m = new Spread(0, Double.NaN, null);   // a case without a time (never: every case has samples)
        Map<String, Double> always = new LinkedHashMap<>();
        for (Selection x : s) x.times().forEach((t, v) -> always.merge(t, Math.log(v / x.best()), Double::sum));
        always.replaceAll((t, v) -> Math.exp(v / s.size()));
        return new Summary(s.size(), m.within(), m.geomean(), m.worst(), always, control(s, Selection::controlRatio), roundByRound(s));
    }

    private static Paired roundByRound(List<Selection> s) {
        Spread p = spread(s, Selection::paired);
        return p == null || s.isEmpty() ? null : new Paired(s.size(), p.within(), p.geomean(), p.worst(), control(s, Selection::controlPaired));
    }

    /** Over the cases: how many have {@code ratio} within 10%, its geometric mean, and the case of the largest. */
    private record Spread(int within, double geomean, Selection worst) {}

    /** The {@link Spread} of {@code ratio} over {@code s}; null when a case has none (its rounds did not pair up). */
    private static Spread spread(List<Selection> s, java.util.function.ToDoubleFunction<Selection> ratio) {
        int within = 0;
        double logSum = 0;
        Selection worst = null;
        for (Selection x : s) {
            double r = ratio.applyAsDouble(x);
            if (!(r > 0)) return null;
            if (r <= WITHIN) within++;
            logSum += Math.log(r);
            if (worst == null || r > ratio.applyAsDouble(worst)) worst = x;
        }
        return new Spread(within, s.isEmpty() ? Double.NaN : Math.exp(logSum / s.size()), worst);
    }

    private static Control control(List<Selection> s, java.util.function.ToDoubleFunction<Selection> ratio) {
        int cases = 0, within = 0;
        double logSum = 0, worst = 0;
        for (Selection x : s) {
            double r = ratio.applyAsDouble(x);
            if (!(r > 0)) continue;
            cases++;
            if (r <= WITHIN && r >= 1 / WITHIN) within++;   // a second measurement of one target: off by 10% either way
            double far = Math.max(r, 1 / r);
            logSum += Math.log(far);
            worst = Math.max(worst, far);
        }
        return cases == 0 ? null : new Control(cases, within, Math.exp(logSum / cases), worst);
    }

    // ---- printing ---------------------------------------------------------------------------------

    static final int WIDTH = 100;

    /** The lines above the selection suite's table: the run, and what the columns mean. */
    static void header(PrintWriter out, String command, List<String> targets, String load, String calibration, List<Row> rows) {
        int samples = rows.stream().mapToInt(r -> r.samples.length).max().orElse(0);
        ResultTable.wrap(out, String.format("numfuse %s: targets %s; %d threads (%d cpus); JDK %s", command, String.join(",", targets), Par.threads(),
                Runtime.getRuntime().availableProcessors(), Runtime.version()));
        ResultTable.wrap(out, String.format("%s; median of %d samples per target, taken round-robin",
                java.time.ZonedDateTime.now().withNano(0).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME), samples));
        if (load != null) ResultTable.wrap(out, "load average " + load);
        if (calibration != null) ResultTable.wrap(out, "auto: " + calibration);
        ResultTable.wrap(out, "data host: the inputs written on the host before each call, the result read there; data <device>: "
                + "written there by a kernel before each call, the result left there.");
        if (rows.stream().anyMatch(r -> r.collectBeforeSample)) {
            ResultTable.wrap(out, String.format(java.util.Locale.ROOT, "a case whose results take %.0f MB or more is sampled after a collection, untimed "
                    + "(as JMH's -gc): each sample finds the storage that earlier samples dropped recycled, on every target alike.",
                    SelectionSuite.COLLECT_FROM_BYTES / 1e6));
        }
        ratioLine(out);
    }

    /** The selection's ratio, in the one convention of every table: the fastest target is the reference. */
    static void ratioLine(PrintWriter out) {
        ResultTable.wrap(out, "ratio = auto's median time / median time of the fastest target (the reference) of the same case: "
                + "above 1 slower; ! over 1.1.");
    }

    /** The table of {@code s}, each target's median shown when the lines fit in {@link #WIDTH} columns. */
    static void print(PrintWriter out, List<Selection> s) {
        if (s.isEmpty()) return;
        List<String> targets = new ArrayList<>(s.get(0).times().keySet());
        List<String> lines = lines(s, targets, true);
        if (lines.stream().anyMatch(l -> l.length() > WIDTH)) lines = lines(s, targets, false);
        lines.forEach(out::println);
        printSummary(out, summarise(s));
        out.flush();
    }

    private static List<String> lines(List<Selection> s, List<String> targets, boolean everyTarget) {
        List<String> head = new ArrayList<>(List.of("case", "n", "type", "data"));
        if (everyTarget) head.addAll(targets); else head.add("fastest's");
        head.addAll(List.of("auto", "fastest", "auto ran on", "ratio"));
        List<String[]> cells = new ArrayList<>();
        cells.add(head.toArray(String[]::new));
        for (Selection x : s) {
            List<String> c = new ArrayList<>(List.of(x.label(), x.size(), x.dtype().replace("float", "f"), x.residency() == null ? "" : x.residency()));
            if (everyTarget) for (String t : targets) c.add(time(x.times().getOrDefault(t, Double.NaN)));
            else c.add(time(x.best()));
            c.add(time(x.auto()));
            c.add(x.fastest());
            c.add(x.chosen());
            c.add(String.format(Locale.ROOT, "%.2f%s", x.ratio(), x.ratio() > WITHIN ? " !" : ""));
            cells.add(c.toArray(String[]::new));
        }
        int cols = head.size();
        int[] w = new int[cols];
        for (String[] c : cells) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], c[i].length());
        List<String> lines = new ArrayList<>();
        for (String[] c : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                boolean right = i == 1 || (i >= 4 && i < cols - 3) || i == cols - 1;
                sb.append(String.format("%" + (right ? "" : "-") + w[i] + "s", c[i])).append(i + 1 < cols ? " " : "");
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    /** A duration to three significant digits: 2.52 us, 136 us, 20.2 ms. */
    static String time(double s) {
        if (Double.isNaN(s)) return "";
        double v = s < 1e-3 ? s * 1e6 : s < 1 ? s * 1e3 : s;
        String unit = s < 1e-3 ? " us" : s < 1 ? " ms" : " s";
        return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v)) + unit;
    }

    /** 1000 as 1e3, 250000 as 2.5e5, 99856 as 1.0e5: the sizes are powers of ten or near them. */
    static String compact(int n) {
        if (n < 1000) return Integer.toString(n);
        int e = (int) Math.floor(Math.log10(n));
        double m = Math.round(n / Math.pow(10, e) * 10) / 10.0;
        if (m >= 10) {
            m /= 10;
            e++;
        }
        return (m == Math.rint(m) && n == Math.round(m * Math.pow(10, e)) ? Long.toString(Math.round(m)) : String.format(Locale.ROOT, "%.1f", m)) + "e" + e;
    }

    /** A case as the summary names it: {@code poly3(a) 1e6 f32 host}. */
    private static String place(Selection w) {
        return String.format("%s %s %s %s", w.label(), w.size(), w.dtype().replace("float", "f"), w.residency() == null ? "" : w.residency());
    }

    static void printSummary(PrintWriter out, Summary m) {
        ResultTable.wrap(out, String.format(Locale.ROOT, "auto within 10%% of the fastest: %d of %d cases (%.0f%%; reach 90%%)", m.within(), m.cases(), 100 * m.share()));
        ResultTable.wrap(out, String.format(Locale.ROOT, "geometric mean of auto/fastest: %.3f (reach 1.05)", m.geomean()));
        if (m.worst() != null) {
            Selection w = m.worst();
            ResultTable.wrap(out, String.format(Locale.ROOT, "worst auto/fastest: %.2f (reach 1.5): %s, auto on %s, fastest %s", w.ratio(), place(w),
                    w.chosen(), w.fastest()));
        }
        StringBuilder a = new StringBuilder();
        m.always().forEach((t, g) -> a.append(a.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f", t, g)));
        ResultTable.wrap(out, String.format(Locale.ROOT, "always one target, geometric mean over the fastest: %s (auto %.3f)", a, m.geomean()));
        if (m.control() != null) {
            Control c = m.control();
            ResultTable.wrap(out, String.format(Locale.ROOT, "noise floor (the JVM measured twice): within 10%% of itself in %d of %d cases (%.0f%%)",
                    c.within(), c.cases(), 100 * c.share()));
            out.printf(Locale.ROOT, "  geometric mean %.3f, worst %.2f (each the larger over the smaller)%n", c.geomean(), c.worst());
        }
        if (m.paired() != null) {
            Paired p = m.paired();
            Selection w = p.worst();
            ResultTable.wrap(out, String.format(Locale.ROOT, "round by round (each case's median over the rounds of auto's sample over the fastest target's sample"
                    + " of the same round, in which a slow spell of the machine hits both alike): within 10%% in %d of %d cases (%.0f%%), geometric mean %.3f,"
                    + " worst %.2f (%s)", p.within(), p.cases(), 100 * p.share(), p.geomean(), w.paired(), place(w)));
            if (p.control() != null) {
                Control c = p.control();
                // wrapped: a floor of 100% made the line 101 columns
                ResultTable.wrap(out, String.format(Locale.ROOT, "  the noise floor so: within 10%% of itself in %d of %d cases (%.0f%%), geometric mean %.3f,"
                        + " worst %.2f", c.within(), c.cases(), 100 * c.share(), c.geomean(), c.worst()));
            }
        }
        List<String> missed = m.missed();
        out.println(missed.isEmpty() ? "reach: met" : "reach: missed:");
        for (String x : missed) out.println("  " + x);
    }

    /** The summary for the results' {@code "selection"} field (ratios: auto's median time over the fastest target's). */
    static Map<String, Object> json(Summary m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("cases", m.cases());
        j.put("within_10_percent", m.within());
        j.put("share_within_10_percent", Json.number(m.share()));
        j.put("geomean_auto_over_fastest", Json.number(m.geomean()));
        if (m.worst() != null) {
            Selection w = m.worst();
            Map<String, Object> x = worstJson(w, w.ratio());
            x.put("chosen", w.chosen());
            x.put("fastest", w.fastest());
            j.put("worst", x);
        }
        Map<String, Object> always = new LinkedHashMap<>();
        m.always().forEach((t, g) -> always.put(t, Json.number(g)));
        j.put("always", always);
        if (m.control() != null) j.put("control", controlJson(m.control()));
        if (m.paired() != null) {
            Paired p = m.paired();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("cases", p.cases());
            x.put("within_10_percent", p.within());
            x.put("share_within_10_percent", Json.number(p.share()));
            x.put("geomean_auto_over_fastest", Json.number(p.geomean()));
            x.put("worst", worstJson(p.worst(), p.worst().paired()));
            if (p.control() != null) x.put("control", controlJson(p.control()));
            j.put("round_by_round", x);
        }
        j.put("reached", m.missed().isEmpty());
        return j;
    }

    /** The worst case for the JSON, at {@code ratio}. */
    private static Map<String, Object> worstJson(Selection w, double ratio) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("case", w.label());
        x.put("n", w.n());
        x.put("dtype", w.dtype());
        x.put("residency", w.residency());
        x.put("ratio", Json.number(ratio));
        return x;
    }

    private static Map<String, Object> controlJson(Control c) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("cases", c.cases());
        x.put("within_10_percent", c.within());
        x.put("share_within_10_percent", Json.number(c.share()));
        x.put("geomean", Json.number(c.geomean()));
        x.put("worst", Json.number(c.worst()));
        return x;
    }
}
