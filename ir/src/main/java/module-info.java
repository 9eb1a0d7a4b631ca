/**
 * numfuse's intermediate representation: dtypes, the op table, views, expression graphs, kernels
 * and their keys, the fusion pass and the reference interpreter. It exports to everyone only
 * {@code io.numfuse.core}, the dtypes and exceptions the API shares; the IR itself is numfuse's
 * own modules'.
 */
module io.numfuse.ir {
    requires jdk.management;   // CollectorRegions: G1's region size
    exports io.numfuse.core;
    exports io.numfuse.ir to io.numfuse.codegen.jvm, io.numfuse.codegen.opencl, io.numfuse.runtime, io.numfuse;
}
