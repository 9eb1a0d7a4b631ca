/**
 * numfuse's API: {@link io.numfuse.Num} and {@link io.numfuse.NDArray}, expression strings
 * ({@code io.numfuse.expr}) and {@code .npy} files ({@code io.numfuse.npy}).
 */
module io.numfuse {
    requires transitive io.numfuse.ir;
    requires transitive io.numfuse.runtime;
    requires io.numfuse.codegen.jvm;      // explain's listings of generated code
    requires io.numfuse.codegen.opencl;
    exports io.numfuse;
    exports io.numfuse.expr;
    exports io.numfuse.npy;
}
