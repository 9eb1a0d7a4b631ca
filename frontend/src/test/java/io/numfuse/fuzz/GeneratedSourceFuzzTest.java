package io.numfuse.fuzz;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.GraphLock;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.core.NumfuseException;
import io.numfuse.jvm.JvmCodegen;
import io.numfuse.opencl.OpenClCodegen;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import org.objectweb.asm.ClassReader;

/**
 * Nothing a user writes in an expression reaches generated code: names are looked up in the
 * inputs and literals become kernel parameters, so the OpenCL C source and the JVM class of every
 * kernel of a bound expression hold none of its names (random, such as {@code zq_k3v9x0ab}) and
 * none of its literal values, as text or as a constant; and two expressions that differ only in
 * their literal values and names plan to the same kernel keys, so they share compiled code.
 * (Literals are drawn away from the values NumPy treats specially — an exponent of 0.5, 2 or -1
 * is sqrt, a square or a reciprocal — and never meet another literal, which would fold them into
 * one value whose size could change the types.)
 */
@AddLifecycleHook(FuzzTries.class)
class GeneratedSourceFuzzTest {
    private static final List<int[]> SHAPES = List.of(new int[] {3, 4}, new int[] {4}, new int[] {3, 1}, new int[] {});
    private static final List<String> OPERATORS = List.of(
            "+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "==", "!=", "<", "<=", ">", ">=");
    private static final String SLOT = "\u0001";

    private final OutcomeTally tally = new OutcomeTally("codegen-no-user-text");
    private final Deadline deadline = new Deadline();

    @AfterProperty
    void report() {
        System.out.println(tally.summary(deadline));
        deadline.close();
    }

    @Property(tries = 4000, shrinking = ShrinkingMode.OFF)
    void namesAndLiteralsStayOutOfGeneratedCode(@ForAll(supplier = UniformSeeds.class) long seed) throws Throwable {
        tally.counting(() -> deadline.call("seed " + seed, () -> {
            check(seed);
            return null;
        }));
    }

    private void check(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        int count = 1 + r.nextInt(4);
        while (inputs.size() < count) inputs.put(randomName(r), randomArray(r));
        List<String> names = List.copyOf(inputs.keySet());
        String template = expression(r, names, 1 + r.nextInt(4));
        if (!template.contains(SLOT)) template = "(" + template + " " + OPERATORS.get(r.nextInt(OPERATORS.size())) + " " + SLOT + ")";
        int slots = template.split(SLOT, -1).length - 1;
        boolean[] ints = new boolean[slots];   // a slot's kind stays: an int and a float literal type differently
        for (int i = 0; i < slots; i++) ints[i] = r.nextBoolean();
        List<String> first = literals(r, ints), second = literals(r, ints);
        String source = fill(template, first);
        tally.saw(source);
        // the twin: other literal values, and every name changed (all are zq_ and 8 chars, so none is part of another)
        Map<String, NDArray> twinInputs = new LinkedHashMap<>();
        String twin = fill(template, second);
        for (String name : names) {
            String other = randomName(r);
            twin = twin.replace(name, other);
            twinInputs.put(other, inputs.get(name));
        }

        List<KernelKey> keys, twinKeys;
        try {
            keys = keys(Num.eval(source, inputs));
            twinKeys = keys(Num.eval(twin, twinInputs));
        } catch (NumfuseException e) {
            // a type or shape error of the random expression (x & 1.5, sum(x, axis=0) of a 0-d x): nothing to generate
            tally.error(DocumentedErrors.classify(e, DocumentedErrors.EXPRESSION, Inputs.show(source)));
            return;
        }
        if (!keys.equals(twinKeys)) {
            throw WrongOutcome.wrong("literal values or names changed the kernels: " + Inputs.show(source) + " gave " + keys
                    + ", " + Inputs.show(twin) + " gave " + twinKeys);
        }
        List<String> forbidden = new ArrayList<>(names);
        List<Double> values = new ArrayList<>();
        for (String literal : first) {
            double v = Double.parseDouble(literal);
            values.add(v);
            forbidden.addAll(List.of(literal, Double.toString(v), Float.toString((float) v), Double.toHexString(v),
                    Float.toHexString((float) v), String.format("%.17g", v), Long.toString((long) v)));
        }
        for (KernelKey key : keys) {
            assertAbsent(forbidden, "kernel key", key.toString(), source);
            String cl = OpenClCodegen.generate(key, new OpenClCodegen.Options(OpenClCodegen.needsFp64(key))).source();
            assertAbsent(forbidden, "OpenCL source", cl, source);
            if (!OpenClCodegen.needsFp64(key)) {
                assertAbsent(forbidden, "OpenCL source without fp64", OpenClCodegen.generate(key, new OpenClCodegen.Options(false)).source(), source);
            }
            byte[] bytes = JvmCodegen.generate(key);
            assertAbsent(forbidden, "JVM class", new String(bytes, StandardCharsets.ISO_8859_1), source);
            assertNoConstant(bytes, values, source);
        }
        tally.value();
    }

    /** The kernel keys of the plan that would compute {@code a} on the JVM target. */
    private static List<KernelKey> keys(NDArray a) {
        GraphLock.lock();   // planning reads the graph, as Num.explain does
        try {
            return Fusion.plan(io.numfuse.internal.Internals.node(a), null, JvmCodegen.MAX_BODY).kernels().stream().map(Kernel::key).toList();
        } finally {
            GraphLock.unlock();
        }
    }

    private void assertAbsent(List<String> forbidden, String where, String text, String source) {
        for (String f : forbidden) {
            if (text.contains(f)) {
                throw WrongOutcome.wrong(where + " contains '" + f + "' from expression " + Inputs.show(source) + ":\n" + text);
            }
        }
    }

    /** No int, long, float or double in the class's constant pool is a literal's value (or its raw bits, as params travel). */
    private void assertNoConstant(byte[] bytes, List<Double> values, String source) {
        ClassReader reader = new ClassReader(bytes);
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) continue;   // the second slot of a long or double
            int tag = bytes[offset - 1];
            if (tag < 3 || tag > 6) continue;   // 3 int, 4 float, 5 long, 6 double
            Object constant = reader.readConst(i, buffer);
            for (double v : values) {
                boolean leaked = switch (constant) {
                    case Integer c -> c == v;
                    case Float c -> c == (float) v;
                    case Long c -> c == v || c == Double.doubleToRawLongBits(v) || c == Float.floatToRawIntBits((float) v);
                    case Double c -> c == v || c == (float) v;
                    default -> false;
                };
                if (leaked) {
                    throw WrongOutcome.wrong("JVM class holds the constant " + constant + " of literal " + v + " from " + Inputs.show(source));
                }
            }
        }
    }

    /** A name no generated code could hold by chance: zq_ and eight random letters and digits. */
    private static String randomName(SplittableRandom r) {
        StringBuilder b = new StringBuilder("zq_");
        for (int i = 0; i < 8; i++) b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        return b.toString();
    }

    private static NDArray randomArray(SplittableRandom r) {
        int[] shape = SHAPES.get(r.nextInt(SHAPES.size()));
        DType dtype = DType.values()[r.nextInt(DType.values().length)];
        return dtype == DType.BOOL ? Num.randint(r.nextLong(), 0, 2, dtype, shape) : Num.randint(r.nextLong(), -5, 6, dtype, shape);   // a bool holds 0 and 1 (randint refuses more, as NumPy's)
    }

    /**
     * A random expression over {@code names} with {@link #SLOT} where a literal goes; a literal is
     * always one operand of an operator or function whose other operand holds a name.
     */
    private static String expression(SplittableRandom r, List<String> names, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) return names.get(r.nextInt(names.size()));
        String x = expression(r, names, depth - 1);
        String op = OPERATORS.get(r.nextInt(OPERATORS.size()));
        return switch (r.nextInt(9)) {
            case 0 -> pick(r, ExpressionGenerator.UNARY_FUNCTIONS) + "(" + x + ")";
            case 1 -> "-(" + x + ")";
            case 2 -> "(" + x + " " + op + " " + SLOT + ")";
            case 3 -> "(" + SLOT + " " + op + " " + x + ")";
            case 4 -> "(" + x + " " + op + " " + expression(r, names, depth - 1) + ")";
            case 5 -> pick(r, List.of("minimum", "maximum", "arctan2", "power")) + (r.nextBoolean() ? "(" + x + ", " + SLOT + ")" : "(" + SLOT + ", " + x + ")");
            case 6 -> "where(" + x + " " + pick(r, List.of("<", ">=", "!=")) + " " + SLOT + ", " + expression(r, names, depth - 1) + ", " + SLOT + ")";
            case 7 -> pick(r, ExpressionGenerator.REDUCTIONS) + "(" + x + (r.nextBoolean() ? "" : ", axis=" + pick(r, List.of("0", "-1"))) + ")";
            default -> "(" + x + " < " + SLOT + " < " + expression(r, names, depth - 1) + ")";
        };
    }

    /** One value per slot: an int of 7 to 9 digits or a float such as 123456.789012, each as typed. */
    private static List<String> literals(SplittableRandom r, boolean[] ints) {
        List<String> out = new ArrayList<>();
        for (boolean isInt : ints) {
            out.add(isInt ? Integer.toString(r.nextInt(1_000_003, 999_999_999))
                    : r.nextInt(100_000, 1_000_000) + "." + r.nextInt(10_000, 100_000) + (1 + r.nextInt(9)));
        }
        return out;
    }

    private static String fill(String template, List<String> literals) {
        String[] parts = template.split(SLOT, -1);
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) b.append(literals.get(i - 1)).append(parts[i]);
        return b.toString();
    }

    private static <T> T pick(SplittableRandom r, List<T> choices) { return choices.get(r.nextInt(choices.size())); }
}
