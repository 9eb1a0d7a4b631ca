package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.Op;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The innermost loop of a kernel with transcendental functions, or of a float sum over it, cut
 * into blocks so that those functions run vectorised ({@link BlockMath}) and the sum adds its
 * values a block at a time with compensation ({@link CompensatedSum}). A function's stage is
 * one more than the highest stage among the functions its argument needs. For each block, one
 * pass per stage computes that stage's arguments into scratch arrays (recomputing the cheap
 * instructions they need, which is cheaper than storing them), one call per function computes
 * the results, and a final pass computes the value from them and stores or reduces it (a float
 * sum over the innermost loop stores it into a block of values, then adds the block).
 */
final class BlockLoop {
    /** Elements per block: the scratch arrays stay in L1. */
    static final int BLOCK = 256;

    private final JvmCodegen g;
    private final List<Instr> body;
    private final boolean[] varies;
    private final int[] stage;       // 0 for instructions that are not block functions
    private final int stages;
    private final int[][] argArray;  // argArray[k][operand]: scratch local of block function k's arguments
    private final int[] resArray;    // scratch local of block function k's results

    private BlockLoop(JvmCodegen g, boolean[] varies, int[] stage, int stages) {
        this.g = g;
        this.body = g.body();
        this.varies = varies;
        this.stage = stage;
        this.stages = stages;
        this.argArray = new int[body.size()][];
        this.resArray = new int[body.size()];
    }

    /**
     * The block loop for a kernel body, or null when no varying instruction is a block function
     * and {@code always} is false (a float sum over the innermost loop is blocked regardless:
     * its values are added a block at a time, {@link OutputEmitter#sumsByBlock}).
     */
    static BlockLoop of(JvmCodegen g, boolean[] varies, boolean always) {
        List<Instr> body = g.body();
        int[] stage = new int[body.size()], reach = new int[body.size()];
        int stages = 0;
        for (int k = 0; k < body.size(); k++) {
            int r = 0;
            for (int o : body.get(k).operands()) r = Math.max(r, reach[o]);
            if (varies[k] && isBlockFunction(body.get(k))) {
                stage[k] = r + 1;
                r = stage[k];
                stages = Math.max(stages, stage[k]);
            }
            reach[k] = r;
        }
        return stages == 0 && !always ? null : new BlockLoop(g, varies, stage, stages);
    }

    /** True when the body has block functions (otherwise the blocks only batch a float sum's values). */
    boolean hasFunctions() { return stages > 0; }

    /** A float op that the op table marks as computed by a vectorised routine ({@link io.numfuse.ir.Op#vectorMath()}). */
    static boolean isBlockFunction(Instr in) {
        if (!in.type().isFloat()) return false;
        return switch (in) {
            case Instr.Unary u -> u.op().vectorMath();
            case Instr.Binary b -> b.op().vectorMath();
            default -> false;
        };
    }

    /** The {@link BlockMath} method of a block function. */
    private static String functionName(Op op) {
        return switch (op) {
            case EXP -> "exp"; case EXP2 -> "exp2"; case EXPM1 -> "expm1"; case LOG -> "log"; case LOG1P -> "log1p";
            case LOG10 -> "log10"; case SIN -> "sin"; case COS -> "cos"; case TAN -> "tan"; case ARCSIN -> "asin";
            case ARCCOS -> "acos"; case ARCTAN -> "atan"; case SINH -> "sinh"; case COSH -> "cosh"; case TANH -> "tanh";
            case POW -> "pow"; case ARCTAN2 -> "atan2"; case HYPOT -> "hypot";
            default -> throw new IllegalStateException(op + " is marked vectorMath in the op table but BlockMath has no routine for it");
        };
    }

    /** Allocates the scratch arrays once per call of {@code run}, before any loop. */
    void allocateScratch() {
        MethodVisitor mv = g.mv();
        for (int k = 0; k < body.size(); k++) {
            if (stage[k] == 0) continue;
            int n = body.get(k).operands().length;
            argArray[k] = new int[n];
            for (int i = 0; i < n; i++) argArray[k][i] = newArray(body.get(k).type());
            resArray[k] = newArray(body.get(k).type());
        }
    }

    private int newArray(DType t) {
        MethodVisitor mv = g.mv();
        int slot = g.locals().next(DType.INT32);
        g.ops().pushInt(BLOCK);
        mv.visitIntInsn(NEWARRAY, t == DType.FLOAT32 ? T_FLOAT : T_DOUBLE);
        mv.visitVarInsn(ASTORE, slot);
        return slot;
    }

    /** Emits the blocked innermost loop over {@code [lo, hi)}: counter local {@code i}, value handling by {@code out}. */
    void emit(int level, int i, Runnable loadLo, Runnable loadHi, OutputEmitter out) {
        MethodVisitor mv = g.mv();
        int start = g.locals().next(DType.INT32), end = g.locals().next(DType.INT32), hi = g.locals().next(DType.INT32);
        loadHi.run();
        mv.visitVarInsn(ISTORE, hi);
        loadLo.run();
        mv.visitVarInsn(ISTORE, start);
        Label test = new Label(), top = new Label();
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(top);
        mv.visitVarInsn(ILOAD, hi);                                  // end = start + min(BLOCK, hi - start)
        mv.visitVarInsn(ILOAD, start);
        mv.visitInsn(ISUB);
        g.ops().pushInt(BLOCK);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "min", "(II)I", false);
        mv.visitVarInsn(ILOAD, start);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, end);
        for (int s = 1; s <= stages; s++) {
            List<Integer> targets = new ArrayList<>();
            for (int k = 0; k < body.size(); k++) if (stage[k] == s) for (int o : body.get(k).operands()) targets.add(o);
            int pass = s;
            pass(level, i, start, end, targets, s, () -> storeArguments(pass, i, start));
            for (int k = 0; k < body.size(); k++) if (stage[k] == s) callFunction(k, start, end);
        }
        if (out.sumsByBlock()) {
            pass(level, i, start, end, List.of(body.size() - 1), stages + 1, () -> out.blockElement(i, start));
            out.afterBlock(start, end);
        } else {
            pass(level, i, start, end, java.util.Arrays.stream(g.storedValues()).boxed().toList(), stages + 1, out::element);
        }
        mv.visitVarInsn(ILOAD, end);
        mv.visitVarInsn(ISTORE, start);
        mv.visitLabel(test);
        mv.visitVarInsn(ILOAD, start);
        mv.visitVarInsn(ILOAD, hi);
        mv.visitJumpInsn(IF_ICMPLT, top);
    }

    /** One loop over the block computing what {@code targets} need, then {@code after} at each element. */
    private void pass(int level, int i, int start, int end, List<Integer> targets, int s, Runnable after) {
        MethodVisitor mv = g.mv();
        boolean[] need = new boolean[body.size()];
        for (int t : targets) mark(t, need);
        mv.visitVarInsn(ILOAD, start);
        mv.visitVarInsn(ISTORE, i);
        Label test = new Label(), top = new Label();
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(top);
        for (int k = 0; k < body.size(); k++) {
            if (!need[k]) continue;
            if (stage[k] != 0 && stage[k] < s) loadResult(k, i, start); else g.emitInstr(k, level);
        }
        after.run();
        mv.visitIincInsn(i, 1);
        mv.visitLabel(test);
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, end);
        mv.visitJumpInsn(IF_ICMPLT, top);
    }

    /** Marks {@code k} and the varying instructions it needs; block functions are leaves (their results are in scratch). */
    private void mark(int k, boolean[] need) {
        if (need[k] || !varies[k]) return;
        need[k] = true;
        if (stage[k] != 0) return;
        for (int o : body.get(k).operands()) mark(o, need);
    }

    private void storeArguments(int s, int i, int start) {
        for (int k = 0; k < body.size(); k++) {
            if (stage[k] != s) continue;
            int[] ops = body.get(k).operands();
            for (int a = 0; a < ops.length; a++) {
                scratchIndex(argArray[k][a], i, start);
                g.ops().load(body.get(k).type(), g.valueSlot(ops[a]));
                g.ops().arrayStore(body.get(k).type());
            }
        }
    }

    private void callFunction(int k, int start, int end) {
        MethodVisitor mv = g.mv();
        Instr in = body.get(k);
        String arr = in.type() == DType.FLOAT32 ? "[F" : "[D";
        for (int a : argArray[k]) mv.visitVarInsn(ALOAD, a);
        mv.visitVarInsn(ALOAD, resArray[k]);
        mv.visitVarInsn(ILOAD, end);
        mv.visitVarInsn(ILOAD, start);
        mv.visitInsn(ISUB);
        String name = functionName(in instanceof Instr.Unary u ? u.op() : ((Instr.Binary) in).op());
        mv.visitMethodInsn(INVOKESTATIC, "io/numfuse/jvm/BlockMath", name, "(" + arr.repeat(argArray[k].length + 1) + "I)V", false);
    }

    private void loadResult(int k, int i, int start) {
        scratchIndex(resArray[k], i, start);
        g.ops().arrayLoad(body.get(k).type());
        g.ops().store(body.get(k).type(), g.valueSlot(k));
    }

    private void scratchIndex(int array, int i, int start) {
        MethodVisitor mv = g.mv();
        mv.visitVarInsn(ALOAD, array);
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, start);
        mv.visitInsn(ISUB);
    }
}
