package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.Op;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The innermost loop of a float sum over it (see {@link OutputEmitter}): its running state, a
 * {@link CompensatedSum#newState} allocated once per call of {@code run}, and how a row gets
 * there. A body that is one unit-stride load ({@code sum(a)}) or the product of two
 * ({@code dot(a, b)}) hands its row to one {@link CompensatedSum} call; any other body is
 * computed a block of 256 at a time into a scratch {@code double[]} ({@link BlockLoop}), and
 * each block added by one call. A row shorter than {@link #SHORT_ROW} (the last axis of an
 * (n, 3) array) is added one by one in locals instead, where the body is short enough for a
 * second copy of the loop.
 */
final class SumLoop {
    /** A row shorter than this is added one by one (a call or a block costs more than it saves). */
    static final int SHORT_ROW = 32;

    private final JvmCodegen g;
    private final MethodVisitor mv;
    private final int[] ranges;      // the unit-stride loads the row is added from, else null
    private int state = -1, values = -1;

    private SumLoop(JvmCodegen g) {
        this.g = g;
        this.mv = g.mv();
        this.ranges = rangeLoads(g);
    }

    /** Allocates the state (and the block of values) into locals; returns the loop. */
    static SumLoop allocate(JvmCodegen g) {
        SumLoop s = new SumLoop(g);
        MethodVisitor mv = g.mv();
        s.state = g.locals().next(DType.INT32);
        mv.visitMethodInsn(INVOKESTATIC, "io/numfuse/jvm/CompensatedSum", "newState", "()[D", false);
        mv.visitVarInsn(ASTORE, s.state);
        if (s.ranges == null) {
            s.values = g.locals().next(DType.INT32);
            g.ops().pushInt(BlockLoop.BLOCK);
            mv.visitIntInsn(NEWARRAY, T_DOUBLE);
            mv.visitVarInsn(ASTORE, s.values);
        }
        return s;
    }

    /** True when rows go by blocks of values (then the kernel needs a {@link BlockLoop}). */
    boolean byBlocks() { return ranges == null; }

    int stateLocal() { return state; }
    int valuesLocal() { return values; }

    /**
     * The accesses of a body that is one unit-stride load, or the product of two, else null:
     * the row is then one call on the inputs' ranges, with no block of values in between.
     */
    private static int[] rangeLoads(JvmCodegen g) {
        List<Instr> body = g.body();
        Instr last = body.get(body.size() - 1);
        if (body.size() == 1 && last instanceof Instr.Load l) return unitStride(g, l) ? new int[] { l.input() } : null;
        if (body.size() > 3 || !(last instanceof Instr.Binary m) || m.op() != Op.MUL) return null;
        if (!(body.get(m.a()) instanceof Instr.Load a) || !(body.get(m.b()) instanceof Instr.Load b)) return null;
        return unitStride(g, a) && unitStride(g, b) ? new int[] { a.input(), b.input() } : null;
    }

    private static boolean unitStride(JvmCodegen g, Instr.Load l) { return g.layout(l.input()).charAt(g.rank() - 1) == '1'; }

    /** The loop over a row [lo, hi) of the innermost level, counter local {@code i}. */
    void emit(int level, int i, Runnable lo, Runnable hi, OutputEmitter red, BlockLoop blocks) {
        boolean plain = blocks == null || !blocks.hasFunctions();
        if (!plain || g.body().size() > JvmCodegen.DUAL_BODY) {
            emitRow(level, i, lo, hi, red, blocks);
            return;
        }
        Label longRow = new Label(), done = new Label();   // hi - lo < SHORT_ROW ? one by one : range or blocks
        hi.run();
        lo.run();
        mv.visitInsn(ISUB);
        g.ops().pushInt(SHORT_ROW);
        mv.visitJumpInsn(IF_ICMPGE, longRow);
        red.beforeShortRow();
        g.emitPlainLoop(level, i, lo, hi, red);
        red.afterShortRow();
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(longRow);
        emitRow(level, i, lo, hi, red, blocks);
        mv.visitLabel(done);
    }

    private void emitRow(int level, int i, Runnable lo, Runnable hi, OutputEmitter red, BlockLoop blocks) {
        if (ranges == null) blocks.emit(level, i, lo, hi, red); else emitRange(lo, hi, red);
    }

    /**
     * {@code CompensatedSum.add(a, base + lo, base + hi, state)}, or for a product
     * {@code CompensatedSum.addProducts(a, baseA + lo, b, baseB + lo, hi - lo, state)}.
     */
    private void emitRange(Runnable lo, Runnable hi, OutputEmitter red) {
        for (int a : ranges) {
            mv.visitVarInsn(ALOAD, g.arrayLocal(a));
            g.pushRowIndex(a, lo);
            if (ranges.length == 1) g.pushRowIndex(a, hi);
        }
        if (ranges.length == 2) {
            hi.run();
            lo.run();
            mv.visitInsn(ISUB);
        }
        red.addRange(g.accessType(ranges[0]), ranges.length == 2);
    }
}
