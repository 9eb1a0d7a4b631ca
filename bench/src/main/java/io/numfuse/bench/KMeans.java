package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;

/**
 * Lloyd's k-means written plainly with numfuse, as NumPy code is written (issue 16): the
 * distances of every point to every centroid by broadcasting, each point's nearest centroid by
 * {@code argmin}, and each cluster's mean through its mask (the points' one-hot cluster
 * membership). A cluster left without points keeps its centroid. Each iteration evaluates the
 * new centroids, as a program that prints or tests them would; the {@code (n, k)} distances and
 * the {@code (n, k, d)} masked points are never arrays: they are fused into the reductions that
 * read them.
 *
 * <p>The same steps in NumPy (the agreement check, {@code scripts/kmeans_fixture.py}):
 * <pre>{@code
 * d = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
 * labels = d.argmin(axis=1)
 * member = labels[:, None] == np.arange(k)
 * counts = member.sum(axis=0)
 * sums = np.where(member[:, :, None], x[:, None, :], 0).sum(axis=0)
 * c = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], c)
 * }</pre>
 */
final class KMeans {
    private KMeans() {}

    /** The labels of the last assignment and the centroids after it. */
    record Result(NDArray labels, NDArray centroids) {}

    /**
     * {@code iterations} Lloyd steps over the points {@code x} (shape (n, d)) from the centroids
     * {@code c} (shape (k, d), of x's dtype). The labels returned are those the last step
     * assigned (the final centroids' means are of those clusters).
     */
    static Result run(NDArray x, NDArray c, int iterations) {
        int k = c.shape()[0];
        NDArray labels = null;
        for (int it = 0; it < iterations; it++) {
            labels = nearest(x, c);
            NDArray member = labels.expandDims(1).eq(Num.arange(k));                         // (n, k) bool: the masks
            NDArray counts = member.countNonzero(new int[] { 0 }, false);                       // (k,)
            NDArray sums = Num.where(member.expandDims(2), x.expandDims(1), 0).sum(new int[] { 0 }, false);   // (k, d)
            NDArray mean = sums.div(counts.maximum(1).expandDims(1).astype(x.dtype()));
            c = Num.where(counts.gt(0).expandDims(1), mean, c).eval();
        }
        return new Result(labels == null ? Num.zeros(io.numfuse.core.DType.INT64, x.shape()[0]) : labels.eval(), c);
    }

    /** Each point's nearest centroid: the first of equal distances, as NumPy's argmin. */
    static NDArray nearest(NDArray x, NDArray c) {
        return x.expandDims(1).sub(c.expandDims(0)).square().sum(new int[] { 2 }, false).argmin(1);
    }
}
