package io.numfuse.bench;

import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code numfuse devices}: every target this machine has. */
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
                  .append(", \"description\": ").append(Json.quote(t.description())).append('}');
            }
            out.println(sb.append("]}"));
        } else {
            for (Target t : targets) out.printf("%-12s %s%n", t.name(), t.description());
            out.println("OpenCL: not available in this build (the OpenCL backend is not built yet)");
        }
        return 0;
    }
}
