/**
 * numfuse's runtime: the targets (the JVM, OpenCL devices through JOCL, the interpreter), the
 * scheduler and cost model, residency, caches and the executor. Internal: exported to the API's
 * module only.
 */
module io.numfuse.runtime {
    requires transitive io.numfuse.ir;
    requires io.numfuse.codegen.jvm;
    requires io.numfuse.codegen.opencl;
    requires jocl;
    requires java.management;
    exports io.numfuse.runtime to io.numfuse;
}
