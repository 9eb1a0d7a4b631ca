package io.numfuse.opencl;

import io.numfuse.core.DType;
import java.util.List;

/**
 * A rendered OpenCL program and how to call it: the kernel names and, for each, its arguments
 * in order, so that the runtime binds exactly what the renderer declared.
 *
 * @param source    OpenCL C source
 * @param main      the kernel that computes: {@code nf_map}, {@code nf_reduce}, {@code nf_scan}, {@code nf_arg}
 *                  or {@code nf_parts}
 * @param mainArgs  its arguments
 * @param finish    for a reduction, {@code nf_final}, which combines the partial results of
 *                  {@code nf_reduce} in order (used when the reduction is split in parts); for a
 *                  scan, {@code nf_scan_fix} (launched once per phase when its lines are split); else null
 * @param finishArgs its arguments (empty for a map)
 * @param accumulator the type a reduction accumulates in (a partial result's type), else null
 * @param valuesPerPartial how many values of the accumulator type one partial result is: 2 for a
 *                  float sum (its sum and its compensation), else 1
 * @param vectorWidth elements of the innermost axis one work-item of a map computes (its global
 *                  size along that axis is the axis over this, rounded up): 8 for a map in vector
 *                  types ({@link OpenClVectorMap}), else 1
 */
public record OpenClSource(String source, String main, List<Arg> mainArgs, String finish, List<Arg> finishArgs,
                           DType accumulator, int valuesPerPartial, int vectorWidth) {

    public OpenClSource {
        mainArgs = List.copyOf(mainArgs);
        finishArgs = List.copyOf(finishArgs);
    }

    /** A source whose work-items compute one element each. */
    public OpenClSource(String source, String main, List<Arg> mainArgs, String finish, List<Arg> finishArgs, DType accumulator, int valuesPerPartial) {
        this(source, main, mainArgs, finish, finishArgs, accumulator, valuesPerPartial, 1);
    }

    /** numfuse's own identifiers in a source: its kernels and helper functions ({@code nf_map}, {@code nf_exp_f32}...). */
    private static final java.util.regex.Pattern SYMBOL = java.util.regex.Pattern.compile("\\bnf_\\w+");

    /**
     * This source with its identifiers made its own by {@code suffix} ({@code nf_map} becomes
     * {@code nf_map_k3}), so that several sources make one program: a driver's build has a large
     * fixed cost (PoCL: twelve kernels built one program each took 1.4-2.0 s with their first
     * runs, as one program 0.5-0.6 s). Its pragmas may repeat; its helper functions, renamed too,
     * do not clash.
     */
    public OpenClSource renamed(String suffix) {
        String text = SYMBOL.matcher(source).replaceAll(m -> m.group() + suffix);
        return new OpenClSource(text, main + suffix, mainArgs, finish == null ? null : finish + suffix, finishArgs, accumulator, valuesPerPartial, vectorWidth);
    }

    /** One kernel argument. */
    public sealed interface Arg {
        /** The buffer of alias group {@code alias} ({@code __global}, elements of {@code dtype}). */
        record Buffer(int alias, DType dtype) implements Arg {}
        /** An {@code int} the kernel sets to 1 when an op has no value (an integer to a negative power). */
        record ErrorFlag() implements Arg {}
        /** The element offset ({@code int}) of access {@code access} (inputs first, then the output, then a multi-output kernel's extras). */
        record Offset(int access) implements Arg {}
        /** The stride ({@code int}) of access {@code access} along iteration axis {@code axis}. */
        record Stride(int access, int axis) implements Arg {}
        /** The length ({@code int}) of iteration axis {@code axis}. */
        record Dim(int axis) implements Arg {}
        /** Scalar parameter {@code index} of the kernel, as a value of {@code dtype}. */
        record Param(int index, DType dtype) implements Arg {}
        /** How many parts ({@code long}) each output element's reduction is split into. */
        record Parts() implements Arg {}
        /**
         * The partial results ({@code __global}, of the accumulator type), one per (output
         * element, part), each {@code valuesPerPartial} values long.
         */
        record Partials() implements Arg {}
        /**
         * Argument {@code arg} (a scalar one: an offset, a stride, a length or a parameter) of part
         * {@code part} of a parts kernel, bound from that part ({@code Kernel.parts()}).
         */
        record OfPart(int part, Arg arg) implements Arg {}
        /** A scan's {@code nf_scan_fix} phase ({@code int}): 0 scans the chunk totals, 1 combines them into the chunks. */
        record Phase() implements Arg {}
    }
}
