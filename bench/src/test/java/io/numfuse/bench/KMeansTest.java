package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.npy.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link KMeans}, the k-means of {@code numfuse bench kmeans}, agrees with NumPy's same steps
 * (fixtures by {@code scripts/kmeans_fixture.py}: 3,000 clustered points, 8 clusters, 10 steps) on
 * the interpreter, the JVM, every OpenCL device and auto: the same labels, and centroids within
 * float rounding (sums of the clusters' points in another order). And the suite's rows run and
 * agree with its hand-written loop.
 */
class KMeansTest {
    private static NDArray fixture(String name) {
        try (InputStream in = KMeansTest.class.getResourceAsStream("/kmeans/" + name + ".npy")) {
            return Num.fromNpy(Npy.read(in));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> agreesWithNumPyOnEveryTarget() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> targets = new ArrayList<>(List.of("interpreter"));
        targets.addAll(Suites.jvmAndDevices(true));
        for (String dtype : List.of("float32", "float64")) {
            for (String target : targets) {
                tests.add(DynamicTest.dynamicTest(dtype + " on " + target, () -> {
                    NDArray x = fixture("points_" + dtype);
                    long[] labels = fixture("labels_" + dtype).toLongArray();
                    double[] centroids = fixture("centroids_" + dtype).toDoubleArray();
                    KMeans.Result r = Num.on(target, () -> KMeans.run(x, x.slice("0:8").eval(), 10));
                    assertEquals(DType.parse(dtype), r.centroids().dtype());
                    assertArrayEquals(new int[] { 8, 2 }, r.centroids().shape());
                    assertArrayEquals(labels, r.labels().toLongArray(), "labels of the last step");
                    double tol = dtype.equals("float32") ? 1e-5 : 1e-12;
                    double[] got = r.centroids().toDoubleArray();
                    for (int i = 0; i < got.length; i++) {
                        assertEquals(centroids[i], got[i], tol * Math.max(1, Math.abs(centroids[i])), "centroid coordinate " + i);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theSuiteRunsOnItsTargetsAndAgreesWithTheHandLoop() {
        CliTest.Result r = CliTest.run("bench", "kmeans", "--size", "20000", "--repeats", "2", "--warmup", "20", "--targets", "jvm");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("kmeans k=8 x10"), r.out());
        assertTrue(r.out().contains("baseline:java-loop"), r.out());
    }

    @Test
    void aBadSizeIsOneLine() {
        CliTest.Result r = CliTest.run("bench", "kmeans", "--size", "3");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--size for kmeans is the number of points, between 8"), r.err());
    }
}
