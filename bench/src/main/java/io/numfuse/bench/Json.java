package io.numfuse.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.numfuse.runtime.KernelRuns;
import io.numfuse.runtime.Targets;
import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the CLI writes, through Jackson: each command builds maps (kept in insertion order,
 * the field order of DESIGN.md "Machine-readable results") and lists, and {@link #write} turns
 * them into text. JSON has no NaN or infinity: {@link #number} makes them null.
 */
final class Json {
    private Json() {}

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT), COMPACT = new ObjectMapper();

    /** {@code value} (maps, lists, strings, numbers, booleans, null) as indented JSON text. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not writable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON string literal of {@code s} (Jackson's escaping), for a caller that still joins JSON text itself. */
    static String quote(String s) {
        try {
            return COMPACT.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A finite double, or null for NaN and the infinities (which JSON lacks). */
    static Double number(double d) { return Double.isFinite(d) ? d : null; }

    /** The results object of DESIGN.md ("Machine-readable results") for a bench run, with {@code top} (e.g. "selection") before the results. */
    static Map<String, Object> results(String command, List<Row> rows, Measure.Settings settings, Suites.Params params, String load,
                                       Map<String, Object> top) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("numfuse", Main.VERSION);
        m.put("machine", machine(load));
        m.put("date", ZonedDateTime.now().withNano(0).toString());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("repeats", settings.repeats());
        s.put("warmup_ms", settings.warmupNanos() / 1_000_000);
        s.put("min_sample_ms", settings.minSampleNanos() / 1_000_000);
        s.put("targets", params.targets());
        m.put("settings", s);
        m.put("ratio_definition", BenchCommand.RATIO_DEFINITION);
        m.putAll(top);
        m.put("results", rows.stream().map(Json::row).toList());
        return m;
    }

    /** The machine a run measured: cpus, threads, JDK, OS, load, heap, JVM arguments and numfuse's devices. */
    static Map<String, Object> machine(String load) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("threads", Par.threads());
        m.put("jdk", Runtime.version().toString());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        if (load != null) m.put("load_average", load);
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("devices", Targets.all().stream().map(t -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", t.name());
            d.put("description", t.description());
            return d;
        }).toList());
        return m;
    }

    /** One row's result object. */
    static Map<String, Object> row(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", r.caseName);
        if (r.expr != null) m.put("expr", r.expr);
        m.put("n", r.n);
        m.put("dtype", r.dtype);
        m.put("target", r.target);
        if (r.residency != null) m.put("residency", r.residency);
        if (r.chosen != null) m.put("chosen", r.chosen);
        if (r.numfuse && !r.ranOn.isEmpty()) {
            m.put("ran_on", r.ranOnTargets());
            long fell = r.ranOn.entrySet().stream().filter(e -> e.getKey().startsWith(KernelRuns.FELL_BACK)).mapToLong(Map.Entry::getValue).sum();
            if (fell > 0) m.put("fell_back", fell);
            if (r.ranElsewhere()) m.put("not_target_figure", true);
        }
        if (r.mode != null) m.put("mode", r.mode);
        m.put("median_s", number(r.median()));
        m.put("min_s", number(r.min()));
        m.put("max_s", number(r.max()));
        m.put("samples", r.samples.length);
        List<Object> each = new ArrayList<>();   // in the order taken: round k of every row of a case is the same round
        for (double v : r.samples) each.add(number(v));
        m.put("sample_s", each);
        if (r.derivedFrom != null) {
            m.put("derived_from", r.derivedFrom.substring(r.derivedFrom.indexOf('|') + 1));
            m.put("derived_factor", number(r.derivedFactor));
        } else {
            m.put("calls_per_sample", r.batch);
            if (!Double.isNaN(r.firstCallS)) m.put("first_call_s", number(r.firstCallS));
            if (r.kernelsCompiled >= 0) {
                m.put("kernels_compiled", r.kernelsCompiled);
                m.put("kernels_per_call", number((double) r.sampleKernels / Math.max(1L, (long) r.batch * r.samples.length)));
            }
        }
        r.extra.forEach((k, v) -> m.put(k, v instanceof Double d ? number(d) : v));
        return m;
    }
}
