package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.ir.DType;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits what a kernel does with its value at each element: a map kernel stores it; a reduce
 * kernel combines it into the output, which the runtime has filled with the reduction's
 * identity. When the innermost axis is reduced the partial result lives in a local across the
 * innermost loop (a float32 sum accumulates in double there); otherwise each element is
 * combined into memory.
 */
final class OutputEmitter {
    private final JvmCodegen g;
    private final MethodVisitor mv;
    private final InstrEmitter ops;
    private final Op reduce;
    private final DType out;
    private final DType acc;
    private final boolean local;
    private final int[] accLocal;

    /**
     * True when the innermost axis is reduced, so that the loop over it can be unrolled into
     * accumulators. Sums only: NumPy multiplies products in order (another order changes where
     * a float product overflows: inf * 0 is nan), and C2 vectorises a plain max/min loop itself.
     */
    static boolean unrolls(KernelKey key) {
        return key.reduce() == Op.SUM && key.rank() > 0 && key.reduceAxes().get(key.rank() - 1);
    }

    OutputEmitter(KernelKey key, JvmCodegen g) { this(key, g, 1); }

    OutputEmitter(KernelKey key, JvmCodegen g, int accumulators) {
        this.g = g;
        this.mv = g.mv();
        this.ops = g.ops();
        this.reduce = key.reduce();
        this.out = key.output().dtype();
        this.acc = reduce == Op.SUM && out == DType.FLOAT32 ? DType.FLOAT64 : out;
        int inner = key.rank() - 1;
        this.local = reduce != null && key.rank() > 0 && key.reduceAxes().get(inner);
        this.accLocal = new int[local ? accumulators : 0];
    }

    /** Before the innermost loop: load the running partial result into a local. */
    void beforeInnerLoop() {
        if (!local) return;
        for (int u = 0; u < accLocal.length; u++) {
            accLocal[u] = g.locals().next(acc);
            if (u == 0) {
                loadOutputElement(g.rank() - 1);
                ops.cast(out, acc);
            } else {
                pushIdentity();
            }
            ops.store(acc, accLocal[u]);
        }
    }

    /** The reduction's starting value (its combining op's identity) as a value of the accumulator type. */
    private void pushIdentity() {
        switch (acc) {
            case FLOAT64 -> mv.visitLdcInsn(reduce.floatStart());
            case FLOAT32 -> mv.visitLdcInsn((float) reduce.floatStart());
            case INT64 -> mv.visitLdcInsn(reduce.intStart(acc));
            case INT32, BOOL -> ops.pushInt((int) reduce.intStart(acc));
        }
    }

    /** At each element of the innermost loop. */
    void element() { element(0); }

    /** At an element of the innermost loop, into accumulator {@code u} when the loop is unrolled. */
    void element(int u) {
        int level = g.rank() - 1;
        if (reduce == null) {
            mv.visitVarInsn(ALOAD, g.outputArray());
            g.pushIndex(g.outputAccess(), level);
            ops.load(out, g.valueLocal());
            ops.arrayStore(out);
        } else if (local) {
            ops.load(acc, accLocal[u]);
            ops.load(out, g.valueLocal());
            ops.cast(out, acc);
            ops.binary(reduce.combiner(), acc);
            ops.store(acc, accLocal[u]);
        } else {
            combineIntoMemory(level);
        }
    }

    /** After the innermost loop: store the local partial result back. */
    void afterInnerLoop() {
        if (!local) return;
        mv.visitVarInsn(ALOAD, g.outputArray());
        g.pushIndex(g.outputAccess(), g.rank() - 1);
        ops.load(acc, accLocal[0]);
        for (int u = 1; u < accLocal.length; u++) {
            ops.load(acc, accLocal[u]);
            ops.binary(reduce.combiner(), acc);
        }
        ops.cast(acc, out);
        ops.arrayStore(out);
    }

    /** A rank-0 kernel: one element. */
    void emitScalar() {
        if (reduce == null) {
            mv.visitVarInsn(ALOAD, g.outputArray());
            g.pushIndex(g.outputAccess(), -1);
            ops.load(out, g.valueLocal());
            ops.arrayStore(out);
        } else {
            combineIntoMemory(-1);
        }
    }

    private void combineIntoMemory(int level) {
        mv.visitVarInsn(ALOAD, g.outputArray());
        g.pushIndex(g.outputAccess(), level);
        mv.visitInsn(DUP2);
        ops.arrayLoad(out);
        ops.load(out, g.valueLocal());
        ops.binary(reduce.combiner(), out);
        ops.arrayStore(out);
    }

    private void loadOutputElement(int level) {
        mv.visitVarInsn(ALOAD, g.outputArray());
        g.pushIndex(g.outputAccess(), level);
        ops.arrayLoad(out);
    }
}
