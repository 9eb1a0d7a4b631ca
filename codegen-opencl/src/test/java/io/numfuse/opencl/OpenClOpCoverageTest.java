package io.numfuse.opencl;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import io.numfuse.ir.Semantics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Walks {@link Op#values()}: every op renders on every dtype where {@link Semantics} defines it
 * (and is refused where it does not), selects and casts on every dtype, every reduction on
 * every dtype. A new op without an OpenCL rendering fails here.
 */
class OpenClOpCoverageTest {
    static final DType[] TYPES = DType.values();

    static KernelKey.Access in(DType t, int alias) { return new KernelKey.Access(t, "1", alias); }

    static KernelKey map(List<Instr> body, List<KernelKey.Access> inputs) {
        DType t = body.get(body.size() - 1).type();
        return new KernelKey(1, body, inputs, in(t, inputs.size()), null, List.of());
    }

    static boolean semanticsDefines(Op op, DType t) {
        try {
            if (op.kind() == Op.Kind.UNARY) {
                if (!t.isFloat()) Semantics.intUnary(op, t, 1);
                else if (op.rule() == Op.Rule.TEST) Semantics.floatTest(op, 1.5);
                else Semantics.floatUnary(op, t, 1.5);
            } else if (t.isFloat()) {
                if (op.kind() == Op.Kind.COMPARE) Semantics.floatCompare(op, 1.5, 2.5); else Semantics.floatBinary(op, t, 1.5, 2.5);
            } else {
                Semantics.intBinary(op, t, 1, 1);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void everyOpHasARendering() {
        int rendered = 0;
        for (Op op : Op.values()) {
            int before = rendered;
            for (DType t : TYPES) {
                KernelKey key = switch (op.kind()) {
                    case UNARY -> map(List.of(new Instr.Load(0, t), new Instr.Unary(op, op.rule() == Op.Rule.TEST ? DType.BOOL : t, 0)),
                            List.of(in(t, 0)));
                    case BINARY, COMPARE -> map(List.of(new Instr.Load(0, t), new Instr.Load(1, t),
                            new Instr.Binary(op, op.kind() == Op.Kind.COMPARE ? DType.BOOL : t, 0, 1)), List.of(in(t, 0), in(t, 1)));
                    case SELECT -> map(List.of(new Instr.Load(0, DType.BOOL), new Instr.Load(1, t), new Instr.Load(2, t),
                            new Instr.Select(t, 0, 1, 2)), List.of(in(DType.BOOL, 0), in(t, 1), in(t, 2)));
                    case CAST -> null;
                    case REDUCE -> new KernelKey(2, List.of(new Instr.Load(0, t)), List.of(new KernelKey.Access(t, "1s", 0)),
                            new KernelKey.Access(t, "10", 1), op, List.of(false, true));
                };
                if (op.kind() == Op.Kind.CAST) {
                    for (DType to : TYPES) {
                        String src = OpenClCodegen.generate(map(List.of(new Instr.Load(0, t), new Instr.Cast(to, 0)), List.of(in(t, 0)))).source();
                        assertTrue(src.contains("nf_map"), op + " " + t + " -> " + to);
                        rendered++;
                    }
                    continue;
                }
                boolean defined = op.kind() == Op.Kind.SELECT || op.kind() == Op.Kind.REDUCE || semanticsDefines(op, t);
                if (defined) {
                    OpenClSource s = OpenClCodegen.generate(key);
                    assertTrue(s.source().contains("__kernel"), op + " on " + t);
                    rendered++;
                } else {
                    assertThrows(IllegalArgumentException.class, () -> OpenClCodegen.generate(key), op + " on " + t + " should be refused");
                }
            }
            assertTrue(rendered > before, op + " has no rendering on any dtype");
        }
        System.out.println("OpenCL renderings: " + rendered);
    }

    @Test
    void float64KernelsNeedFp64() {
        KernelKey k = map(List.of(new Instr.Load(0, DType.FLOAT64), new Instr.Unary(Op.SIN, DType.FLOAT64, 0)), List.of(in(DType.FLOAT64, 0)));
        assertTrue(OpenClCodegen.needsFp64(k));
        assertTrue(OpenClCodegen.generate(k).source().contains("#pragma OPENCL EXTENSION cl_khr_fp64 : enable"));
        assertThrows(UnsupportedOperationException.class, () -> OpenClCodegen.generate(k, new OpenClCodegen.Options(false)));
        KernelKey f = map(List.of(new Instr.Load(0, DType.FLOAT32), new Instr.Unary(Op.SIN, DType.FLOAT32, 0)), List.of(in(DType.FLOAT32, 0)));
        assertFalse(OpenClCodegen.generate(f).source().contains("cl_khr_fp64"));
    }

    @Test
    void floatSumsAreCompensatedInDoubleOrInFloatWithoutFp64() {
        for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {
            KernelKey k = new KernelKey(1, List.of(new Instr.Load(0, t)), List.of(in(t, 0)),
                    new KernelKey.Access(t, "0", 1), Op.SUM, List.of(true));
            OpenClSource with = OpenClCodegen.generate(k);
            assertEquals(DType.FLOAT64, with.accumulator());
            assertEquals(2, with.valuesPerPartial(), "a partial is (sum, compensation)");
            assertTrue(with.source().contains("cl_khr_fp64"));
            assertTrue(with.source().contains("comp += ((acc - (s - bp)) + (x - bp));"), with.source());
            assertTrue(with.source().contains("comp += part[2 * (g * nparts + p) + 1] + "), "partials carry their compensation: " + with.source());
        }
        KernelKey k = new KernelKey(1, List.of(new Instr.Load(0, DType.FLOAT32)), List.of(in(DType.FLOAT32, 0)),
                new KernelKey.Access(DType.FLOAT32, "0", 1), Op.SUM, List.of(true));
        OpenClSource without = OpenClCodegen.generate(k, new OpenClCodegen.Options(false));
        assertEquals(DType.FLOAT32, without.accumulator());
        assertEquals(2, without.valuesPerPartial());
        assertTrue(without.source().contains("comp +="));
        assertFalse(without.source().contains("double"));
        KernelKey max = new KernelKey(1, List.of(new Instr.Load(0, DType.FLOAT64)), List.of(in(DType.FLOAT64, 0)),
                new KernelKey.Access(DType.FLOAT64, "0", 1), Op.MAX, List.of(true));
        assertEquals(1, OpenClCodegen.generate(max).valuesPerPartial());
        assertFalse(OpenClCodegen.generate(max).source().contains("comp"));
    }

    @Test
    void scalarsAreArgumentsAndSourcesArePure() {
        List<Instr> body = new ArrayList<>(List.of(new Instr.Load(0, DType.FLOAT32), new Instr.Param(0, DType.FLOAT32),
                new Instr.Binary(Op.MUL, DType.FLOAT32, 0, 1)));
        KernelKey k = map(body, List.of(in(DType.FLOAT32, 0)));
        OpenClSource a = OpenClCodegen.generate(k), b = OpenClCodegen.generate(k);
        assertEquals(a, b);
        assertTrue(a.source().contains("const float p0"));
        assertTrue(a.mainArgs().contains(new OpenClSource.Arg.Param(0, DType.FLOAT32)));
        assertTrue(a.source().startsWith("// numfuse"));
        assertTrue(a.source().contains("#pragma OPENCL FP_CONTRACT OFF"));
    }
}
