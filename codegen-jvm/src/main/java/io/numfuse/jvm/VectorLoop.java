package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The innermost loop of a map kernel with selects, comparisons or tests, computed a vector of
 * elements at a time with the Vector API ({@link VectorEmitter}), then element by element for
 * the rest of the row. Compiled as scalar code those ops branch on each element, and C2 neither
 * turns the branches of a float {@code where} into conditional moves nor vectorises them: on
 * random data {@code where(a>b, a*b, a-b)} ran 40x slower than the vector form, which is a
 * compare into a mask and a blend. The loop takes a kernel only when every instruction that
 * changes in it has a vector form and every array it reads or writes there has unit stride;
 * otherwise the scalar loop stays. (Branch-free scalar selects were tried: 4-7x faster on random
 * conditions, 2.5x slower on Mandelbrot, whose predictable conditions let C2 skip the untaken arm.)
 *
 * <p>All vectors of a kernel have one lane count, the widest type's preferred one (16 lanes on
 * AVX-512 for float32 and int32 kernels, 8 with a 64-bit type), so that casts and masks move
 * between types lane for lane. Bools are masks; in memory they are bytes 0/1.
 */
final class VectorLoop {
    private final JvmCodegen g;
    private final MethodVisitor mv;
    private final List<Instr> body;
    private final boolean[] varies;
    private final boolean[] needed;             // has a vector: varies, or is an invariant operand of one that does
    private final DType[] home;                 // a vector's type; for a bool, the species of its mask
    private final VectorEmitter.Form[] form;    // the vector form of each varying unary or binary op
    private final int[] local;
    private final VectorEmitter vec;
    /** Whether the lane count has a byte vector: if not, bools load and store through their masks' bits ({@link BoolLanes}). */
    private final boolean byteVectors;

    private VectorLoop(JvmCodegen g, boolean[] varies, boolean[] needed, DType[] home, VectorEmitter.Form[] form, int lanes) {
        this.g = g;
        this.mv = g.mv();
        this.body = g.body();
        this.varies = varies;
        this.needed = needed;
        this.home = home;
        this.form = form;
        this.local = new int[body.size()];
        this.vec = new VectorEmitter(mv, lanes);
        this.byteVectors = VectorEmitter.hasSpecies(DType.BOOL, lanes);
    }

    /**
     * The vector loop for a kernel, or null when it does not take it: no Vector API, a reduction,
     * nothing in the innermost loop that branches, an op without a vector form, a strided access,
     * or no vector species for one of its types.
     */
    static VectorLoop of(JvmCodegen g, KernelKey key, boolean[] varies) {
        if (!BlockMath.VECTOR || key.reduce() != null || key.rank() == 0) return null;
        List<Instr> body = g.body();
        int inner = key.rank() - 1, n = body.size();
        int[] stored = g.storedValues();
        for (int j = 0; j < stored.length; j++) {   // each stored value a vector, each output unit-stride
            if (!varies[stored[j]] || g.layout(g.outputAccess() + j).charAt(inner) != '1') return null;
        }
        boolean branches = false;
        VectorEmitter.Form[] form = new VectorEmitter.Form[n];
        boolean[] needed = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (!varies[k]) continue;
            Instr in = body.get(k);
            switch (in) {
                case Instr.Load l -> { if (g.layout(l.input()).charAt(inner) != '1') return null; }
                case Instr.Gather _ -> { return null; }   // a gather does not vectorise (no gather in the Vector API's loads here)
                case Instr.Unary u -> {
                    form[k] = VectorEmitter.form(u.op(), body.get(u.x()).type());
                    branches |= u.op().rule() == Op.Rule.TEST;
                }
                case Instr.Binary b -> {
                    form[k] = VectorEmitter.form(b.op(), body.get(b.a()).type());
                    branches |= b.op().kind() == Op.Kind.COMPARE;
                }
                case Instr.Cast c -> {
                    DType from = body.get(c.x()).type();
                    if (!VectorEmitter.converts(from, c.type())) return null;
                    branches |= c.type() == DType.BOOL;
                }
                case Instr.Select s -> branches = true;
                case Instr.Index _, Instr.Param _ -> { }
            }
            if ((in instanceof Instr.Unary || in instanceof Instr.Binary) && form[k] == null) return null;
            needed[k] = true;
            for (int o : in.operands()) needed[o] = true;
        }
        if (!branches) return null;   // plain arithmetic: C2 vectorises the scalar loop itself
        int widest = 1;
        for (int k = 0; k < n; k++) if (needed[k]) widest = Math.max(widest, body.get(k).type().itemSize());
        int lanes = VectorEmitter.PREFERRED_BITS / 8 / widest;
        DType[] home = homes(body, varies, needed, lanes, widest);
        if (lanes < 2 || home == null) return null;
        return new VectorLoop(g, varies, needed, home, form, lanes);
    }

    /**
     * Each vector's type, and each bool's mask species: a comparison's or test's is its operands',
     * a loaded bool's is bytes, bool logic takes its first operand's, and an invariant bool takes
     * bytes (or the widest type's, on a machine without byte vectors of the lane count). Null
     * when one of them has no species of the lane count.
     */
    private static DType[] homes(List<Instr> body, boolean[] varies, boolean[] needed, int lanes, int widest) {
        DType wide = null;
        for (int k = 0; k < body.size(); k++) if (needed[k] && body.get(k).type().itemSize() == widest) wide = body.get(k).type();
        boolean bytes = VectorEmitter.hasSpecies(DType.BOOL, lanes);
        DType free = bytes ? DType.BOOL : wide;
        DType[] home = new DType[body.size()];
        for (int k = 0; k < body.size(); k++) {
            if (!needed[k]) continue;
            Instr in = body.get(k);
            DType t = in.type();
            home[k] = t != DType.BOOL ? t : !varies[k] ? free : switch (in) {
                case Instr.Load l -> bytes ? DType.BOOL : wide;   // no byte vector of the lanes: the widest type's mask (BoolLanes)
                case Instr.Unary u -> body.get(u.x()).type() == DType.BOOL ? home[u.x()] : body.get(u.x()).type();
                case Instr.Binary b -> body.get(b.a()).type() == DType.BOOL ? home[b.a()] : body.get(b.a()).type();
                case Instr.Cast c -> body.get(c.x()).type();
                case Instr.Select s -> home[s.a()];
                default -> free;
            };
            if (home[k] == null || !VectorEmitter.hasSpecies(home[k], lanes)) return null;
        }
        return home;
    }

    /**
     * The innermost loop over {@code [lo, hi)} with counter {@code i}: the invariant operands as
     * vectors, the vector loop over whole vectors, and the scalar loop for the rest of the row.
     */
    void emit(int level, int i, Runnable lo, Runnable hi, OutputEmitter out) {
        for (int k = 0; k < body.size(); k++) {
            if (!needed[k] || varies[k]) continue;
            DType t = body.get(k).type();
            int slot = g.valueSlot(k);
            vec.broadcast(t, home[k], () -> g.ops().load(t, slot));
            store(k);
        }
        int end = g.locals().next(DType.INT32);
        lo.run();
        mv.visitVarInsn(ISTORE, i);
        hi.run();                                   // end = i + ((hi - i) & -lanes)
        mv.visitVarInsn(ILOAD, i);
        mv.visitInsn(ISUB);
        g.ops().pushInt(-vec.lanes());
        mv.visitInsn(IAND);
        mv.visitVarInsn(ILOAD, i);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, end);
        Label test = new Label(), top = new Label();
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(top);
        for (int k = 0; k < body.size(); k++) if (varies[k]) emitInstr(k, level, i);
        storeOutput(level);
        mv.visitIincInsn(i, vec.lanes());
        mv.visitLabel(test);
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, end);
        mv.visitJumpInsn(IF_ICMPLT, top);
        g.emitPlainLoop(level, i, () -> mv.visitVarInsn(ILOAD, i), hi, out);
    }

    private void store(int k) {
        local[k] = g.locals().next(DType.INT32);
        mv.visitVarInsn(ASTORE, local[k]);
    }

    private DType type(int k) { return body.get(k).type(); }

    private void vector(int k) { mv.visitVarInsn(ALOAD, local[k]); }

    /** Pushes bool {@code k} as a mask of species {@code to}. */
    private void mask(int k, DType to) {
        mv.visitVarInsn(ALOAD, local[k]);
        if (home[k] != to) vec.castMask(to);
    }

    private VectorEmitter.Operands operands(int... ops) {
        return new VectorEmitter.Operands() {
            public void vector(int i) { VectorLoop.this.vector(ops[i]); }
            public void mask(int i, DType to) { VectorLoop.this.mask(ops[i], to); }
        };
    }

    /** Computes varying instruction {@code k} as a vector into its local. */
    private void emitInstr(int k, int level, int i) {
        Instr in = body.get(k);
        switch (in) {
            case Instr.Load l when l.type() == DType.BOOL && !byteVectors -> vec.loadBools(home[k], () -> {
                mv.visitVarInsn(ALOAD, g.arrayLocal(l.input()));
                g.pushIndex(l.input(), level);
            });
            case Instr.Load l -> {
                vec.pushSpecies(l.type());
                mv.visitVarInsn(ALOAD, g.arrayLocal(l.input()));
                g.pushIndex(l.input(), level);
                vec.fromArray(l.type());
            }
            case Instr.Gather x -> throw new IllegalStateException("a gather is not vectorised (VectorLoop.of refuses it)");
            case Instr.Index x -> vec.iota(() -> mv.visitVarInsn(ILOAD, i));
            case Instr.Unary u -> vec.apply(form[k], type(u.x()), home[k], operands(u.x()));
            case Instr.Binary b -> vec.apply(form[k], type(b.a()), home[k], operands(b.a(), b.b()));
            case Instr.Cast c -> {
                DType from = type(c.x()), to = c.type();
                if (to == DType.BOOL) {
                    vector(c.x());
                    vec.nonZero(from);
                } else if (from == DType.BOOL) {
                    vec.ofMask(to, () -> mask(c.x(), to));
                } else {
                    vector(c.x());
                    vec.convert(from, to);
                }
            }
            case Instr.Select s -> {
                if (s.type() != DType.BOOL) {
                    vector(s.b());
                    vector(s.a());
                    mask(s.cond(), s.type());
                    vec.blend(s.type());
                } else {                     // (a & cond) | (b & !cond)
                    DType h = home[k];
                    mask(s.a(), h);
                    mask(s.cond(), h);
                    vec.maskOp("and");
                    mask(s.b(), h);
                    mask(s.cond(), h);
                    vec.maskOp("andNot");
                    vec.maskOp("or");
                }
            }
            case Instr.Param p -> throw new IllegalStateException("a parameter never changes in the loop");
        }
        store(k);
    }

    /** Stores the kernel's values (a bool as bytes 0/1) at the current vector of each output. */
    private void storeOutput(int level) {
        int[] stored = g.storedValues();
        for (int j = 0; j < stored.length; j++) {
            int k = stored[j], access = g.outputAccess() + j;
            DType t = type(k);
            if (t == DType.BOOL && !byteVectors) {
                vec.storeBools(() -> mask(k, home[k]), () -> {
                    mv.visitVarInsn(ALOAD, g.arrayLocal(access));
                    g.pushIndex(access, level);
                });
                continue;
            }
            if (t == DType.BOOL) vec.ofMask(DType.BOOL, () -> mask(k, DType.BOOL)); else vector(k);
            mv.visitVarInsn(ALOAD, g.arrayLocal(access));
            g.pushIndex(access, level);
            vec.intoArray(t);
        }
    }
}
