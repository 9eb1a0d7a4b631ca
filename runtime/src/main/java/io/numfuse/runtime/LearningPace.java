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

    /** A run {@link #learns} chose taught the model ({@code moved}: it moved a correction): the next lesson comes sooner or later. */
    synchronized void taught(boolean moved) {
        if (runs <= everyRun) return;
        int before = stride;
        stride = moved ? oneIn : Math.min(2 * stride, atMostOneIn);
        next += stride - before;
    }

    /** The runs between two lessons now (for tests). */
    synchronized int stride() { return stride; }
}
