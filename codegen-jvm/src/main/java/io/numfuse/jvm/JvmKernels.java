package io.numfuse.jvm;

import java.lang.invoke.MethodHandles;

/** Defines generated kernel classes as hidden classes, which are unloaded with their last instance. */
public final class JvmKernels {
    private JvmKernels() {}

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** Defines {@code bytes} (from {@link JvmCodegen}) and returns an instance. */
    public static JvmKernel define(byte[] bytes) {
        try {
            Class<?> c = LOOKUP.defineHiddenClass(bytes, true).lookupClass();
            return (JvmKernel) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a generated kernel class could not be defined", e);
        }
    }
}
