package io.numfuse.jvm;

import io.numfuse.ir.KernelKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/** A readable listing of the bytecode {@link JvmCodegen} generates for a kernel ({@code explain --source}). */
public final class JvmListing {
    private JvmListing() {}

    /** The kernel class for {@code key}, as ASM's Textifier prints it (its {@code run} method is the loop). */
    public static String of(KernelKey key) {
        StringWriter out = new StringWriter();
        new ClassReader(JvmCodegen.generate(key)).accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
        return out.toString();
    }
}
