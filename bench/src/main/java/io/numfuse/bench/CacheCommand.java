package io.numfuse.bench;

import io.numfuse.runtime.ProgramCacheInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code numfuse cache}: where the OpenCL program cache is, what it holds, whether it is used; {@code --clear} empties it. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = { "Show the OpenCL program cache (compiled kernels kept on disk between runs), or clear it.",
                "PoCL's programs are left to PoCL's own cache (POCL_CACHE_DIR, else ~/.cache/pocl) unless numfuse.opencl.cachePocl=true.",
                "Settings (as -D in NUMFUSE_JAVA_OPTS): numfuse.opencl.cacheDir (the directory), numfuse.opencl.cacheBytes (the cap; 0 turns it off),",
                "numfuse.opencl.cachePocl (true: keep PoCL's programs here too)." })
final class CacheCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--clear", description = "Delete every cached program (numfuse's entry files only).")
    boolean clear;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        if (clear) {
            ProgramCacheInfo.Removed r = ProgramCacheInfo.clear();
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("directory", r.directory().toString());
                j.put("removed_entries", r.entries());
                j.put("removed_bytes", r.bytes());
                out.println(Json.write(j));
            } else {
                out.printf("removed %d %s (%s) from %s%n", r.entries(), r.entries() == 1 ? "entry" : "entries", size(r.bytes()), r.directory());
            }
            return 0;
        }
        ProgramCacheInfo c = ProgramCacheInfo.current();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("directory", c.directory().toString());
            j.put("entries", c.entries());
            j.put("bytes", c.bytes());
            j.put("cap_bytes", c.capBytes());
            j.put("in_use", c.inUse());
            if (!c.inUse()) j.put("not_in_use", c.notInUse());
            j.put("keeps_pocl_programs", c.keepsPocl());
            out.println(Json.write(j));
        } else {
            out.println("directory  " + c.directory());
            out.println("entries    " + c.entries() + " (" + size(c.bytes()) + ")");
            out.println("cap        " + size(c.capBytes()) + " (least recently used entries go first)");
            out.println("in use     " + (c.inUse() ? "yes" : "no: " + c.notInUse()));
            out.println("PoCL       " + (c.keepsPocl() ? "its programs are kept here too"
                    : "its programs are left to PoCL's own cache (numfuse.opencl.cachePocl=true keeps them here too)"));
        }
        return 0;
    }

    /** 0 bytes, 900 bytes, 12.3 KiB, 4.5 MiB, 2.0 GiB. */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
