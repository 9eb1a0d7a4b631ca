package io.numfuse.bench;

import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code numfuse devices}: every target this machine has, each OpenCL device with its facts. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List the targets numfuse can run kernels on.")
final class DevicesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var targets = Targets.all();
        if (json) {
            StringBuilder sb = new StringBuilder("{\"numfuse\": \"" + Main.VERSION + "\", \"cpus\": " + Runtime.getRuntime().availableProcessors() + ", \"devices\": [");
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                sb.append(i == 0 ? "" : ", ").append("{\"name\": ").append(Json.quote(t.name()))
                  .append(", \"description\": ").append(Json.quote(t.description()));
                if (t instanceof OpenClTarget cl && cl.info() != null) {
                    OpenClTarget.Info d = cl.info();
                    sb.append(", \"device\": ").append(Json.quote(d.name())).append(", \"vendor\": ").append(Json.quote(d.vendor()))
                      .append(", \"compute_units\": ").append(d.computeUnits()).append(", \"global_memory_bytes\": ").append(d.globalMemory())
                      .append(", \"fp64\": ").append(d.fp64()).append(", \"version\": ").append(Json.quote(d.version()))
                      .append(", \"driver\": ").append(Json.quote(d.driver()));
                }
                sb.append('}');
            }
            String why = Targets.openClUnavailableReason();
            if (why != null) sb.append("], \"opencl_unavailable\": ").append(Json.quote(why)).append('}');
            else sb.append("]}");
            out.println(sb);
        } else {
            for (Target t : targets) {
                if (t instanceof OpenClTarget cl && cl.info() != null) {
                    OpenClTarget.Info d = cl.info();
                    out.printf("%-12s %s (%s): %d compute units, %d MiB, fp64 %s; %s, driver %s%n", t.name(), d.name(), d.vendor(),
                            d.computeUnits(), d.globalMemory() >> 20, d.fp64() ? "yes" : "no", d.version(), d.driver());
                } else {
                    out.printf("%-12s %s%n", t.name(), t.description());
                }
            }
            String why = Targets.openClUnavailableReason();
            if (why != null) out.println("OpenCL: " + why);
        }
        return 0;
    }
}
