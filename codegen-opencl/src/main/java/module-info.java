/** Kernels to OpenCL C source. */
module io.numfuse.codegen.opencl {
    requires transitive io.numfuse.ir;
    exports io.numfuse.opencl to io.numfuse.runtime, io.numfuse;
}
