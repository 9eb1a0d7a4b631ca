package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A write through a view of an array that is not evaluated yet changes the array, as in NumPy (issue 11, part 1). */
class ViewWriteTest {
    static java.util.List<String> targets() { return WriteProperties.targets(); }

    @AfterEach
    void back() { Num.useTarget("auto"); }

    @ParameterizedTest
    @MethodSource("targets")
    void aSliceOfALazyArangeIsWritten(String target) {
        Num.useTarget(target);
        NDArray t = Num.arange(4);
        t.slice("::2").assign(-1L);
        assertArrayEquals(new long[] { -1, 1, -1, 3 }, t.toLongArray());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aSliceAndAnIndexOfALazyExpressionAreWritten(String target) {
        Num.useTarget(target);
        NDArray e = Num.array(1.0, 2, 3).add(1);
        e.slice("1:").assign(0.0);
        assertArrayEquals(new double[] { 2, 0, 0 }, e.toDoubleArray());
        NDArray f = Num.array(1.0, 2, 3).add(1);
        f.index(2).assign(9.0);
        assertArrayEquals(new double[] { 2, 3, 9 }, f.toDoubleArray());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aViewEvaluatedBeforeTheWriteStaysAView(String target) {
        Num.useTarget(target);
        NDArray e = Num.zeros(DType.FLOAT64, 2, 3).add(1.0);
        NDArray row = e.index(1);
        NDArray col = e.transpose().slice("2");
        assertEquals("array([1., 1., 1.])", row.toString());     // evaluates e, and row as a view of it
        row.assign(5.0);
        e.slice("0, 2").assign(7.0);
        assertArrayEquals(new double[] { 1, 1, 7, 5, 5, 5 }, e.toDoubleArray());
        assertArrayEquals(new double[] { 7, 5 }, col.toDoubleArray());
        assertArrayEquals(new double[] { 5, 5, 5 }, row.toDoubleArray());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void viewsOfViewsOfALazyArrayWriteIntoIt(String target) {
        Num.useTarget(target);
        NDArray e = Num.arange(12).reshape(3, 4).mul(1.0);   // lazy float64
        NDArray inner = e.slice("1:, ::-1").slice(":, 1:3").transpose();
        inner.assign(Num.array(-1.0, -2.0));                  // broadcast over (2, 2); the expected values are NumPy's
        assertArrayEquals(new double[] { 0, 1, 2, 3, 4, -1, -1, 7, 8, -2, -2, 11 }, e.toDoubleArray());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aViewOfAViewTakenAfterTheArrayWasComputedStillHasItsReadersSnapshotted(String target) {
        Num.useTarget(target);                                 // found by ViewWriteProperties
        NDArray a = Num.array(1.0, 2, 3, 4, 5, 6, 7, 8).reshape(2, 4).mul(1.0);
        NDArray row = a.index(1);                              // a view of a lazy array
        a.eval();
        NDArray rev = row.slice("2::-1");                      // composed with it after the array was computed
        row.eval();
        NDArray twice = rev.mul(2.0);                          // lazy, reads the view
        row.set(160.0, 2);
        assertArrayEquals(new double[] { 14, 12, 10 }, twice.toDoubleArray(), "laziness rule 2: defined before the write");
        assertArrayEquals(new double[] { 160, 6, 5 }, rev.toDoubleArray(), "a view sees the write");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void setOnALazyArrayAndAnArrayDefinedBeforeTheWrite(String target) {
        Num.useTarget(target);
        NDArray e = Num.array(1.0, 2, 3).add(1);
        NDArray before = e.mul(10.0);
        e.slice("::2").assign(0.0);
        e.set(8.0, 1);
        assertArrayEquals(new double[] { 0, 8, 0 }, e.toDoubleArray());
        assertArrayEquals(new double[] { 20, 30, 40 }, before.toDoubleArray(), "laziness rule 2");
    }
}
