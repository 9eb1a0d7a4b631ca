package io.numfuse.conformance;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.AxisException;
import io.numfuse.core.NumfuseException;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The NumPy conformance suite: every case of {@code conformance/cases.tsv} (test resources,
 * written by {@code conformance/generate.py} with NumPy 2) is evaluated by numfuse and checked
 * against NumPy's result.
 *
 * <p>Manifest: a header line, then per case the tab-separated columns {@code id} (its prefix up
 * to the first '_' is the category), {@code expr}, {@code inputs} ({@code name=in/f.npy} or
 * {@code name=in/f.npy[VIEW]} separated by ';', VIEW being a NumPy basic slice applied with
 * {@link NDArray#slice(String)} or {@code T} for {@link NDArray#transpose()}), {@code expected}
 * ({@code expected/<id>.npy}, or {@code ERROR:shape|value|axis|type} when NumPy raises) and {@code
 * tolerance}. File names are relative to the manifest.
 *
 * <p>Tolerance rule (also in the generator): {@code exact} for bool/int results and for float
 * expressions made only of correctly rounded operations; {@code ulp:N} when a transcendental
 * function or float ** is involved (N = 4 for one such op on exact inputs); {@code sum:R} when a
 * float sum/prod/mean is involved: |actual - expected| <= R * S with S, the element's running
 * error bound (the sum of absolute values for a plain sum), read from {@code expected/<id>.abs.npy}.
 * NaN matches NaN, +0.0 equals -0.0, infinities must match exactly. See {@link NpyComparison}.
 *
 * <p>An ERROR case passes when {@code Num.eval} or the forcing {@code toNpy()} (numfuse is lazy)
 * throws the {@link NumfuseException} subclass of that kind, with a non-empty message.
 */
class NumpyConformanceTest {
    private static final String ROOT = "/conformance/";
    private static final String HEADER = "id\texpr\tinputs\texpected\ttolerance";
    private static final int MIN_CASES = 350;
    /** Every category the suite must cover, by id prefix (see generate.py's doc). */
    static final List<String> CATEGORIES = List.of(
            "promo", "weak", "truediv", "floordiv", "pow", "wrap", "logic", "cmparith",
            "nonfinite", "round", "math", "bcast", "reduce", "view", "error", "deep", "shift", "clip", "func");
    static final Map<String, Class<? extends NumfuseException>> ERRORS = Map.of(
            "shape", ShapeMismatchException.class,
            "value", ValueException.class,
            "axis", AxisException.class,
            "type", TypeException.class);
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");

    record Input(String name, String file, String view) {
        @Override public String toString() {
            return name + "=" + file + (view == null ? "" : "[" + view + "]");
        }
    }

    record Case(int line, String id, String expr, List<Input> inputs, String expected,
                String tolerance) {
        boolean isError() { return expected.startsWith("ERROR:"); }
        String errorKind() { return expected.substring("ERROR:".length()); }
        String category() { return id.contains("_") ? id.substring(0, id.indexOf('_')) : id; }
        /** The companion file holding the error scale S of a sum:R case. */
        String scaleFile() { return expected.substring(0, expected.length() - 4) + ".abs.npy"; }
        String describe() {
            return "case " + id + " (cases.tsv line " + line + "): " + expr + "\n  inputs: "
                    + inputs.stream().map(Input::toString).collect(Collectors.joining(", "))
                    + "\n  ";
        }
    }

    /** Every case on every target (the interpreter and each compiled backend). */
    @TestFactory
    Stream<DynamicTest> numpyConformance() {
        List<Case> cases = manifest();
        return io.numfuse.runtime.Targets.all().stream().flatMap(t -> cases.stream()
                .map(c -> DynamicTest.dynamicTest(t.name() + " " + c.id() + ": " + c.expr(), () -> {
                    io.numfuse.Num.useTarget(t.name());
                    try {
                        run(c);
                    } finally {
                        io.numfuse.Num.useTarget("auto");
                    }
                })));
    }

    @Test
    void manifestCoversEveryCategory() {
        List<Case> cases = manifest();
        assertTrue(cases.size() >= MIN_CASES,
                "the manifest has " + cases.size() + " cases, fewer than " + MIN_CASES);
        Map<String, Integer> perCategory = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        for (Case c : cases) {
            assertTrue(ID.matcher(c.id()).matches(), "bad id '" + c.id() + "' on line " + c.line());
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            assertTrue(CATEGORIES.contains(c.category()),
                    "case " + c.id() + " has unknown category '" + c.category() + "'");
            perCategory.merge(c.category(), 1, Integer::sum);
            assertTrue(!c.inputs().isEmpty(), "case " + c.id() + " has no inputs");
            for (Input in : c.inputs()) assertResource(c, in.file());
            if (c.isError()) {
                assertTrue(ERRORS.containsKey(c.errorKind()),
                        "case " + c.id() + ": unknown error kind " + c.expected());
                assertEquals("error", c.category(), "case " + c.id() + " expects an error");
                continue;
            }
            NpyComparison.Tolerance tol = NpyComparison.parseTolerance(c.tolerance());
            assertResource(c, c.expected());
            if (tol instanceof NpyComparison.Sum) assertResource(c, c.scaleFile());
        }
        List<String> missing = CATEGORIES.stream().filter(k -> !perCategory.containsKey(k)).toList();
        assertTrue(missing.isEmpty(), "categories without cases: " + missing + "; have " + perCategory);
    }

    // -- running one case ---------------------------------------------------------------------

    private static void run(Case c) {
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        for (Input in : c.inputs()) {
            NpyArray npy = readNpy(in.file());
            try {
                NDArray array = Num.fromNpy(npy);
                if (in.view() != null) {
                    array = in.view().equals("T") ? array.transpose() : array.slice(in.view());
                }
                inputs.put(in.name(), array);
            } catch (RuntimeException e) {
                throw new AssertionFailedError(c.describe() + "loading input " + in + " threw " + e, e);
            }
        }
        if (c.isError()) {
            expectError(c, inputs);
            return;
        }
        NpyComparison.Tolerance tol = NpyComparison.parseTolerance(c.tolerance());
        NpyArray expected = readNpy(c.expected());
        double[] scale = null;
        if (tol instanceof NpyComparison.Sum) scale = (double[]) readNpy(c.scaleFile()).data();
        NpyArray actual;
        try {
            actual = Num.eval(c.expr(), inputs).toNpy();
        } catch (RuntimeException e) {
            throw new AssertionFailedError(c.describe() + "expected " + expected.dtype().numpyName()
                    + " " + NpyComparison.shape(expected) + " but numfuse threw " + e, e);
        }
        String difference = NpyComparison.compare(expected, actual, tol, scale);
        if (difference != null) fail(c.describe() + difference);
    }

    /** Num.eval, or forcing its result, must throw the exception of the expected kind. */
    private static void expectError(Case c, Map<String, NDArray> inputs) {
        Class<? extends NumfuseException> want = ERRORS.get(c.errorKind());
        if (want == null) fail(c.describe() + "unknown error kind " + c.expected());
        NpyArray result;
        try {
            result = Num.eval(c.expr(), inputs).toNpy();
        } catch (RuntimeException e) {
            if (!want.isInstance(e)) {
                throw new AssertionFailedError(c.describe() + "expected " + want.getSimpleName()
                        + " (NumPy raises) but numfuse threw " + e, e);
            }
            String message = e.getMessage();
            assertTrue(message != null && !message.isBlank(),
                    c.describe() + want.getSimpleName() + " has an empty message");
            return;
        }
        fail(c.describe() + "expected " + want.getSimpleName() + " (NumPy raises) but numfuse "
                + "returned " + result.dtype().numpyName() + " " + NpyComparison.shape(result)
                + " " + NpyComparison.preview(result));
    }

    // -- the manifest -------------------------------------------------------------------------

    private static List<Case> manifest() {
        return Manifest.CASES;
    }

    /** Loaded once, on first use. */
    private static final class Manifest {
        static final List<Case> CASES = load();

        private static List<Case> load() {
            List<Case> cases = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(open("cases.tsv"), StandardCharsets.UTF_8))) {
                assertEquals(HEADER, reader.readLine(), "cases.tsv header");
                String line;
                int number = 1;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (line.isBlank()) continue;
                    cases.add(parse(line, number));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.copyOf(cases);
        }

        private static Case parse(String line, int number) {
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalStateException("cases.tsv line " + number + ": " + f.length
                        + " columns, expected 5: " + line);
            }
            List<Input> inputs = new ArrayList<>();
            for (String spec : f[2].split(";")) {
                if (spec.isEmpty()) continue;
                int eq = spec.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalStateException("cases.tsv line " + number + ": bad input " + spec);
                }
                String name = spec.substring(0, eq), file = spec.substring(eq + 1), view = null;
                int bracket = file.indexOf('[');
                if (bracket >= 0) {
                    if (!file.endsWith("]")) {
                        throw new IllegalStateException("cases.tsv line " + number + ": bad view " + spec);
                    }
                    view = file.substring(bracket + 1, file.length() - 1);
                    file = file.substring(0, bracket);
                }
                inputs.add(new Input(name, file, view));
            }
            return new Case(number, f[0], f[1], List.copyOf(inputs), f[3], f[4]);
        }
    }

    // -- resources ----------------------------------------------------------------------------

    private static InputStream open(String relative) {
        InputStream in = NumpyConformanceTest.class.getResourceAsStream(ROOT + relative);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + ROOT + relative
                    + " (regenerate with python3 frontend/src/test/resources/conformance/generate.py)");
        }
        return in;
    }

    static NpyArray readNpy(String relative) {
        try (InputStream in = open(relative)) {
            return Npy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + relative, e);
        }
    }

    private static void assertResource(Case c, String relative) {
        assertTrue(NumpyConformanceTest.class.getResource(ROOT + relative) != null,
                "case " + c.id() + ": missing file " + relative);
    }
}
