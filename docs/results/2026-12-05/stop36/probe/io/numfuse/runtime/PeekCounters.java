package io.numfuse.runtime;

/** auto's counters, package-private in the runtime, for a probe: kept decisions reused, the model's version, lessons, migrations. */
public class PeekCounters {
    public static String now() {
        return String.format("reused %d version %d lessons %d moves %d weighed %d", Decisions.reused.get(), SmallWork.version(),
                Placement.LEARNING.lessons(), Migration.moves.get(), SmallWork.weighings());
    }

    public static long wakes() { return WorkerPool.wakes(); }
}
