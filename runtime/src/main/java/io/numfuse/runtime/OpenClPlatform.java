package io.numfuse.runtime;

import io.numfuse.ir.NumfuseLog;
import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Discovery of the OpenCL devices of this machine through JOCL, once per JVM. A machine
 * without the OpenCL loader ({@code libOpenCL.so}) or without a platform has no devices, and
 * {@link #unavailableReason()} says why.
 */
final class OpenClPlatform {
    private OpenClPlatform() {}

    private static volatile List<OpenClDevice> devices;
    private static volatile String reason;

    /** Every OpenCL device, platform by platform (an empty list without OpenCL). */
    static List<OpenClDevice> devices() {
        List<OpenClDevice> d = devices;
        if (d == null) {
            synchronized (OpenClPlatform.class) {
                if (devices == null) devices = discover();
                d = devices;
            }
        }
        return d;
    }

    /** Why there is no device, or null when there is one. */
    static String unavailableReason() {
        devices();
        return reason;
    }

    private static List<OpenClDevice> discover() {
        List<OpenClDevice> found = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(false);
            int[] n = new int[1];
            int code = clGetPlatformIDs(0, null, n);
            if (code != CL_SUCCESS || n[0] == 0) {
                reason = "no OpenCL platform (clGetPlatformIDs: " + OpenClException.name(code) + "); install an ICD such as pocl-opencl-icd";
                return List.of();
            }
            cl_platform_id[] platforms = new cl_platform_id[n[0]];
            OpenClException.check(clGetPlatformIDs(n[0], platforms, null), "clGetPlatformIDs", "the OpenCL loader");
            List<String> platformNames = new ArrayList<>();
            for (cl_platform_id p : platforms) platformNames.add(platformString(p, CL_PLATFORM_NAME));
            for (int i = 0; i < platforms.length; i++) {
                cl_platform_id p = platforms[i];
                int[] count = new int[1];
                if (clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, count) != CL_SUCCESS || count[0] == 0) continue;
                cl_device_id[] ids = new cl_device_id[count[0]];
                if (clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, count[0], ids, null) != CL_SUCCESS) continue;
                for (cl_device_id id : ids) found.add(new OpenClDevice(found.size(), p, platformNames.get(i), id));
            }
            if (found.isEmpty()) {
                reason = "OpenCL platforms were found but no device (" + String.join(", ", platformNames) + ")"
                        + (platformNames.stream().anyMatch(x -> x.contains(OpenClProgramCache.POCL)) ? poclCacheHint(System.getenv()) : "");
            }
            boolean pocl = found.stream().anyMatch(d -> d.platformName.contains(OpenClProgramCache.POCL));
            if (pocl && !signalChaining()) {
                NumfuseLog.warning("PoCL replaces the JVM's SIGSEGV handler, which can kill the JVM; start it with"
                        + " LD_PRELOAD=$JAVA_HOME/lib/libjsig.so (README, \"Signal handlers\")");
            }
            if (pocl && linux() && System.getenv("POCL_AFFINITY") == null) {
                NumfuseLog.warning("PoCL's threads are not pinned to cores, and its kernels can run at half speed;"
                        + " set POCL_AFFINITY=1 in the environment (README, \"PoCL's threads\")");
            }
        } catch (Throwable t) {   // no libOpenCL.so, no JOCL native library for this machine...
            reason = "OpenCL is not available: " + t;
            return List.of();
        }
        return List.copyOf(found);
    }

    /**
     * Why PoCL may have listed no device, or "": it lists none when it cannot make its kernel cache
     * directory ({@code POCL_CACHE_DIR}, else {@code $XDG_CACHE_HOME/pocl}, else
     * {@code ~/.cache/pocl}), as when {@code XDG_CACHE_HOME} names a file; {@code env} is the
     * environment.
     */
    static String poclCacheHint(java.util.Map<String, String> env) {
        String dir = env.get("POCL_CACHE_DIR"), xdg = env.get("XDG_CACHE_HOME"), home = env.getOrDefault("HOME", System.getProperty("user.home"));
        java.nio.file.Path d = dir != null && !dir.isEmpty() ? java.nio.file.Path.of(dir)
                : xdg != null && !xdg.isEmpty() ? java.nio.file.Path.of(xdg, "pocl") : java.nio.file.Path.of(home, ".cache", "pocl");
        java.nio.file.Path p = d.toAbsolutePath();
        while (p != null && !java.nio.file.Files.exists(p)) p = p.getParent();   // the nearest part that exists: a directory PoCL can write in, or not
        if (p != null && java.nio.file.Files.isDirectory(p) && java.nio.file.Files.isWritable(p)) return "";
        return "; PoCL lists none when it cannot make its kernel cache directory, " + d + " here (POCL_CACHE_DIR, else $XDG_CACHE_HOME/pocl, else ~/.cache/pocl):"
                + (p == null ? " nothing of its path exists" : " " + p + (java.nio.file.Files.isDirectory(p) ? " cannot be written" : " is not a directory"));
    }

    /** True when the JDK's signal-chaining library is preloaded (Linux), or on another system (where it is not needed this way). */
    private static boolean signalChaining() {
        if (!linux()) return true;
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libjsig");
    }

    private static boolean linux() { return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"); }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, b.length, Pointer.to(b), null);
        return OpenClDevice.cString(b);
    }
}
