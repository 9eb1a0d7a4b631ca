package io.numfuse.runtime;

import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;

/** The reference interpreter as a target: slow, always present, the oracle of the others. */
public final class InterpreterTarget implements Target {
    public static final InterpreterTarget INSTANCE = new InterpreterTarget();

    private InterpreterTarget() {}

    @Override public String name() { return "interpreter"; }

    @Override public String description() {
        return "reference interpreter on the host (one element at a time; the oracle of the compiled backends)";
    }

    @Override public void run(Kernel kernel) {
        KernelRuns.ran("interpreter", 1);
        Interpreter.run(kernel);
    }
}
