package io.numfuse;

import io.numfuse.ir.Fusion;
import io.numfuse.ir.Instr;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Node;
import io.numfuse.ir.Plan;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import io.numfuse.jvm.JvmListing;
import io.numfuse.opencl.OpenClCodegen;
import io.numfuse.runtime.Executor;
import io.numfuse.runtime.Target;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text that says what numfuse will do with an expression: the kernels the fusion pass makes,
 * each one's iteration space, body, inputs with their layout and aliasing, key digest, and
 * the target that runs it. Planning allocates the kernels' output buffers but runs nothing.
 */
final class Explain {
    private Explain() {}

    static String explain(Node root, Target target) {
        // a retired node is not pending either: planning it fails as evaluating it does
        if (!root.isPending() && !root.isRetired()) return "nothing to compute: the array is already evaluated\n";
        Plan plan = Fusion.plan(root, null, target.kernelLimits());   // the kernels this target would run
        StringBuilder sb = new StringBuilder();
        sb.append(plan.kernels().size()).append(plan.kernels().size() == 1 ? " kernel" : " kernels")
          .append(", target ").append(target.name()).append('\n');
        Map<Object, String> names = new IdentityHashMap<>();
        for (int i = 0; i < plan.kernels().size(); i++) describe(sb, i, plan.kernels().get(i), names);
        sb.append("placement: ").append(Executor.describePlacement(plan.kernels(), target, true));
        return sb.toString();
    }

    /** The generated code of each kernel: the OpenCL C a device would build and the JVM kernel's bytecode. */
    static String source(Node root, Target target) {
        if (!root.isPending() && !root.isRetired()) return "nothing to compute: the array is already evaluated\n";
        Plan plan = Fusion.plan(root, null, target.kernelLimits());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < plan.kernels().size(); i++) {
            KernelKey key = plan.kernels().get(i).key();
            sb.append("---- kernel ").append(i).append(", OpenCL C ----\n").append(OpenClCodegen.generate(key).source()).append('\n');
            if (key.parts().isEmpty()) sb.append("---- kernel ").append(i).append(", JVM bytecode ----\n").append(JvmListing.of(key));
            for (int p = 0; p < key.parts().size(); p++) {   // the JVM runs a parts kernel's parts' loops in turn
                sb.append("---- kernel ").append(i).append(", part ").append(p).append(", JVM bytecode ----\n").append(JvmListing.of(key.parts().get(p)));
            }
        }
        return sb.toString();
    }

    private static void describe(StringBuilder sb, int i, Kernel k, Map<Object, String> names) {
        KernelKey key = k.key();
        String out = name(names, k.output().buffer());
        sb.append("kernel ").append(i).append(": ")
          .append(k.isMatmul() ? "matmul (batch..., m, n, k)" : k.isReduction() ? k.reduce().numpyName() + "-reduce"
                  : k.isScan() ? "cum" + k.scan().op().numpyName() + "-scan"
                  : k.isArg() ? "arg" + k.arg().op().numpyName() + "-reduce" : k.isParts() ? "parts " + partShapes(k) : "map")
          .append(" over ").append(Shapes.format(k.shape()))
          .append(" -> ").append(out).append(' ').append(k.output().dtype().numpyName());
        for (Kernel.Store e : k.extras()) {   // a multi-output kernel's further stores
            sb.append(", ").append(name(names, e.view().buffer())).append(' ').append(e.view().dtype().numpyName()).append(" = %").append(e.value());
        }
        sb.append(", key ").append(key.digest()).append('\n');
        List<View> in = k.inputs();
        for (int j = 0; j < in.size(); j++) {
            KernelKey.Access a = key.inputs().get(j);
            sb.append("  in").append(j).append(" = ").append(name(names, in.get(j).buffer()))
              .append(' ').append(a.dtype().numpyName()).append(" layout ").append(a.layout());
            for (int m = 0; m < j; m++) {
                if (key.inputs().get(m).alias() == a.alias()) { sb.append(" (aliases in").append(m).append(')'); break; }
            }
            if (key.output().alias() == a.alias()) sb.append(" (aliases the output)");
            sb.append('\n');
        }
        List<Instr> body = k.body();
        for (int j = 0; j < body.size(); j++) sb.append("  %").append(j).append(" = ").append(render(body.get(j))).append('\n');
    }

    /** A parts kernel's parts' spaces, with the instructions of its body each computes: {@code [(2, 3) %0-%2, (4, 3) %3-%4]}. */
    private static String partShapes(Kernel k) {
        List<String> parts = new java.util.ArrayList<>();
        int at = 0;
        for (Kernel p : k.parts()) {
            parts.add(Shapes.format(p.shape()) + " %" + at + "-%" + (at + p.body().size() - 1));
            at += p.body().size();
        }
        return parts.toString();
    }

    private static String name(Map<Object, String> names, Object buffer) {
        return names.computeIfAbsent(buffer, b -> "buf" + names.size());
    }

    private static String render(Instr in) {
        String t = in.type().numpyName();
        return switch (in) {
            case Instr.Load l -> "load in" + l.input() + " : " + t;
            case Instr.Gather g -> "gather in" + g.input() + " + %" + g.offset() + " : " + t;
            case Instr.Param p -> "param p" + p.index() + " : " + t;
            case Instr.Index x -> "index axis " + x.axis() + " : " + t;
            case Instr.Unary u -> u.op().numpyName() + " %" + u.x() + " : " + t;
            case Instr.Binary b -> b.op().numpyName() + " %" + b.a() + ", %" + b.b() + " : " + t;
            case Instr.Select s -> "where %" + s.cond() + ", %" + s.a() + ", %" + s.b() + " : " + t;
            case Instr.Cast c -> "cast %" + c.x() + " : " + t;
        };
    }
}
