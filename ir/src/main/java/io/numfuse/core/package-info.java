/**
 * The types numfuse's API shares with its compiler: {@link io.numfuse.core.DType}, the element
 * types with NumPy's promotion rules, and {@link io.numfuse.core.NumfuseException} with its
 * subclasses, the errors a caller may catch (each message is one line naming the input and the
 * fix): {@link io.numfuse.core.ShapeMismatchException}, {@link io.numfuse.core.TypeException},
 * {@link io.numfuse.core.ValueException}, {@link io.numfuse.core.IndexException} and
 * {@link io.numfuse.core.AxisException}. The API itself is the package {@code io.numfuse}.
 */
package io.numfuse.core;
