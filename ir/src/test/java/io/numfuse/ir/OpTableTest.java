package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.TypeException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Walks {@link Op#values()}: every op has a NumPy name, expression-language names that look up
 * back to it, a cost and a cost class, and a {@link Semantics} definition on every dtype its type
 * rule accepts; every reduction its combining op, start and accumulator. A new op that lacks one
 * of these fails here (the backends' coverage tests check their renderings).
 */
class OpTableTest {

    @Test
    void everyOpHasNamesThatLookUpToIt() {
        for (Op op : Op.values()) {
            assertFalse(op.numpyName().isBlank(), op + " has no NumPy name");
            if (op.kind() == Op.Kind.CAST) {
                assertTrue(op.names().isEmpty(), "a cast is spelled by dtype names");
                continue;
            }
            assertFalse(op.names().isEmpty(), op + " has no name in the expression language");
            for (String f : op.functionNames()) assertEquals(op, Op.function(f), f);
            String symbol = op.symbol();
            if (symbol != null) {
                assertTrue(op.kind() == Op.Kind.UNARY || op.kind() == Op.Kind.BINARY || op.kind() == Op.Kind.COMPARE, op + " is no operator");
                assertEquals(op, Op.operator(symbol, op.arity()), symbol);
            }
            assertEquals(op.names().size(), op.functionNames().size() + (symbol == null ? 0 : 1), op + ": a symbol comes first, once");
        }
        assertEquals(Op.NEG, Op.operator("-", 1));
        assertEquals(Op.SUB, Op.operator("-", 2));
        assertEquals(Op.LEFT_SHIFT, Op.operator("<<", 2));
        assertEquals(Op.ROUND, Op.function("rint"));
        assertEquals(Op.ABS, Op.function("absolute"));
        assertNull(Op.function("clip"), "clip is composed in the graph builder, not an op");
        assertNull(Op.function("astype"));
    }

    @Test
    void everyOpHasACostAndACostClass() {
        for (Op op : Op.values()) {
            assertNotNull(op.costClass(), op.toString());
            assertTrue(op.cost() >= 1, op + " cost " + op.cost());
            if (op.vectorMath()) {
                assertEquals(CostClass.TRANSCENDENTAL, op.costClass(), op + " has a vectorised math routine");
                assertTrue(op.rule() == Op.Rule.FLOAT || op == Op.POW, op + " computes in floating point");
            }
        }
        assertEquals(CostClass.DIVISION, Op.SQRT.costClass());
        assertEquals(CostClass.DIVISION, Op.RECIPROCAL.costClass());
        assertEquals(CostClass.TRANSCENDENTAL, Op.ARCSINH.costClass());
        assertEquals(CostClass.SIMPLE, Op.LEFT_SHIFT.costClass());
        assertEquals(CostClass.SIMPLE, Op.MAX.costClass(), "a reduction costs its combining op");
    }

    @Test
    void everyElementwiseOpHasASemanticsDefinitionOnEachDtypeItsRuleAccepts() {
        for (Op op : Op.values()) {
            if (op.kind() != Op.Kind.UNARY && op.kind() != Op.Kind.BINARY && op.kind() != Op.Kind.COMPARE) continue;
            int defined = 0;
            for (DType t : DType.values()) {
                TypeRules.Typing typing;
                try {
                    typing = op.kind() == Op.Kind.UNARY ? TypeRules.unary(op, t) : TypeRules.binary(op, t);
                } catch (TypeException rejected) {
                    continue;
                }
                DType in = typing.operand();
                try {
                    if (op.kind() == Op.Kind.UNARY) {
                        if (!in.isFloat()) Semantics.intUnary(op, in, 1);
                        else if (typing.result() == DType.BOOL) Semantics.floatTest(op, 1.5);
                        else Semantics.floatUnary(op, in, 1.5);
                    } else if (!in.isFloat()) {
                        Semantics.intBinary(op, in, 1, 1);
                    } else if (op.kind() == Op.Kind.COMPARE) {
                        Semantics.floatCompare(op, 1.5, 2.5);
                    } else {
                        Semantics.floatBinary(op, in, 1.5, 2.5);
                    }
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(op + " on " + t + " (computed in " + in + "): Semantics has no definition", e);
                }
                defined++;
            }
            assertTrue(defined > 0, op + " is accepted on no dtype");
        }
    }

    @Test
    void instructionsHoldOnlyOpsOfTheirKind() {
        for (Op op : Op.values()) {
            boolean unary = op.kind() == Op.Kind.UNARY, binary = op.kind() == Op.Kind.BINARY || op.kind() == Op.Kind.COMPARE;
            if (!unary) assertThrows(IllegalArgumentException.class, () -> new Instr.Unary(op, DType.FLOAT64, 0), op.toString());
            if (!binary) assertThrows(IllegalArgumentException.class, () -> new Instr.Binary(op, DType.FLOAT64, 0, 1), op.toString());
        }
    }

    @Test
    void reductionsCarryTheirCombinerStartAndAccumulator() {
        for (Op op : Op.values()) {
            if (op.kind() != Op.Kind.REDUCE) {
                assertFalse(op.hasIdentity());
                assertThrows(IllegalStateException.class, op::combiner, op + " is no reduction");
                continue;
            }
            assertEquals(Op.Kind.BINARY, op.combiner().kind());
            for (DType t : DType.values()) {
                DType acc = op.accumulator(t);
                assertEquals(t.kind(), acc == DType.INT64 && t == DType.BOOL ? DType.Kind.BOOL : acc.kind(), op + " keeps " + t + "'s kind");
                // the start is the combining op's identity: combining it with a value gives the value
                if (t.isFloat()) assertEquals(2.5, Semantics.floatBinary(op.combiner(), t, op.floatStart(), 2.5), op + " on " + t);
                else assertEquals(1L, Semantics.intBinary(op.combiner(), t, op.intStart(t), 1), op + " on " + t);
            }
        }
        assertEquals(DType.INT64, Op.SUM.accumulator(DType.INT32));
        assertEquals(DType.INT64, Op.PROD.accumulator(DType.BOOL));
        assertEquals(DType.INT32, Op.MAX.accumulator(DType.INT32));
        assertTrue(Op.SUM.hasIdentity());
        assertFalse(Op.MIN.hasIdentity());
        assertEquals(1.0, Op.PROD.identity());
    }
}
