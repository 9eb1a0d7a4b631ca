package io.numfuse.runtime;

import io.numfuse.ir.NumfuseLog;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.KernelLimits;
import io.numfuse.core.NumfuseException;
import io.numfuse.jvm.JvmCodegen;
import io.numfuse.opencl.OpenClCodegen;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One OpenCL device as a target. The kernels of an evaluation run as a chain on the device
 * ({@link OpenClSession}), and their results stay there, across evaluations, until the host
 * or another device needs them ({@link DeviceCopies}). A device that does not exist cannot be
 * named ({@link Targets#parse} refuses it). When the device fails — a build error, an
 * allocation failure, a failing launch, any OpenCL error — the evaluation is
 * finished on the JVM from the first kernel that did not run (the JVM copies back what it
 * reads), which gives the correct result, and the first failure is reported by one warning on
 * stderr. Only a device that fails while it holds the only current values of an array gives
 * an error instead. A kernel the device cannot run (float64 without {@code cl_khr_fp64}) runs
 * on the JVM without a warning. Either way {@link KernelRuns} counts where each kernel ran.
 */
public final class OpenClTarget implements Target {
    private static final ConcurrentHashMap<Integer, OpenClTarget> BY_DEVICE = new ConcurrentHashMap<>();

    private final OpenClDevice device;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicInteger fallbacks = new AtomicInteger();

    OpenClTarget(OpenClDevice device) { this.device = device; }

    /**
     * The target of device {@code index} (as {@code numfuse devices} numbers them). A device that
     * does not exist is an error on every machine, with or without OpenCL: work a user sent to a
     * named device never runs silently elsewhere.
     */
    static OpenClTarget device(int index) {
        List<OpenClDevice> all = OpenClPlatform.devices();
        if (all.isEmpty()) {
            throw new NumfuseException("there is no OpenCL device opencl:" + index + " on this machine: "
                    + OpenClPlatform.unavailableReason() + "; see 'numfuse devices'");
        }
        if (index < 0 || index >= all.size()) {
            throw new NumfuseException("there is no OpenCL device " + index + ": this machine has " + all.size()
                    + " (opencl:0" + (all.size() > 1 ? " to opencl:" + (all.size() - 1) : "") + "); see 'numfuse devices'");
        }
        return BY_DEVICE.computeIfAbsent(index, i -> new OpenClTarget(all.get(i)));
    }

    /** A target for every OpenCL device of this machine (none without OpenCL). */
    static List<OpenClTarget> all() {
        List<OpenClTarget> a = ALL;
        if (a == null) ALL = a = java.util.stream.IntStream.range(0, OpenClPlatform.devices().size()).mapToObj(OpenClTarget::device).toList();
        return a;
    }

    private static volatile List<OpenClTarget> ALL;   // the devices never change once found

    @Override public String name() { return device.targetName; }

    @Override public String description() { return device.describe(); }

    /** Device facts for {@code numfuse devices}: name, vendor, compute units, global memory (bytes), fp64. */
    public record Info(String name, String vendor, int computeUnits, long globalMemory, boolean fp64, String version, String driver) {}

    public Info info() {
        return new Info(device.name, device.vendor, device.computeUnits, device.globalMemory, device.fp64, device.version, device.driver);
    }

    /** What the device is: CPU, GPU or accelerator ({@code CL_DEVICE_TYPE}). */
    public DeviceProfile.Kind kind() { return device.kind(); }

    /** Falling back to the JVM keeps kernels within the JVM's body cap, so that a fallback runs compiled code. */
    @Override public int maxKernelBody() { return JvmCodegen.MAX_BODY; }

    /**
     * The JVM's limits (a kernel may fall back to it), within the device's argument space
     * ({@code CL_DEVICE_MAX_PARAMETER_SIZE}): a kernel that reads more arrays than the device
     * can take as arguments is cut, rather than refused at launch and run on the JVM.
     */
    @Override
    public KernelLimits kernelLimits() {
        KernelLimits jvm = JvmCodegen.LIMITS;
        long device = this.device.maxParameterBytes;
        return device > 0 && device < jvm.maxArgumentBytes() ? jvm.withArgumentBytes(device) : jvm;
    }

    @Override public void run(Kernel kernel) { runAll(List.of(kernel)); }

    /**
     * Builds the programs the kernels need (not under the device's lock: other threads' work on
     * this device goes on meanwhile). A failed build is remembered; {@link #runAll} reports it and
     * runs the kernel on the JVM.
     */
    @Override
    public void prepare(List<Kernel> kernels) {
        List<KernelKey> keys = new java.util.ArrayList<>();
        for (Kernel k : kernels) {
            KernelKey key = k.key();
            if (device.hasProgram(key) || !supports(key) || OpenClRect.of(k) != null || keys.contains(key)) continue;
            keys.add(key);
        }
        if (!keys.isEmpty()) device.buildTogether(keys);   // failures are remembered by the device; runAll falls back with one warning
    }

    /** Runs the kernels on this device, or on the JVM from where the device failed ({@link Scheduler}). */
    @Override
    public void runAll(List<Kernel> kernels) { Scheduler.run(kernels, this, false); }

    /** A failure of the device while it ran a chain: where it stopped, and the chain's session (to undo what it wrote). */
    static final class DeviceFailure extends RuntimeException {
        private final RuntimeException failure;
        private final int next;
        private final transient OpenClSession session;

        DeviceFailure(RuntimeException failure, int next, OpenClSession session) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
            this.next = next;
            this.session = session;
        }

        RuntimeException failure() { return failure; }
        /** The first kernel that did not finish (the chain's length when the device failed after launching them all). */
        int next() { return next; }
        OpenClSession session() { return session; }
    }

    /**
     * Runs {@code kernels} on the device as one chain, its data kept there (a kernel the device
     * cannot run, float64 without fp64, runs on the JVM). A failure of the device is thrown as a
     * {@link DeviceFailure} for the {@link Scheduler} to recover from; the computation's own errors
     * (a {@link NumfuseException}) as they are.
     */
    void runChain(List<Kernel> kernels) {
        if (device.kind() == DeviceProfile.Kind.CPU) WorkerPool.yieldCores();   // its threads need the cores the JVM's workers spin on
        synchronized (DeviceCopies.INSTANCE) {
            OpenClSession session = new OpenClSession(device);
            int next = 0;
            try {
                for (; next < kernels.size(); next++) {
                    Kernel k = kernels.get(next);
                    KernelKey key = k.key();
                    if (supports(key)) session.run(k, key);
                    else JvmTarget.INSTANCE.run(k);     // the host copies what it reads back first
                }
                session.finish();
            } catch (OpenClException e) {                  // the device failed
                throw new DeviceFailure(e, next, session);
            } catch (NumfuseException e) {
                throw e;                                   // the computation's own error (as on the JVM)
            } catch (RuntimeException e) {                 // a failure to render or bind
                throw new DeviceFailure(e, next, session);
            }
        }
    }

    /** False for kernels this device cannot run (float64 without fp64). */
    boolean supports(KernelKey key) { return device.fp64 || !OpenClCodegen.needsFp64(key); }

    /** True when {@code k} can run here without waiting for a build: a plain copy, or its program built (and the build did not fail). */
    boolean canRunNow(Kernel k, KernelKey key) {
        return supports(key) && (device.hasBuiltProgram(key) || OpenClRect.of(k) != null);
    }

    /**
     * Builds the programs for {@code keys}, together (in the background: a failure is remembered,
     * and warned about once per device: auto then keeps those kernels on the JVM, and used to say
     * nothing, its explain claiming the program was still being built).
     */
    void build(List<KernelKey> keys) {
        List<KernelKey> mine = keys.stream().filter(this::supports).toList();
        if (mine.isEmpty()) return;
        try {
            device.buildTogether(mine);
        } catch (RuntimeException e) {
            // remembered by the device
        }
        for (KernelKey k : mine) {
            if (device.buildFailed(k) && buildWarned.compareAndSet(false, true)) {
                String why = "";
                try {
                    device.program(k);
                } catch (RuntimeException e) {
                    why = " (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
                }
                NumfuseLog.warning("a program auto asked for failed to build on " + name() + why + "; auto runs such kernels on the JVM (this warning is shown once)");
            }
        }
        SmallWork.changed();                                // the model may now choose this device
    }

    final AtomicBoolean buildWarned = new AtomicBoolean();   // package-private: a test warns again

    /** Explain's reason for running on the JVM a kernel this device would run faster: its program is being built, or failed to build. */
    String wouldBeFaster(KernelKey key) {
        return name() + (buildFailed(key) ? " would be faster, but its program failed to build" : " would be faster once its program is built (building in the background)");
    }

    /** True when this device's build of the program for {@code key} failed. */
    boolean buildFailed(KernelKey key) { return device.buildFailed(key); }

    /** Counts a fallback from this device and warns, once per device, with {@code why}. */
    void fellBack(String why) {
        fallbacks.incrementAndGet();
        KernelRuns.fellBack(name());
        if (warned.compareAndSet(false, true)) {
            NumfuseLog.warning("" + why.lines().findFirst().orElse(why)
                    + (why.lines().count() > 1 ? "\n" + why.lines().skip(1).limit(30).map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n").stripTrailing() : "")
                    + "\nnumfuse: running on the JVM instead (this warning is shown once)");
        }
    }

    /**
     * Data moved between the host and OpenCL devices, over all devices of this JVM: buffers
     * copied up, copied back, and copied on a device (snapshots before a write); copies evicted
     * to make room; device memory objects held now.
     */
    public record Transfers(long uploads, long downloads, long deviceToDevice, long evictions, int liveMemObjects) {
        /** The transfers since {@code before} (live objects: the change). */
        public Transfers since(Transfers before) {
            return new Transfers(uploads - before.uploads, downloads - before.downloads, deviceToDevice - before.deviceToDevice,
                    evictions - before.evictions, liveMemObjects - before.liveMemObjects);
        }
    }

    public static Transfers transfers() {
        DeviceCopies.INSTANCE.poll();
        return new Transfers(DeviceCopies.uploads.get(), DeviceCopies.downloads.get(), DeviceCopies.deviceToDevice.get(),
                DeviceCopies.evictions.get(), DeviceMemory.liveMemObjects.get());
    }

    /** Copies back what this device holds newer values of, and releases its copies (the next use uploads again). */
    public void releaseCopies() {
        if (device != null) DeviceCopies.INSTANCE.evacuate(device);
    }

    /**
     * Forgets the programs built in this process (for measuring first use: the next evaluation
     * of each kernel loads its binary from the disk cache, or builds it from source).
     */
    public void dropProgramsFromMemory() {
        synchronized (DeviceCopies.INSTANCE) {
            OpenClException.check(org.jocl.CL.clFinish(device.queue()), "clFinish", device.label());
            device.dropPrograms();
        }
    }

    /** Programs loaded from the disk cache, and built from source, in this process (all devices). */
    public static int programsLoadedFromDisk() { return OpenClProgramCache.loaded.get(); }

    public static int programsBuiltFromSource() { return OpenClProgramCache.compiled.get(); }

    /**
     * Whether this device's programs are left to its driver's own disk cache instead of numfuse's
     * (PoCL's, by default: {@code numfuse.opencl.cachePocl}); a program it builds again then comes
     * from there, and counts as built from source.
     */
    public boolean driverCachesPrograms() { return device != null && OpenClProgramCache.keepsItsOwn(device); }

    /** Buffers this device holds copies of now. */
    public int residentCopies() { return DeviceCopies.INSTANCE.copiesOn(device); }

    /** How many evaluations fell back to the JVM (tests check it stays 0). */
    int fallbackCount() { return fallbacks.get(); }

    OpenClDevice deviceForTests() { return device; }

    /** The device (for {@link Calibration}). */
    OpenClDevice device() { return device; }
}
