package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NDArray#toString()} is NumPy's repr, character for character: every case of {@code
 * repr/cases.txt} (test resources, written by {@code scripts/repr_fixtures.py} with NumPy 2) is
 * loaded from its .npy file, viewed as the case says, printed by numfuse and compared with the text
 * NumPy printed for the same array.
 *
 * <p>Fixture: per case a header line {@code === <id> in/<id>.npy [VIEW]}, then NumPy's repr up to
 * the next header. VIEW is {@code T} ({@link NDArray#transpose()}) or NumPy basic slicing
 * ({@link NDArray#slice(String)}).
 */
class ReprTest {
    private static final String ROOT = "/repr/";
    private static final String HEADER = "=== ";
    private static final int MIN_CASES = 100;

    record Case(int line, String id, String file, String view, String expected) {
        NDArray array() throws IOException {
            NDArray a = Num.fromNpy(read(file));
            if (view == null) return a;
            return view.equals("T") ? a.transpose() : a.slice(view);
        }
    }

    @TestFactory
    Stream<DynamicTest> numpyRepr() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () ->
                assertEquals(c.expected(), c.array().toString(),
                        () -> "case " + c.id() + " (cases.txt line " + c.line() + ")")));
    }

    /** The fixture is large enough and covers every dtype, rank 0 to 4, empty, summarised and viewed arrays. */
    @Test
    void fixtureCoversTheRules() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= MIN_CASES, cases.size() + " cases, fewer than " + MIN_CASES);
        Set<DType> dtypes = EnumSet.noneOf(DType.class);
        Set<Integer> ranks = new TreeSet<>();
        for (Case c : cases) {
            NpyArray a = read(c.file());
            dtypes.add(a.dtype());
            ranks.add(a.ndim());
        }
        assertEquals(EnumSet.allOf(DType.class), dtypes);
        assertTrue(ranks.containsAll(List.of(0, 1, 2, 3, 4)), "ranks " + ranks);
        assertTrue(count(cases, c -> c.expected().contains("...")) >= 10, "summarised cases");
        assertTrue(count(cases, c -> c.expected().startsWith("array([],")) >= 5, "empty cases");
        assertTrue(count(cases, c -> c.view() != null) >= 5, "viewed cases");
        assertTrue(count(cases, c -> c.expected().contains("e+") || c.expected().contains("e-")) >= 10, "scientific cases");
    }

    private static long count(List<Case> cases, Predicate<Case> p) {
        return cases.stream().filter(p).count();
    }

    /** The cases of {@code cases.txt}, in file order. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resource("cases.txt"), StandardCharsets.UTF_8))) {
            String[] header = null;
            int headerLine = 0, lineNo = 0;
            List<String> body = new ArrayList<>();
            for (String line = in.readLine(); ; line = in.readLine()) {
                lineNo++;
                if (line == null || line.startsWith(HEADER)) {
                    if (header != null) cases.add(toCase(headerLine, header, body));
                    if (line == null) break;
                    header = line.substring(HEADER.length()).split(" ", 3);
                    headerLine = lineNo;
                    body.clear();
                } else {
                    assertNotNull(header, "cases.txt line " + lineNo + " comes before any case header");
                    body.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static Case toCase(int line, String[] header, List<String> body) {
        assertTrue(header.length >= 2, "cases.txt line " + line + ": a header needs an id and a file");
        return new Case(line, header[0], header[1], header.length > 2 ? header[2] : null,
                body.stream().collect(Collectors.joining("\n")));
    }

    private static NpyArray read(String file) throws IOException {
        try (InputStream in = resource(file)) {
            return Npy.read(in);
        }
    }

    private static InputStream resource(String file) {
        InputStream in = ReprTest.class.getResourceAsStream(ROOT + file);
        assertNotNull(in, "missing test resource " + ROOT + file);
        return in;
    }
}
