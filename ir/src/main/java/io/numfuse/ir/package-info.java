/**
 * numfuse's intermediate representation: the expression graph, the fusion pass that cuts it into
 * kernels, and the reference semantics. Internal: module {@code io.numfuse.ir} exports it to
 * numfuse's own modules only. The types the API shares with it (the dtypes and the exceptions)
 * are in {@code io.numfuse.core}; the API itself is the package {@code io.numfuse}.
 */
package io.numfuse.ir;
