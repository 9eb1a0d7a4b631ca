package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.core.DType;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits what a kernel does with its value at each element: a map kernel stores it; a reduce
 * kernel combines it into the output, which the runtime has filled with the reduction's
 * identity. When the innermost axis is reduced the partial result lives in a local across the
 * innermost loop; otherwise each element is combined into memory.
 *
 * <p>A float sum is compensated ({@link CompensatedSum}): when the innermost axis is reduced,
 * the body's values go to the running sum {@code state} a range or a block at a time, and
 * after the loop its pair goes back to memory ({@link SumState}) or, when that loop finishes
 * the output element, its total is rounded into the output; otherwise each value is added to
 * its output element's pair in memory.
 */
final class OutputEmitter {
    private static final String SUM = "io/numfuse/jvm/CompensatedSum";

    private final JvmCodegen g;
    private final MethodVisitor mv;
    private final InstrEmitter ops;
    private final Op reduce;
    private final DType out;
    private final boolean local;
    private final boolean compensated;
    private final boolean inKernel;     // a compensated sum whose inner loop finishes each output element
    private final int[] accLocal;

    /**
     * True when the innermost axis is reduced, so that the loop over it can be unrolled into
     * accumulators. Integer sums only: NumPy multiplies products in order (another order changes
     * where a float product overflows: inf * 0 is nan), C2 vectorises a plain max/min loop
     * itself, and a float sum is compensated block by block instead.
     */
    static boolean unrolls(KernelKey key) {
        return key.reduce() == Op.SUM && !key.output().dtype().isFloat() && key.rank() > 0 && key.reduceAxes().get(key.rank() - 1);
    }

    /** True for a float sum over the innermost axis: its values go to a running {@code state} by range, block or one by one ({@link SumLoop}). */
    static boolean sumsLocally(KernelKey key) {
        return SumState.compensates(key) && key.rank() > 0 && key.reduceAxes().get(key.rank() - 1);
    }

    /** The element type of the output access's array: double pairs for a sum that needs them. */
    static DType outputArray(KernelKey key) {
        return SumState.needed(key) ? DType.FLOAT64 : key.output().dtype();
    }

    OutputEmitter(KernelKey key, JvmCodegen g) { this(key, g, 1); }

    OutputEmitter(KernelKey key, JvmCodegen g, int accumulators) {
        this.g = g;
        this.mv = g.mv();
        this.ops = g.ops();
        this.reduce = key.reduce();
        this.out = key.output().dtype();
        this.compensated = SumState.compensates(key);
        this.inKernel = compensated && !SumState.needed(key);
        int inner = key.rank() - 1;
        this.local = reduce != null && key.rank() > 0 && key.reduceAxes().get(inner);
        this.accLocal = new int[local && !compensated ? accumulators : 0];
    }

    /** Before the innermost loop: load the running partial result into a local (the pair into {@code state}). */
    void beforeInnerLoop() {
        if (!local) return;
        if (compensated) {   // CompensatedSum.begin(state, sum, comp)
            mv.visitVarInsn(ALOAD, g.sumStateArray());
            for (int half = 0; half < 2; half++) {
                if (inKernel) {
                    mv.visitInsn(DCONST_0);
                } else {
                    mv.visitVarInsn(ALOAD, half == 0 ? g.outputArray() : g.compensationArray());
                    g.pushIndex(g.outputAccess(), g.rank() - 1);
                    mv.visitInsn(DALOAD);
                }
            }
            mv.visitMethodInsn(INVOKESTATIC, SUM, "begin", "([DDD)V", false);
            return;
        }
        for (int u = 0; u < accLocal.length; u++) {
            accLocal[u] = g.locals().next(out);
            if (u == 0) loadOutputElement(g.rank() - 1); else pushIdentity();
            ops.store(out, accLocal[u]);
        }
    }

    /** The reduction's starting value (its combining op's identity) as a value of the output type. */
    private void pushIdentity() {
        switch (out) {
            case FLOAT64 -> mv.visitLdcInsn(reduce.floatStart());
            case FLOAT32 -> mv.visitLdcInsn((float) reduce.floatStart());
            case INT64 -> mv.visitLdcInsn(reduce.intStart(out));
            case INT32, BOOL -> ops.pushInt((int) reduce.intStart(out));
        }
    }

    /** Pushes the running partial result of a reduction over the innermost loop (one accumulator, not a compensated sum). */
    void loadAccumulator() { ops.load(out, accLocal[0]); }

    /** Stores the value on the stack as the running partial result ({@link #loadAccumulator}'s). */
    void storeAccumulator() { ops.store(out, accLocal[0]); }

    /** At each element of the innermost loop. */
    void element() { element(0); }

    /** At an element of the innermost loop, into accumulator {@code u} when the loop is unrolled. */
    void element(int u) {
        int level = g.rank() - 1;
        if (reduce == null) {
            storeAll(level);
        } else if (local && compensated) {
            if (shortSum < 0) throw new IllegalStateException("a compensated sum over the innermost loop goes by blocks or short rows");
            addInLocals();
        } else if (local) {
            ops.load(out, accLocal[u]);
            ops.load(out, g.valueLocal());
            ops.apply(reduce.combiner(), out);
            ops.store(out, accLocal[u]);
        } else {
            combineIntoMemory(level);
        }
    }

    /** Locals of a short row's running pair (sum, compensation, then the value, the new sum and TwoSum's bp), or -1. */
    private int shortSum = -1;

    /** Before a short row: its pair from {@code state[0], state[1]} into locals, which {@link #element} adds to. */
    void beforeShortRow() {
        if (shortSum < 0) {
            shortSum = g.locals().next(DType.FLOAT64);
            for (int k = 1; k < 5; k++) g.locals().next(DType.FLOAT64);
        }
        for (int half = 0; half < 2; half++) {
            loadState(half);
            mv.visitVarInsn(DSTORE, shortSum + 2 * half);
        }
    }

    /** After a short row: the pair back into {@code state}. */
    void afterShortRow() {
        for (int half = 0; half < 2; half++) {
            mv.visitVarInsn(ALOAD, g.sumStateArray());
            ops.pushInt(half);
            mv.visitVarInsn(DLOAD, shortSum + 2 * half);
            mv.visitInsn(DASTORE);
        }
    }

    /** TwoSum in locals: {@code t = s + x; bp = t - s; c += (s - (t - bp)) + (x - bp); s = t}. */
    private void addInLocals() {
        int s = shortSum, c = s + 2, x = s + 4, t = s + 6, bp = s + 8;
        ops.load(out, g.valueLocal());
        ops.cast(out, DType.FLOAT64);
        mv.visitVarInsn(DSTORE, x);
        mv.visitVarInsn(DLOAD, s);
        mv.visitVarInsn(DLOAD, x);
        mv.visitInsn(DADD);
        mv.visitVarInsn(DSTORE, t);
        mv.visitVarInsn(DLOAD, t);
        mv.visitVarInsn(DLOAD, s);
        mv.visitInsn(DSUB);
        mv.visitVarInsn(DSTORE, bp);
        mv.visitVarInsn(DLOAD, c);
        mv.visitVarInsn(DLOAD, s);
        mv.visitVarInsn(DLOAD, t);
        mv.visitVarInsn(DLOAD, bp);
        mv.visitInsn(DSUB);
        mv.visitInsn(DSUB);
        mv.visitVarInsn(DLOAD, x);
        mv.visitVarInsn(DLOAD, bp);
        mv.visitInsn(DSUB);
        mv.visitInsn(DADD);
        mv.visitInsn(DADD);
        mv.visitVarInsn(DSTORE, c);
        mv.visitVarInsn(DLOAD, t);
        mv.visitVarInsn(DSTORE, s);
    }

    /** True when values go to a block of the scratch array {@code values} ({@link #blockElement}, {@link #afterBlock}). */
    boolean sumsByBlock() { return local && compensated; }

    /**
     * At element {@code i} of the block starting at {@code start}: {@code values[i - start] = (double) value}.
     * (A double block also helps C2: it vectorises a pass whose store cannot alias its loads,
     * as a double[] store cannot alias float[] loads; a float[] block made float32 dot 3x slower.)
     */
    void blockElement(int i, int start) {
        mv.visitVarInsn(ALOAD, g.blockValuesArray());
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, start);
        mv.visitInsn(ISUB);
        ops.load(out, g.valueLocal());
        ops.cast(out, DType.FLOAT64);
        mv.visitInsn(DASTORE);
    }

    /** After a block's values are in: {@code CompensatedSum.add(values, 0, end - start, state)}. */
    void afterBlock(int start, int end) {
        mv.visitVarInsn(ALOAD, g.blockValuesArray());
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ILOAD, end);
        mv.visitVarInsn(ILOAD, start);
        mv.visitInsn(ISUB);
        mv.visitVarInsn(ALOAD, g.sumStateArray());
        mv.visitMethodInsn(INVOKESTATIC, SUM, "add", "([DII[D)V", false);
    }

    /**
     * With the array, from and to on the stack: {@code CompensatedSum.add(array, from, to, state)};
     * for products, with a, ia, b, ib and n: {@code CompensatedSum.addProducts(a, ia, b, ib, n, state)}.
     */
    void addRange(DType element, boolean products) {
        String array = InstrEmitter.arrayDescriptor(element);
        mv.visitVarInsn(ALOAD, g.sumStateArray());
        if (products) mv.visitMethodInsn(INVOKESTATIC, SUM, "addProducts", "(" + array + "I" + array + "II[D)V", false);
        else mv.visitMethodInsn(INVOKESTATIC, SUM, "add", "(" + array + "II[D)V", false);
    }

    /** After the innermost loop: store the local partial result back (a finished sum: its rounded total). */
    void afterInnerLoop() {
        if (!local) return;
        if (compensated) {
            mv.visitVarInsn(ALOAD, g.sumStateArray());
            mv.visitMethodInsn(INVOKESTATIC, SUM, "end", "([D)V", false);
            if (inKernel) {
                mv.visitVarInsn(ALOAD, g.outputArray());
                g.pushIndex(g.outputAccess(), g.rank() - 1);
                loadState(0);
                loadState(1);
                mv.visitMethodInsn(INVOKESTATIC, SUM, "total", "(DD)D", false);
                ops.cast(DType.FLOAT64, out);
                ops.arrayStore(out);
            } else {
                for (int half = 0; half < 2; half++) {
                    mv.visitVarInsn(ALOAD, half == 0 ? g.outputArray() : g.compensationArray());
                    g.pushIndex(g.outputAccess(), g.rank() - 1);
                    loadState(half);
                    mv.visitInsn(DASTORE);
                }
            }
            return;
        }
        mv.visitVarInsn(ALOAD, g.outputArray());
        g.pushIndex(g.outputAccess(), g.rank() - 1);
        ops.load(out, accLocal[0]);
        for (int u = 1; u < accLocal.length; u++) {
            ops.load(out, accLocal[u]);
            ops.apply(reduce.combiner(), out);
        }
        ops.arrayStore(out);
    }

    private void loadState(int half) {
        mv.visitVarInsn(ALOAD, g.sumStateArray());
        ops.pushInt(half);
        mv.visitInsn(DALOAD);
    }

    /** A rank-0 kernel: one element. */
    void emitScalar() {
        if (reduce == null) storeAll(-1); else combineIntoMemory(-1);
    }

    /** A map kernel's stores at the current element: its value into the output, then each extra's. */
    private void storeAll(int level) {
        int[] values = g.storedValues();
        for (int j = 0; j < values.length; j++) {
            int a = g.outputAccess() + j;
            DType t = g.accessType(a);
            mv.visitVarInsn(ALOAD, g.arrayLocal(a));
            g.pushIndex(a, level);
            ops.load(t, g.valueSlot(values[j]));
            ops.arrayStore(t);
        }
    }

    /** {@code out[o] = out[o] (op) value}; for a float sum {@code CompensatedSum.addAt(sums, comps, o, value)}. */
    private void combineIntoMemory(int level) {
        if (compensated) {
            mv.visitVarInsn(ALOAD, g.outputArray());
            mv.visitVarInsn(ALOAD, g.compensationArray());
            g.pushIndex(g.outputAccess(), level);
            ops.load(out, g.valueLocal());
            ops.cast(out, DType.FLOAT64);
            mv.visitMethodInsn(INVOKESTATIC, SUM, "addAt", "([D[DID)V", false);
            return;
        }
        mv.visitVarInsn(ALOAD, g.outputArray());
        g.pushIndex(g.outputAccess(), level);
        mv.visitInsn(DUP2);
        ops.arrayLoad(out);
        ops.load(out, g.valueLocal());
        ops.apply(reduce.combiner(), out);
        ops.arrayStore(out);
    }

    private void loadOutputElement(int level) {
        mv.visitVarInsn(ALOAD, g.outputArray());
        g.pushIndex(g.outputAccess(), level);
        ops.arrayLoad(out);
    }
}
