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
    private int accLocal = -1;

    OutputEmitter(KernelKey key, JvmCodegen g) {
        this.g = g;
        this.mv = g.mv();
        this.ops = g.ops();
        this.reduce = key.reduce();
        this.out = key.output().dtype();
        this.acc = reduce == Op.SUM && out == DType.FLOAT32 ? DType.FLOAT64 : out;
        int inner = key.rank() - 1;
        this.local = reduce != null && key.rank() > 0 && key.reduceAxes().get(inner);
    }

    /** Before the innermost loop: load the running partial result into a local. */
    void beforeInnerLoop() {
        if (!local) return;
        accLocal = g.locals().next(acc);
        loadOutputElement(g.rank() - 1);
        ops.cast(out, acc);
        ops.store(acc, accLocal);
    }

    /** At each element of the innermost loop. */
    void element() {
        int level = g.rank() - 1;
        if (reduce == null) {
            mv.visitVarInsn(ALOAD, g.outputArray());
            g.pushIndex(g.outputAccess(), level);
            ops.load(out, g.valueLocal());
            ops.arrayStore(out);
        } else if (local) {
            ops.load(acc, accLocal);
            ops.load(out, g.valueLocal());
            ops.cast(out, acc);
            ops.binary(reduce.combiner(), acc);
            ops.store(acc, accLocal);
        } else {
            combineIntoMemory(level);
        }
    }

    /** After the innermost loop: store the local partial result back. */
    void afterInnerLoop() {
        if (!local) return;
        mv.visitVarInsn(ALOAD, g.outputArray());
        g.pushIndex(g.outputAccess(), g.rank() - 1);
        ops.load(acc, accLocal);
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
