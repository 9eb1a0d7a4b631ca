#!/usr/bin/env python3
"""NumPy's k-means for numfuse's KMeansTest (issue 16): the same Lloyd steps as
bench/src/main/java/io/numfuse/bench/KMeans.java, on clustered 2-D points, in float32 and float64.

Writes bench/src/test/resources/kmeans/: points_<dtype>.npy (n x 2), labels_<dtype>.npy (the last
assignment, int64) and centroids_<dtype>.npy (after the last step); the first centroids are the
first K points. Run from the repository root with NumPy 2: python3 scripts/kmeans_fixture.py
"""
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "src", "test",
                    "resources", "kmeans")
N, K, ITERATIONS = 3000, 8, 10


def kmeans(x, c, iterations):
    labels = None
    for _ in range(iterations):
        d = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        labels = d.argmin(axis=1)
        member = labels[:, None] == np.arange(K)
        counts = member.sum(axis=0)
        sums = np.where(member[:, :, None], x[:, None, :], 0).sum(axis=0)
        mean = sums / np.maximum(counts, 1)[:, None].astype(x.dtype)
        c = np.where(counts[:, None] > 0, mean, c).astype(x.dtype)
    return labels, c


def main():
    os.makedirs(ROOT, exist_ok=True)
    rng = np.random.default_rng(1616)
    centres = rng.uniform(-5, 5, size=(K, 2))
    points = centres[rng.integers(0, K, size=N)] + rng.normal(0, 1.0, size=(N, 2))
    for dtype in ("float32", "float64"):
        x = points.astype(dtype)
        labels, c = kmeans(x, x[:K].copy(), ITERATIONS)
        np.save(os.path.join(ROOT, f"points_{dtype}.npy"), x)
        np.save(os.path.join(ROOT, f"labels_{dtype}.npy"), labels.astype(np.int64))
        np.save(os.path.join(ROOT, f"centroids_{dtype}.npy"), c)
        print(dtype, "centroids", c.tolist())


if __name__ == "__main__":
    main()
