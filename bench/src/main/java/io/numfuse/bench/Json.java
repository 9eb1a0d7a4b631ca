package io.numfuse.bench;

import io.numfuse.runtime.KernelRuns;
import java.util.List;
import java.util.Map;

/** The little JSON the CLI writes: string quoting and number spelling. */
final class Json {
    private Json() {}

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> { if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c); }
            }
        }
        return sb.append('"').toString();
    }

    /** A finite double as JSON; NaN and infinities (which JSON lacks) as null. */
    static String number(double d) { return Double.isFinite(d) ? Double.toString(d) : "null"; }

    /** The results object of DESIGN.md ("Machine-readable results") for a bench run. */
    static String results(String command, java.util.List<Row> rows, Measure.Settings settings, Suites.Params params, String load) {
        return results(command, rows, settings, params, load, "");
    }

    /** {@link #results}, with {@code fields} (", \"name\": value..." or empty) before the results. */
    static String results(String command, java.util.List<Row> rows, Measure.Settings settings, Suites.Params params, String load, String fields) {
        StringBuilder sb = new StringBuilder("{\"command\": ").append(quote(command))
                .append(", \"numfuse\": ").append(quote(Main.VERSION))
                .append(", \"machine\": {\"cpus\": ").append(Runtime.getRuntime().availableProcessors())
                .append(", \"threads\": ").append(Par.threads())
                .append(", \"jdk\": ").append(quote(Runtime.version().toString()))
                .append(", \"os\": ").append(quote(System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        if (load != null) sb.append(", \"load_average\": ").append(quote(load));
        sb.append(", \"max_heap_bytes\": ").append(Runtime.getRuntime().maxMemory()).append(", \"jvm_args\": [");
        var args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < args.size(); i++) sb.append(i == 0 ? "" : ", ").append(quote(args.get(i)));
        sb.append(']');
        sb
                .append(", \"devices\": [");
        var targets = io.numfuse.runtime.Targets.all();
        for (int i = 0; i < targets.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append("{\"name\": ").append(quote(targets.get(i).name()))
              .append(", \"description\": ").append(quote(targets.get(i).description())).append('}');
        }
        sb.append("]}, \"date\": ").append(quote(java.time.ZonedDateTime.now().withNano(0).toString()))
          .append(", \"settings\": {\"repeats\": ").append(settings.repeats())
          .append(", \"warmup_ms\": ").append(settings.warmupNanos() / 1_000_000)
          .append(", \"min_sample_ms\": ").append(settings.minSampleNanos() / 1_000_000)
          .append(", \"targets\": [");
        for (int i = 0; i < params.targets().size(); i++) sb.append(i == 0 ? "" : ", ").append(quote(params.targets().get(i)));
        sb.append("]}").append(fields).append(", \"results\": [");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(i == 0 ? "\n  " : ",\n  ").append("{\"case\": ").append(quote(r.caseName));
            if (r.expr != null) sb.append(", \"expr\": ").append(quote(r.expr));
            sb.append(", \"n\": ").append(r.n).append(", \"dtype\": ").append(quote(r.dtype))
              .append(", \"target\": ").append(quote(r.target));
            if (r.residency != null) sb.append(", \"residency\": ").append(quote(r.residency));
            if (r.chosen != null) sb.append(", \"chosen\": ").append(quote(r.chosen));
            if (r.numfuse && !r.ranOn.isEmpty()) {
                sb.append(", \"ran_on\": [");
                List<String> ran = r.ranOnTargets();
                for (int j = 0; j < ran.size(); j++) sb.append(j == 0 ? "" : ", ").append(quote(ran.get(j)));
                sb.append(']');
                long fell = r.ranOn.entrySet().stream().filter(e -> e.getKey().startsWith(KernelRuns.FELL_BACK)).mapToLong(Map.Entry::getValue).sum();
                if (fell > 0) sb.append(", \"fell_back\": ").append(fell);
                if (r.ranElsewhere()) sb.append(", \"not_target_figure\": true");
            }
            if (r.mode != null) sb.append(", \"mode\": ").append(quote(r.mode));
            sb.append(", \"median_s\": ").append(number(r.median()))
              .append(", \"min_s\": ").append(number(r.min()))
              .append(", \"max_s\": ").append(number(r.max()))
              .append(", \"samples\": ").append(r.samples.length);
            if (r.derivedFrom != null) {
                sb.append(", \"derived_from\": ").append(quote(r.derivedFrom.substring(r.derivedFrom.indexOf('|') + 1)))
                  .append(", \"derived_factor\": ").append(number(r.derivedFactor));
            } else {
                sb.append(", \"calls_per_sample\": ").append(r.batch);
                if (!Double.isNaN(r.firstCallS)) sb.append(", \"first_call_s\": ").append(number(r.firstCallS));
                if (r.kernelsCompiled >= 0) {
                    sb.append(", \"kernels_compiled\": ").append(r.kernelsCompiled)
                      .append(", \"kernels_per_call\": ").append(number((double) r.sampleKernels / Math.max(1L, (long) r.batch * r.samples.length)));
                }
            }
            for (var e : r.extra.entrySet()) {
                sb.append(", ").append(quote(e.getKey())).append(": ");
                Object v = e.getValue();
                if (v instanceof Double d) sb.append(number(d));
                else if (v instanceof Number || v instanceof Boolean) sb.append(v);
                else sb.append(quote(String.valueOf(v)));
            }
            sb.append('}');
        }
        return sb.append("\n]}").toString();
    }
}
