/**
 * NumPy's .npy file format: {@link io.numfuse.npy.Npy} reads and writes files and streams,
 * {@link io.numfuse.npy.NpyArray} holds their content (dtype, shape, flat C-order data), and
 * {@link io.numfuse.npy.NpyFormatException} reports content numfuse cannot read. Arrays go to
 * and from numfuse with {@link io.numfuse.Num#fromNpy} and {@link io.numfuse.NDArray#toNpy()}:
 * {@code Num.fromNpy(Npy.read(path))}, {@code Npy.write(path, a.toNpy())}. Files are written
 * byte for byte as {@code np.save} writes them, and atomically.
 */
package io.numfuse.npy;
