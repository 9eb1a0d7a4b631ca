/**
 * numfuse's intermediate representation: the expression graph, the fusion pass that cuts it into
 * kernels, and the reference semantics. Internal, apart from the few types the API's signatures
 * show its users: {@link io.numfuse.ir.DType}, the element types; {@link io.numfuse.ir.Scope}, what
 * {@code Num.scope()} returns; and {@link io.numfuse.ir.NumfuseException} and its subclasses, the
 * errors to catch. The API itself is the package {@code io.numfuse}.
 */
package io.numfuse.ir;
