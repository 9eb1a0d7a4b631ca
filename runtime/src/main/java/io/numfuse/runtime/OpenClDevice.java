package io.numfuse.runtime;

import static org.jocl.CL.*;

import io.numfuse.ir.KernelKey;
import io.numfuse.opencl.OpenClCodegen;
import io.numfuse.opencl.OpenClSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * One OpenCL device: what it is (name, vendor, compute units, memory, fp64), and, created on
 * first use, its context, its in-order queue and its programs, built once per
 * {@link KernelKey} (in memory here, and as program binaries on disk through
 * {@link OpenClProgramCache}). A build that fails is remembered, so that it is not retried.
 */
final class OpenClDevice {
    final int index;
    final cl_platform_id platform;
    final cl_device_id id;
    final String platformName, name, vendor, version, driver;
    private final String label;
    /** The device's target name, {@code opencl:N}. */
    final String targetName;
    /** How evaluations wait for their last kernel here (guarded by the {@link DeviceCopies} monitor). */
    final OpenClWait wait;
    final int computeUnits;
    /** {@code CL_DEVICE_TYPE}: a bit field of {@code CL_DEVICE_TYPE_CPU}, {@code _GPU}, {@code _ACCELERATOR}, {@code _CUSTOM}. */
    final long type;
    final long globalMemory, maxAlloc, maxParameterBytes;
    final boolean fp64, correctlyRoundedDivideSqrt;

    private cl_context context;
    private cl_command_queue queue;
    private org.jocl.cl_mem errorFlag, dummy;
    /**
     * False only while the error flag is known to hold 0 (read back so after a launch): kernels
     * only ever set it, so it is cleared before a launch only when this is true. Guarded by the
     * {@link DeviceCopies} monitor, as every evaluation on a device.
     */
    boolean errorFlagMayBeSet = true;
    /** Per key, its {@link Program} or the {@link OpenClException} its build failed with. */
    private final OnceMap<KernelKey, Object> programs = new OnceMap<>();

    /**
     * A compiled program and its kernels ({@code finish}: null for a map), and whether its main
     * kernel takes the error flag.
     */
    record Program(OpenClSource source, cl_program program, OpenClKernel main, OpenClKernel finish, boolean errorFlag) {}

    /**
     * Failures tests inject (package-private hook): a build error, an allocation failure, a
     * failing launch, a kernel whose execution fails (its event reports an error), a device lost
     * (every launch, copy, allocation and read back fails from then on).
     */
    enum Fault { NONE, BUILD, ALLOCATE, LAUNCH, EXECUTION, LOST }
    static volatile Fault fault = Fault.NONE;

    /** Test hook: runs before each program build (a test makes builds slow with it, or counts them). */
    static volatile Runnable beforeBuild = null;

    OpenClDevice(int index, cl_platform_id platform, String platformName, cl_device_id id) {
        this.index = index;
        this.platform = platform;
        this.id = id;
        this.platformName = platformName;
        this.name = string(CL_DEVICE_NAME);
        this.vendor = string(CL_DEVICE_VENDOR);
        this.version = string(CL_DEVICE_VERSION);
        this.driver = string(CL_DRIVER_VERSION);
        this.targetName = "opencl:" + index;
        this.label = targetName + " (" + name + ")";
        this.wait = new OpenClWait(label);
        this.computeUnits = (int) number(CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint);
        this.type = number(CL_DEVICE_TYPE, Sizeof.cl_ulong);
        this.globalMemory = number(CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong);
        this.maxAlloc = number(CL_DEVICE_MAX_MEM_ALLOC_SIZE, Sizeof.cl_ulong);
        this.maxParameterBytes = number(CL_DEVICE_MAX_PARAMETER_SIZE, Sizeof.size_t);
        this.fp64 = number(CL_DEVICE_DOUBLE_FP_CONFIG, Sizeof.cl_ulong) != 0;
        this.correctlyRoundedDivideSqrt = (number(CL_DEVICE_SINGLE_FP_CONFIG, Sizeof.cl_ulong) & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
    }

    /** What the device is, from {@code CL_DEVICE_TYPE} (a custom device counts as an accelerator). */
    DeviceProfile.Kind kind() {
        if ((type & CL_DEVICE_TYPE_GPU) != 0) return DeviceProfile.Kind.GPU;
        if ((type & CL_DEVICE_TYPE_CPU) != 0) return DeviceProfile.Kind.CPU;
        return DeviceProfile.Kind.ACCELERATOR;
    }

    /** "opencl:0 (pthread-... on Portable Computing Language)", for messages. */
    String label() { return label; }

    /** The build options: nothing that relaxes math, no warnings; correctly rounded float32 / and sqrt where offered. */
    String buildOptions() {
        return (OpenClCodegen.BUILD_OPTIONS + (correctlyRoundedDivideSqrt ? " -cl-fp32-correctly-rounded-divide-sqrt" : "")).trim();
    }

    OpenClCodegen.Options renderOptions() { return new OpenClCodegen.Options(fp64 && !renderWithoutFp64); }

    /**
     * Test hook: render programs as for a device without fp64 (float32 sums then compensate in
     * float), so that that path runs on a device that has it. Drop the programs around a change.
     */
    static volatile boolean renderWithoutFp64;

    synchronized cl_context context() {
        if (context == null) {
            int[] err = new int[1];
            cl_context c = clCreateContext(null, 1, new cl_device_id[] { id }, null, null, err);
            OpenClException.check(err[0], "clCreateContext", label());
            cl_command_queue q;
            if (version.startsWith("OpenCL 1.")) q = legacyQueue(c, err);
            else q = clCreateCommandQueueWithProperties(c, id, null, err);
            if (err[0] != CL_SUCCESS) {
                clReleaseContext(c);
                OpenClException.check(err[0], "clCreateCommandQueue", label());
            }
            context = c;
            queue = q;
        }
        return context;
    }

    /** The device's error flag (an int: an integer raised to a negative power), made on first use and kept. */
    synchronized org.jocl.cl_mem errorFlag() {
        if (errorFlag == null) errorFlag = DeviceMemory.rawAllocate(this, Sizeof.cl_int);
        return errorFlag;
    }

    /** A small buffer bound where a kernel takes an argument it does not use (partials of an unsplit reduction). */
    synchronized org.jocl.cl_mem dummy() {
        if (dummy == null) dummy = DeviceMemory.rawAllocate(this, 8);
        return dummy;
    }

    @SuppressWarnings("deprecation")
    private cl_command_queue legacyQueue(cl_context c, int[] err) { return clCreateCommandQueue(c, id, 0, err); }

    synchronized cl_command_queue queue() {
        context();
        return queue;
    }

    /** The program for {@code key}, built on first use; throws the remembered failure of a failed build. */
    Program program(KernelKey key) {
        Object p = programs.get(key, k -> {
            try {
                return build(k);
            } catch (OpenClException e) {
                return e;
            }
        });
        if (p instanceof OpenClException e) throw e;
        return (Program) p;
    }

    /** True when the program for {@code key} is built (or its build failed). */
    boolean hasProgram(KernelKey key) { return programs.isDone(key); }

    /** True when the program for {@code key} is built and its build did not fail. */
    boolean hasBuiltProgram(KernelKey key) { return programs.peek(key) instanceof Program; }

    /** True when the build of the program for {@code key} failed (the failure is remembered). */
    boolean buildFailed(KernelKey key) { return programs.peek(key) instanceof OpenClException; }

    /** Releases the programs held in memory (the next use of each loads it from the disk cache, or builds it). */
    void dropPrograms() {
        for (Object p : programs.values()) {
            if (p instanceof Program q) {
                clReleaseKernel(q.main().handle);
                if (q.finish() != null) clReleaseKernel(q.finish().handle);
                OpenClProgramCache.release(q.program());
            }
        }
        programs.clear();
    }

    /** Programs built (or failed) so far. */
    int programCount() { return programs.size(); }

    /**
     * Builds the programs of those of {@code keys} not built yet (nor being built) as one OpenCL
     * program, and waits for the others: a build's fixed cost is paid once for a plan's new
     * kernels (see {@link OpenClSource#renamed}). When that build fails, each is built alone, so
     * that one kernel the compiler refuses fails alone (remembered as {@link #program} does).
     */
    void buildTogether(List<KernelKey> keys) {
        programs.computeTogether(keys, ks -> {
            if (ks.size() == 1 || fault == Fault.BUILD) return ks.stream().map(this::buildOrFailure).toList();   // a test's injected failure: each kernel's own
            Runnable hook = beforeBuild;
            if (hook != null) hook.run();
            List<OpenClSource> sources = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < ks.size(); i++) {
                OpenClSource src = OpenClCodegen.generate(ks.get(i), renderOptions()).renamed("_k" + i);
                sources.add(src);
                text.append(src.source()).append('\n');
            }
            cl_program program;
            try {
                program = OpenClProgramCache.build(this, text.toString(), buildOptions());
            } catch (OpenClException e) {
                return ks.stream().map(this::buildOrFailure).toList();
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < ks.size(); i++) {
                if (i > 0) OpenClProgramCache.retain(program);   // each kernel's Program releases it once
                try {
                    out.add(link(program, sources.get(i)));
                } catch (OpenClException e) {
                    out.add(e);
                }
            }
            return out;
        });
    }

    private Object buildOrFailure(KernelKey key) {
        try {
            return build(key);
        } catch (OpenClException e) {
            return e;
        }
    }

    private Program build(KernelKey key) {
        Runnable hook = beforeBuild;
        if (hook != null) hook.run();
        OpenClSource src = OpenClCodegen.generate(key, renderOptions());
        String text = fault == Fault.BUILD ? src.source() + "\n#error injected build failure (test hook)\n" : src.source();
        return link(OpenClProgramCache.build(this, text, buildOptions()), src);
    }

    /** The kernels of {@code src} in {@code program} (built); the program is released when they cannot be made. */
    private Program link(cl_program program, OpenClSource src) {
        cl_kernel main = null;
        try {
            main = kernel(program, src.main());
            OpenClKernel finish = src.finish() == null ? null : new OpenClKernel(kernel(program, src.finish()), src.finishArgs(), label);
            return new Program(src, program, new OpenClKernel(main, src.mainArgs(), label), finish,
                    src.mainArgs().contains(new OpenClSource.Arg.ErrorFlag()));
        } catch (OpenClException e) {
            if (main != null) clReleaseKernel(main);
            OpenClProgramCache.release(program);
            throw e;
        }
    }

    /** Kernel {@code kernelName} of {@code program} (a failure throws with this device's label). */
    cl_kernel kernel(cl_program program, String kernelName) {
        int[] err = new int[1];
        cl_kernel k = clCreateKernel(program, kernelName, err);
        OpenClException.check(err[0], "clCreateKernel(" + kernelName + ")", label());
        return k;
    }

    /** The build log of {@code program} on this device. */
    String buildLog(cl_program program) {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, id, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] b = new byte[(int) Math.max(1, size[0])];
        clGetProgramBuildInfo(program, id, CL_PROGRAM_BUILD_LOG, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private String string(int param) {
        long[] size = new long[1];
        OpenClException.check(clGetDeviceInfo(id, param, 0, null, size), "clGetDeviceInfo", "an OpenCL device");
        byte[] b = new byte[(int) size[0]];
        OpenClException.check(clGetDeviceInfo(id, param, b.length, Pointer.to(b), null), "clGetDeviceInfo", "an OpenCL device");
        return cString(b).trim();
    }

    private long number(int param, int bytes) {
        if (bytes == Sizeof.cl_uint) {
            int[] v = new int[1];
            if (clGetDeviceInfo(id, param, bytes, Pointer.to(v), null) != CL_SUCCESS) return 0;
            return v[0] & 0xffffffffL;
        }
        long[] v = new long[1];
        if (clGetDeviceInfo(id, param, bytes, Pointer.to(v), null) != CL_SUCCESS) return 0;
        return v[0];
    }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** One line for {@code numfuse devices}. */
    String describe() {
        return String.format("%s, %s, %d compute units, %d MiB, fp64 %s, %s, driver %s", name, vendor, computeUnits,
                globalMemory >> 20, fp64 ? "yes" : "no", version, driver);
    }
}
