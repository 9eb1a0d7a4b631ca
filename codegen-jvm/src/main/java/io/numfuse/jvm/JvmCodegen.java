package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.KernelLimits;
import io.numfuse.ir.Op;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Compiles a {@link KernelKey} to the bytes of a {@link JvmKernel} subclass: a loop nest over
 * the iteration space whose innermost loop is a plain counted loop (C2 vectorises it when the
 * accesses have unit stride), with each access's offset arithmetic hoisted to the level it
 * changes at, and instructions that do not change in the innermost loop computed before it.
 * A pure function of the key: sizes, strides, offsets and scalar values are arguments.
 */
public final class JvmCodegen {
    /**
     * The kernel body cap the JVM backend asks the fusion pass for: with it every generated
     * {@code run} method stays under HotSpot's 8000-byte JIT limit (HugeKernelTest checks it).
     */
    public static final int MAX_BODY = 400;

    /**
     * The argument space the JVM backend asks for ({@link KernelLimits#argumentBytes}): each
     * input costs a run method 50 to 150 bytes of setup and loads (more at higher rank), so a
     * sum of 200 arrays made a 10-24 KB method that HotSpot would not compile. With this cap
     * a wide kernel stays under 8000 bytes at ranks 1 to 4 (WideKernelTest); it is also the
     * least OpenCL guarantees, so a device's kernels run on the JVM unchanged.
     */
    public static final long MAX_ARGUMENT_BYTES = 1024;

    /**
     * What a JVM kernel may be: {@link #MAX_BODY} instructions, {@link #MAX_ARGUMENT_BYTES} of
     * arguments, and of a deep graph that shares much (a loop written plainly) 64 levels: C2
     * neither unrolls nor vectorises a loop body of hundreds of dependent instructions, and 43
     * steps of {@code x += dt*v; v -= dt*x} (258 instructions) took 45 ms a kernel over 10^6
     * float64 where the same steps cut every 32 levels took 9 kernels and 10 ms together.
     */
    public static final KernelLimits LIMITS = KernelLimits.of(MAX_BODY).withArgumentBytes(MAX_ARGUMENT_BYTES).withShallowKernels();

    /** Class name of every generated kernel (hidden classes get a unique suffix). */
    static final String CLASS_NAME = "io/numfuse/jvm/JvmKernel$Generated";
    private static final String SUPER = "io/numfuse/jvm/JvmKernel";

    // argument slots of run(Object[] arrays, int[] offsets, int[] strides, int[] shape, long[] params, int from, int to)
    static final int ARRAYS = 1, OFFSETS = 2, STRIDES = 3, SHAPE = 4, PARAMS = 5, FROM = 6, TO = 7;

    private final KernelKey key;
    private final int rank;
    private final List<Instr> body;
    private final List<KernelKey.Access> accesses;
    private final MethodVisitor mv;
    private final Locals locals = new Locals(TO + 1);
    private final InstrEmitter ops;
    private final int[] value;          // local slot of each instruction's value
    private final boolean[] varies;     // instruction changes within the innermost loop
    private final int[] arrayLocal;     // typed array of each access
    private final int[][] pointer;      // pointer[a][level]: element offset of access a at loop level
    private final int[] counter;        // loop counter of each level
    private BlockLoop blocks;           // the blocked innermost loop, when there are block functions or a float sum
    private VectorLoop vectors;         // the innermost loop computed with the Vector API, when it selects or compares
    private final boolean allowVectors;
    private int compsLocal = -1;        // a float sum's compensations (SumState), when it needs pairs in memory
    private SumLoop sums;               // a float sum over the innermost loop: its state and how rows get there
    private int[] offsetLocal;          // offsets[a], read once into a local
    private int[][] strideLocal;        // strides[a * rank + d], read once into locals
    private int[] shapeLocal;           // shape[d], read once into locals

    private JvmCodegen(KernelKey key, MethodVisitor mv, boolean allowVectors) {
        this.key = key;
        this.allowVectors = allowVectors;
        this.rank = key.rank();
        this.body = key.body();
        this.accesses = key.accesses();
        this.mv = mv;
        this.ops = new InstrEmitter(mv);
        this.value = new int[body.size()];
        this.varies = new boolean[body.size()];
        this.arrayLocal = new int[accesses.size()];
        this.pointer = new int[accesses.size()][Math.max(rank, 1)];
        this.counter = new int[Math.max(rank, 1)];
    }

    private static final String RUN = "run([Ljava/lang/Object;[I[I[I[JII)V";

    /**
     * The class file of the kernel for {@code key}, with its Vector API loop ({@link VectorLoop})
     * where it takes one and {@code run} stays short enough for the JIT.
     */
    public static byte[] generate(KernelKey key) {
        Emitted e = emit(key, true);   // a kernel without a vector loop is its scalar class at once
        return !e.vectorised() || fitsTheJit(e.bytes()) ? e.bytes() : generateScalar(key);
    }

    /** The class file of the kernel for {@code key} without a Vector API loop: every loop is scalar. */
    public static byte[] generateScalar(KernelKey key) { return emit(key, false).bytes(); }

    /**
     * The class file of the kernel for {@code key} with its Vector API loop, or null when it takes
     * none ({@link #vectorises}) or the loop would make {@code run} too long for the JIT. Until C2
     * has compiled it, such a class runs much slower than its scalar version (the interpreter and
     * C1 do not intrinsify the Vector API): the runtime warms it before using it.
     */
    public static byte[] generateVectorised(KernelKey key) {
        Emitted e = emit(key, true);
        return e.vectorised() && fitsTheJit(e.bytes()) ? e.bytes() : null;
    }

    private static boolean fitsTheJit(byte[] classFile) { return ClassFiles.codeLengths(classFile).get(RUN) < ClassFiles.HUGE_METHOD; }

    /** True when the kernel for {@code key} takes a Vector API loop (its selects, comparisons or tests vectorise). */
    public static boolean vectorises(KernelKey key) {
        if (key.rank() == 0) return false;
        JvmCodegen g = new JvmCodegen(key, new MethodVisitor(org.objectweb.asm.Opcodes.ASM9) {}, true);
        g.classify();
        return !OutputEmitter.sumsLocally(key) && BlockLoop.of(g, g.varies, false) == null && VectorLoop.of(g, key, g.varies) != null;
    }

    private record Emitted(byte[] bytes, boolean vectorised) {}

    private static Emitted emit(KernelKey key, boolean vectors) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V21, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, CLASS_NAME, null, SUPER, null);
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "run", "([Ljava/lang/Object;[I[I[I[JII)V", null, null);
        mv.visitCode();
        JvmCodegen g = new JvmCodegen(key, mv, vectors);
        g.emitRun();
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return new Emitted(cw.toByteArray(), g.vectors != null);
    }

    private void emitRun() {
        classify();
        for (int a = 0; a < accesses.size(); a++) {
            DType t = a == outputAccess() ? OutputEmitter.outputArray(key) : accesses.get(a).dtype();
            arrayLocal[a] = loadArray(a, t);
        }
        if (SumState.needed(key)) compsLocal = loadArray(accesses.size(), DType.FLOAT64);
        for (int i = 0; i < body.size(); i++) value[i] = locals.next(body.get(i).type());
        emitParams();
        emitGeometry();
        if (OutputEmitter.sumsLocally(key)) sums = SumLoop.allocate(this);
        if (rank > 0) {
            blocks = BlockLoop.of(this, varies, sums != null && sums.byBlocks());
            if (blocks != null) blocks.allocateScratch();
            else if (allowVectors) vectors = VectorLoop.of(this, key, varies);
        }
        if (rank == 0) {
            for (int a = 0; a < accesses.size(); a++) {
                pointer[a][0] = locals.next(DType.INT32);
                loadOffset(a);
                mv.visitVarInsn(ISTORE, pointer[a][0]);
            }
            for (int i = 0; i < body.size(); i++) if (!(body.get(i) instanceof Instr.Param)) emitInstr(i, -1);
            new OutputEmitter(key, this).emitScalar();
            return;
        }
        emitLevel(0);
    }

    /** {@code (T[]) arrays[a]} into a new local. */
    private int loadArray(int a, DType t) {
        int slot = locals.next(DType.INT32);
        mv.visitVarInsn(ALOAD, ARRAYS);
        ops.pushInt(a);
        mv.visitInsn(AALOAD);
        mv.visitTypeInsn(CHECKCAST, InstrEmitter.arrayDescriptor(t));
        mv.visitVarInsn(ASTORE, slot);
        return slot;
    }

    /** Marks the instructions whose value changes within the innermost loop. */
    private void classify() {
        int inner = rank - 1;
        for (int i = 0; i < body.size(); i++) {
            varies[i] = switch (body.get(i)) {
                case Instr.Load l -> rank > 0 && accesses.get(l.input()).layout().charAt(inner) != '0';
                case Instr.Gather g -> varies[g.offset()] || rank > 0 && accesses.get(g.input()).layout().charAt(inner) != '0';
                case Instr.Param p -> false;
                case Instr.Index x -> x.axis() == inner;
                default -> {
                    boolean v = false;
                    for (int o : body.get(i).operands()) v |= varies[o];
                    yield v;
                }
            };
        }
    }

    private void emitParams() {
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i) instanceof Instr.Param p) {
                mv.visitVarInsn(ALOAD, PARAMS);
                ops.pushInt(p.index());
                mv.visitInsn(LALOAD);
                ops.decodeParam(p.type());
                ops.store(p.type(), value[i]);
            }
        }
    }

    /** Emits the loop of {@code level} and everything inside it. */
    private void emitLevel(int level) {
        boolean outer = level == 0, inner = level == rank - 1;
        int i = counter[level] = locals.next(DType.INT32);
        // pointers at the start of this level's loop: the enclosing level's, plus from*stride at level 0
        if (!inner) {
            for (int a = 0; a < accesses.size(); a++) {
                pointer[a][level] = locals.next(DType.INT32);
                if (outer) {
                    loadOffset(a);
                    mv.visitVarInsn(ILOAD, FROM);
                    loadStride(a, 0);
                    mv.visitInsn(IMUL);
                    mv.visitInsn(IADD);
                } else {
                    mv.visitVarInsn(ILOAD, pointer[a][level - 1]);
                }
                mv.visitVarInsn(ISTORE, pointer[a][level]);
            }
        } else {
            // hoist what does not change in the innermost loop
            for (int k = 0; k < body.size(); k++) if (!varies[k] && !(body.get(k) instanceof Instr.Param)) emitInstr(k, level);
        }
        boolean unroll = inner && blocks == null && OutputEmitter.unrolls(key) && body.size() <= UNROLL_BODY;
        OutputEmitter red = inner ? new OutputEmitter(key, this, unroll ? UNROLL : 1) : null;
        if (red != null) red.beforeInnerLoop();
        Runnable lo = () -> { if (outer) mv.visitVarInsn(ILOAD, FROM); else ops.pushInt(0); };
        Runnable hi = () -> { if (outer) mv.visitVarInsn(ILOAD, TO); else loadShape(level); };
        int extreme = inner && !unroll ? extremeRangeInput() : -1;
        if (inner && sums != null) {
            sums.emit(level, i, lo, hi, red, blocks);
        } else if (extreme >= 0) {   // a float max/min of one unit-stride load: the row in one call
            red.loadAccumulator();
            mv.visitVarInsn(ALOAD, arrayLocal(extreme));
            pushRowIndex(extreme, lo);
            pushRowIndex(extreme, hi);
            String t = key.output().dtype() == DType.FLOAT32 ? "F" : "D";
            mv.visitMethodInsn(INVOKESTATIC, "io/numfuse/jvm/ExtremeRange", key.reduce() == Op.MAX ? "max" : "min",
                    "(" + t + "[" + t + "II)" + t, false);
            red.storeAccumulator();
        } else if (inner && blocks != null) {
            blocks.emit(level, i, lo, hi, red);
        } else if (inner && vectors != null) {
            vectors.emit(level, i, lo, hi, red);
        } else if (unroll) {
            emitUnrolledReduction(level, i, lo, hi, red);
        } else if (inner && sharedBaseCandidates().size() >= 2 && body.size() <= DUAL_BODY) {
            // Two copies of the loop: when every unit-stride access starts at the same offset
            // (whole arrays, the common case) they share one index, which tells C2 that a
            // store cannot feed a later load, so it vectorises; otherwise the general loop.
            List<Integer> unit = sharedBaseCandidates();
            Label general = new Label(), done = new Label();
            for (int u = 1; u < unit.size(); u++) {
                mv.visitVarInsn(ILOAD, baseSlot(unit.get(0)));
                mv.visitVarInsn(ILOAD, baseSlot(unit.get(u)));
                mv.visitJumpInsn(IF_ICMPNE, general);
            }
            sharedBase = baseSlot(unit.get(0));
            shares = new boolean[accesses.size()];
            for (int a : unit) shares[a] = true;
            emitPlainLoop(level, i, lo, hi, red);
            sharedBase = -1;
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(general);
            emitPlainLoop(level, i, lo, hi, red);
            mv.visitLabel(done);
        } else {
            emitPlainLoop(level, i, lo, hi, red);
        }
        if (red != null) red.afterInnerLoop();
    }

    /**
     * The input of a float max/min over the innermost axis whose body is that input's unit-stride
     * load ({@code max(a)}), else -1: C2 does not vectorise the kernel's loop over {@code Math.max}
     * (12.7 GB/s against a plain Java loop's 22.9), so each row is one {@link ExtremeRange} call.
     */
    private int extremeRangeInput() {
        if ((key.reduce() != Op.MAX && key.reduce() != Op.MIN) || rank == 0 || !key.reduceAxes().get(rank - 1)) return -1;
        DType t = key.output().dtype();
        if ((t != DType.FLOAT32 && t != DType.FLOAT64) || body.size() != 1 || !(body.get(0) instanceof Instr.Load l)) return -1;
        return accesses.get(l.input()).dtype() == t && accesses.get(l.input()).layout().charAt(rank - 1) == '1' ? l.input() : -1;
    }

    /** Bodies longer than this get one copy of the innermost loop (the method would grow too much). */
    static final int DUAL_BODY = 120;

    /** The local holding the shared base offset in the fast copy of the innermost loop, or -1. */
    private int sharedBase = -1;
    /** The accesses that use {@link #sharedBase} in the fast copy. */
    private boolean[] shares;

    /** The loop of {@code level} with nothing special: counter {@code i} from lo to hi. */
    void emitPlainLoop(int level, int i, Runnable lo, Runnable hi, OutputEmitter red) {
        boolean inner = level == rank - 1;
        lo.run();
        mv.visitVarInsn(ISTORE, i);
        Label test = new Label(), top = new Label();
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(top);
        if (inner) {
            for (int k = 0; k < body.size(); k++) if (varies[k]) emitInstr(k, level);
            red.element();
        } else {
            emitLevel(level + 1);
            for (int a = 0; a < accesses.size(); a++) {   // advance this level's pointers
                mv.visitVarInsn(ILOAD, pointer[a][level]);
                loadStride(a, level);
                mv.visitInsn(IADD);
                mv.visitVarInsn(ISTORE, pointer[a][level]);
            }
        }
        mv.visitIincInsn(i, 1);
        mv.visitLabel(test);
        mv.visitVarInsn(ILOAD, i);
        hi.run();
        mv.visitJumpInsn(IF_ICMPLT, top);
    }

    /** Accesses with a unit stride on the innermost axis that the loop reads or writes. */
    private List<Integer> sharedBaseCandidates() {
        List<Integer> unit = new java.util.ArrayList<>();
        int inner = rank - 1;
        boolean[] loaded = new boolean[accesses.size()];
        for (int k = 0; k < body.size(); k++) if (varies[k] && body.get(k) instanceof Instr.Load l) loaded[l.input()] = true;
        for (int a = outputAccess(); a < accesses.size(); a++) loaded[a] = key.reduce() == null;
        for (int a = 0; a < accesses.size(); a++) if (loaded[a] && accesses.get(a).layout().charAt(inner) == '1') unit.add(a);
        return unit;
    }

    /** The local holding access {@code a}'s offset at the start of the innermost loop. */
    int baseSlot(int a) { return rank == 1 ? offsetLocal[a] : pointer[a][rank - 2]; }

    /** Pushes the index in access {@code a}'s array of innermost position {@code at} (its base plus it: a unit-stride row). */
    void pushRowIndex(int a, Runnable at) {
        mv.visitVarInsn(ILOAD, baseSlot(a));
        at.run();
        mv.visitInsn(IADD);
    }

    /** Independent accumulators of an inner-axis reduction, so that the adds pipeline. */
    static final int UNROLL = 8;
    /** Bodies longer than this are not unrolled (the method would grow too much). */
    static final int UNROLL_BODY = 40;

    /**
     * The innermost loop of a reduction over it, unrolled: {@code UNROLL} elements per trip,
     * each into its own accumulator, then a remainder loop; the accumulators are combined after.
     */
    private void emitUnrolledReduction(int level, int i, Runnable lo, Runnable hi, OutputEmitter red) {
        int saved = counter[level], shifted = locals.next(DType.INT32);
        lo.run();
        mv.visitVarInsn(ISTORE, i);
        Label test = new Label(), top = new Label();
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(top);
        counter[level] = shifted;       // each copy addresses element i + u
        for (int u = 0; u < UNROLL; u++) {
            mv.visitVarInsn(ILOAD, i);
            ops.pushInt(u);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, shifted);
            for (int k = 0; k < body.size(); k++) if (varies[k]) emitInstr(k, level);
            red.element(u);
        }
        counter[level] = saved;
        mv.visitIincInsn(i, UNROLL);
        mv.visitLabel(test);
        mv.visitVarInsn(ILOAD, i);
        hi.run();
        ops.pushInt(UNROLL - 1);
        mv.visitInsn(ISUB);
        mv.visitJumpInsn(IF_ICMPLT, top);
        Label test1 = new Label(), top1 = new Label();
        mv.visitJumpInsn(GOTO, test1);
        mv.visitLabel(top1);
        for (int k = 0; k < body.size(); k++) if (varies[k]) emitInstr(k, level);
        red.element(0);
        mv.visitIincInsn(i, 1);
        mv.visitLabel(test1);
        mv.visitVarInsn(ILOAD, i);
        hi.run();
        mv.visitJumpInsn(IF_ICMPLT, top1);
    }

    /** Computes instruction {@code k} into its local (block functions included, by {@code Math}). */
    void emitInstr(int k, int level) {
        Instr in = body.get(k);
        switch (in) {
            case Instr.Load l -> {
                mv.visitVarInsn(ALOAD, arrayLocal[l.input()]);
                pushIndex(l.input(), level);
                ops.arrayLoad(l.type());
            }
            case Instr.Gather g -> {   // the access's element plus the offset (in bounds: the frontend checked the indices)
                mv.visitVarInsn(ALOAD, arrayLocal[g.input()]);
                pushIndex(g.input(), level);
                ops.load(DType.INT64, value[g.offset()]);
                mv.visitInsn(L2I);
                mv.visitInsn(IADD);
                ops.arrayLoad(g.type());
            }
            case Instr.Param p -> { return; }
            case Instr.Index x -> {
                mv.visitVarInsn(ILOAD, counter[x.axis()]);
                mv.visitInsn(I2L);
            }
            case Instr.Unary u -> {
                ops.load(body.get(u.x()).type(), value[u.x()]);
                ops.apply(u.op(), body.get(u.x()).type());
            }
            case Instr.Cast c -> {
                ops.load(body.get(c.x()).type(), value[c.x()]);
                ops.cast(body.get(c.x()).type(), c.type());
            }
            case Instr.Binary b -> {
                DType t = body.get(b.a()).type();
                ops.load(t, value[b.a()]);
                ops.load(t, value[b.b()]);
                ops.apply(b.op(), t);
            }
            case Instr.Select s -> {
                Label other = new Label(), end = new Label();
                ops.load(DType.BOOL, value[s.cond()]);
                mv.visitJumpInsn(IFEQ, other);
                ops.load(s.type(), value[s.a()]);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(other);
                ops.load(s.type(), value[s.b()]);
                mv.visitLabel(end);
            }
        }
        ops.store(in.type(), value[k]);
    }

    /**
     * Pushes the element offset of access {@code a} at the current element: in the innermost
     * loop it is the enclosing pointer plus the counter times the stride (a unit stride is
     * just {@code + i}, a zero stride nothing), so C2 sees a plain induction variable.
     */
    void pushIndex(int a, int level) {
        if (rank == 0 || level < 0) { mv.visitVarInsn(ILOAD, pointer[a][0]); return; }
        int inner = rank - 1;
        char c = accesses.get(a).layout().charAt(inner);
        if (sharedBase >= 0 && shares[a] && level == inner) mv.visitVarInsn(ILOAD, sharedBase);
        else if (rank == 1) loadOffset(a);
        else mv.visitVarInsn(ILOAD, pointer[a][inner - 1]);
        if (c == '0' || level != inner) return;
        mv.visitVarInsn(ILOAD, counter[inner]);
        if (c != '1') {
            loadStride(a, inner);
            mv.visitInsn(IMUL);
        }
        mv.visitInsn(IADD);
    }

    /**
     * Reads offsets, strides and the shape into locals once, so that the loops see plain
     * invariants (C2 then needs no alias reasoning to vectorise them).
     */
    private void emitGeometry() {
        offsetLocal = new int[accesses.size()];
        strideLocal = new int[accesses.size()][rank];
        shapeLocal = new int[rank];
        for (int a = 0; a < accesses.size(); a++) {
            offsetLocal[a] = readInt(OFFSETS, a);
            for (int d = 0; d < rank; d++) strideLocal[a][d] = readInt(STRIDES, a * rank + d);
        }
        for (int d = 0; d < rank; d++) shapeLocal[d] = readInt(SHAPE, d);
    }

    private int readInt(int array, int index) {
        int slot = locals.next(DType.INT32);
        mv.visitVarInsn(ALOAD, array);
        ops.pushInt(index);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ISTORE, slot);
        return slot;
    }

    private void loadOffset(int a) { mv.visitVarInsn(ILOAD, offsetLocal[a]); }

    private void loadStride(int a, int axis) { mv.visitVarInsn(ILOAD, strideLocal[a][axis]); }

    private void loadShape(int axis) { mv.visitVarInsn(ILOAD, shapeLocal[axis]); }

    // ---- accessors for OutputEmitter --------------------------------------------------------

    MethodVisitor mv() { return mv; }
    InstrEmitter ops() { return ops; }
    Locals locals() { return locals; }
    int outputAccess() { return key.inputs().size(); }
    int outputArray() { return arrayLocal[outputAccess()]; }
    /** The instruction each output access stores, from {@link #outputAccess()} on (a multi-output kernel has several). */
    int[] storedValues() { return key.storedValues(); }
    int valueLocal() { return value[body.size() - 1]; }
    int rank() { return rank; }
    List<Instr> body() { return body; }
    int valueSlot(int k) { return value[k]; }
    int compensationArray() { return compsLocal; }
    int sumStateArray() { return sums.stateLocal(); }
    int blockValuesArray() { return sums.valuesLocal(); }
    int arrayLocal(int a) { return arrayLocal[a]; }
    String layout(int a) { return accesses.get(a).layout(); }
    DType accessType(int a) { return accesses.get(a).dtype(); }

    /** Allocates local variable slots (two for long and double). */
    static final class Locals {
        private int next;
        Locals(int first) { next = first; }
        int next(DType t) {
            int s = next;
            next += t == DType.INT64 || t == DType.FLOAT64 ? 2 : 1;
            return s;
        }
    }
}
