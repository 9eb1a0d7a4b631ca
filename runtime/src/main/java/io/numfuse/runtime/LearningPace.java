package io.numfuse.runtime;

/**
 * Which of a kernel's (or a kept decision's) runs teach the model: each of its first
 * {@code everyRun}, then one in a stride that starts at {@code oneIn}, doubles (up to
 * {@code atMostOneIn}) after each lesson that moved no correction, and falls back to
 * {@code oneIn} after one that moved one. Learning from a run costs tens of microseconds
 * after a streaming kernel (the model's data and code out of the caches): 20-50 us after a
 * resident a+b*c over 10^6 float32 on PoCL, whose run takes 150-250 us, and such a kernel in a
 * loop mostly confirms what the model knows (its correction is the second smallest of its
 * latest ratios, which most runs leave as it was). Thread-safe: two threads that share a pace
 * at worst learn from one run more or less.
 */
final class LearningPace {
    private final int everyRun, oneIn, atMostOneIn;
    private int runs, stride, next;

    LearningPace(int everyRun, int oneIn, int atMostOneIn) {
        this.everyRun = everyRun;
        this.oneIn = oneIn;
        this.atMostOneIn = atMostOneIn;
        this.stride = oneIn;
        this.next = everyRun + oneIn;
    }

    /** Counts a run; true when it should teach the model. */
    synchronized boolean learns() {
        int r = ++runs;
        if (r <= everyRun) return true;
        if (r < next) return false;
        next = r + stride;
        return true;
    }

    /**
     * A run {@link #learns} chose was shown to the model: {@code learnt}, the model took it as a
     * lesson (it may not: a kernel's first runs, the JIT's first quarter of a second with it, a
     * ratio out of bounds), and {@code news}, the lesson moved a correction. The next lesson comes
     * later after one without news, sooner after news, and at the same stride after a run the
     * model did not take: counted as lessons without news, the runs of a kernel's first quarter
     * of a second stretched the stride to its longest before any lesson was learnt, and a JVM
     * kernel whose runs seldom reach 50 us (those shorter teach nothing) then waited some 30,000
     * evaluations for its first correction.
     */
    synchronized void taught(boolean learnt, boolean news) {
        if (runs <= everyRun || !learnt) return;
        int before = stride;
        stride = news ? oneIn : Math.min(2 * stride, atMostOneIn);
        next += stride - before;
    }

    /** The runs between two lessons now (for tests). */
    synchronized int stride() { return stride; }
}
