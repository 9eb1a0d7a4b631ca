package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.View;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * auto's shortcut for small work: a kernel whose inputs are on the host and whose size is well
 * below the size at which the cost model predicts any device beats the JVM runs on the JVM at
 * once, without the full placement (which costs microseconds: as much as the work). The size is
 * worked out once per kernel key from two predictions (the model is linear in the size) and kept
 * until the model changes (a profile, a build, corrections): {@link #changed()}.
 */
final class SmallWork {
    private SmallWork() {}

    private record Key(String auto, KernelKey key, int size) {}   // corrections are learnt per size class: so is the crossover

    /**
     * A key's crossover {@code n}, worked out at model version {@code version} for a kernel of
     * {@code elements} elements, with what learning from its runs needs: the JVM's uncorrected
     * execution and launch predicted for that kernel, its class, and the JVM's correction then.
     */
    private record Below(long version, double n, long elements, double execute, double launch, String cls, double factor,
                         java.util.concurrent.atomic.AtomicInteger runs) {
        Below(long version, double n, long elements, double execute, double launch, String cls, double factor) {
            this(version, n, elements, execute, launch, cls, factor, new java.util.concurrent.atomic.AtomicInteger());
        }
    }

    private static final Map<Key, Below> BELOW = new ConcurrentHashMap<>();
    private static final AtomicLong VERSION = new AtomicLong();

    /** The model changed (a profile arrived, a program was built, corrections moved): sizes are worked out again. */
    static void changed() { VERSION.incrementAndGet(); }

    /** The model's version: it moves whenever {@link #changed()} is called (auto's kept decisions rest on it too: {@link Decisions}). */
    static long version() { return VERSION.get(); }

    /** True when {@code k} (key {@code key}) should run on the JVM without asking the model. */
    static boolean onJvm(AutoTarget auto, Kernel k, KernelKey key) {
        for (View in : k.inputs()) if (!DeviceCopies.onHostOnly(in.buffer())) return false;   // a device may hold it: the model decides
        for (View o : k.outputs()) if (!DeviceCopies.onHostOnly(o.buffer())) return false;
        long v = VERSION.get();
        Key id = new Key(auto.name(), key, Learning.sizeClass(k.size()));
        Below b = BELOW.get(id);
        if (b == null || b.version() != v) {
            if (BELOW.size() > 8192) BELOW.clear();
            BELOW.put(id, b = weigh(auto, k, key, v));
        }
        return k.size() < b.n() / 2;                             // well below: a margin for the model's error
    }

    private static Below weigh(AutoTarget auto, Kernel k, KernelKey key, long version) {
        KernelWork w = KernelWork.of(k);
        double n = crossover(auto, w, key);
        DeviceProfile jvm = Profiles.of(JvmTarget.INSTANCE);
        if (jvm == null) return new Below(version, n, k.size(), Double.NaN, 0, null, Double.NaN);
        CostModel.Prediction p = CostModel.predict(w, new CostModel.Candidate("jvm", jvm, true), new CostModel.Profiles(Map.of("jvm", jvm)),
                CostModel.Locations.allAt("jvm"), 1.0, false);
        String cls = Learning.classOf(w, jvm);
        return new Below(version, n, k.size(), p.execute(), p.launch(), cls, Placement.LEARNING.factor("jvm", key, w.elements(), cls));
    }

    /** Runs shorter than this teach the model nothing here (the measurement would cost more than it tells). */
    static final double LEARN_FROM_SECONDS = 50e-6;

    /**
     * A weighed key's first runs each teach the model; after them one in {@link #LEARN_ONE_IN}
     * does. Learning from a run took 31-61 us (medians of 100 calls of an a+b over 10^6 float64,
     * timed inside the scheduler: after a streaming kernel the model's data is out of the caches),
     * a tenth of the run; from one run in eight, 5-7 us a call.
     */
    static final int LEARN_EVERY_RUN = 16, LEARN_ONE_IN = 8;

    /**
     * {@code k} ran on the JVM through this shortcut in {@code seconds}: a run long enough to
     * matter teaches the model, as a placed run does, so that a JVM kernel slower than its profile
     * says (a select the JIT does not vectorise) stops counting as small work; the key's size is
     * then worked out again.
     */
    static void ran(AutoTarget auto, Kernel k, KernelKey key, double seconds) {
        if (seconds < LEARN_FROM_SECONDS) return;
        Key id = new Key(auto.name(), key, Learning.sizeClass(k.size()));
        Below b = BELOW.get(id);
        if (b == null || b.elements() != k.size() || Double.isNaN(b.execute())) b = weigh(auto, k, key, VERSION.get());
        int runs = b.runs().incrementAndGet();
        if (runs > LEARN_EVERY_RUN && runs % LEARN_ONE_IN != 0) return;
        if (Double.isNaN(b.execute())) return;                // no profile of the JVM yet
        Placement.LEARNING.observe("jvm", key, k.size(), b.cls(), b.execute(), seconds - b.launch(), true);
        // weighed again at the next evaluation when the correction moved (weighing it again after
        // every run cost 30 us, a third of a 10^5-element a+b*c)
        double moved = Placement.LEARNING.factor("jvm", key, k.size(), b.cls()) / b.factor();
        if (!(moved > 1 / MOVED && moved < MOVED)) BELOW.remove(id);
    }

    /** How far the JVM's correction of a kernel moves before its crossover is worked out again. */
    static final double MOVED = 1.1;

    /** The size from which some device is predicted to beat the JVM for the work {@code w} of kernel {@code key} (infinite when none ever does). */
    private static double crossover(AutoTarget auto, KernelWork w, KernelKey key) {
        List<Target> candidates = auto.candidates();
        DeviceProfile jvm = Profiles.of(JvmTarget.INSTANCE);
        if (jvm == null) jvm = Profiles.nominalJvm();
        KernelWork w2 = doubled(w);
        CostModel.Profiles all = Profiles.byName(candidates, candidates.stream().map(Profiles::of).toList());
        // both sizes with the correction learnt at this kernel's size: looked up at the doubled
        // size (another size class, where this kernel has not run), a select the JVM runs 7x slower
        // than its class looked cheaper per element at twice the elements, and never left the JVM
        double cj = correction(w, "jvm", jvm, key);
        double j1 = seconds(w, "jvm", jvm, all, cj), j2 = seconds(w2, "jvm", jvm, all, cj);
        double best = Double.POSITIVE_INFINITY;
        for (Target t : candidates) {
            if (!(t instanceof OpenClTarget d) || !d.supports(key)) continue;
            DeviceProfile p = Profiles.of(d);
            if (p == null) continue;
            double cd = correction(w, d.name(), p, key);
            double d1 = seconds(w, d.name(), p, all, cd), d2 = seconds(w2, d.name(), p, all, cd);
            double slopeJ = (j2 - j1) / w.elements(), slopeD = (d2 - d1) / w.elements();
            if (!(slopeJ > slopeD)) continue;                    // the device is never cheaper per element
            double fixedJ = j1 - slopeJ * w.elements(), fixedD = d1 - slopeD * w.elements();
            best = Math.min(best, Math.max(0, (fixedD - fixedJ) / (slopeJ - slopeD)));
        }
        return best;
    }

    /** What the model has learnt of kernel {@code key} (else its class) on {@code target} at {@code w}'s size. */
    private static double correction(KernelWork w, String target, DeviceProfile p, KernelKey key) {
        return Placement.LEARNING.factor(target, key, w.elements(), Learning.classOf(w, p));
    }

    private static double seconds(KernelWork w, String target, DeviceProfile p, CostModel.Profiles all, double correction) {
        CostModel.Locations host = CostModel.Locations.allAt("jvm");
        return CostModel.predict(w, new CostModel.Candidate(target, p, true), all, host, correction, false).seconds();
    }

    private static KernelWork doubled(KernelWork w) {
        long[] bytes = w.inputBytes().clone();
        for (int i = 0; i < bytes.length; i++) bytes[i] *= 2;
        return new KernelWork(w.elements() * 2, w.bytesRead() * 2, w.bytesWritten() * 2, w.ops(), w.needsFp64(),
                w.buffersRead(), w.written(), bytes, w.reduction(), w.matmul());
    }
}
