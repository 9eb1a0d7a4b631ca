/**
 * Kernels to JVM bytecode with ASM, defined as hidden classes in this module (so it reads the
 * Vector API's module, which the generated code calls).
 */
module io.numfuse.codegen.jvm {
    requires transitive io.numfuse.ir;
    requires org.objectweb.asm;
    requires org.objectweb.asm.util;
    requires jdk.incubator.vector;
    exports io.numfuse.jvm to io.numfuse.runtime, io.numfuse;
}
