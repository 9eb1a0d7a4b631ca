package io.numfuse.ir;

/**
 * When to ask the collector for storage that died unseen: the storage of results and snapshots
 * nobody holds any more comes back for reuse only once a collection finds its owner dead, and a
 * loop that allocates little else on the Java heap rarely prompts one. So after an allowance of
 * storage handed out (new, not reused) since the last request and not come back since (found dead
 * by any collection, or released: {@link #cameBack}), the next allocation asks the collector
 * first. A request is a full collection with most collectors (tens of ms, more with a large
 * heap), so requests come at most once per ten times the last one took (at most 10% of the time;
 * {@link HostSpares} asks at three times, measured: on the host a new large array costs more than
 * its share of a request, on PoCL a new device buffer less), and when one finds little dead (the
 * storage held live results) the allowance doubles, up to a maximum. Used by {@link HostSpares}
 * (Java arrays) and the runtime's device spares (device buffers); not thread-safe: its user holds
 * a lock.
 */
public final class GarbageAllowance {
    private long handedOut, allowance = -1;

    /**
     * Counts {@code bytes} about to be handed out; true when the collector is to be asked first:
     * past the allowance ({@code base} at first and after a fruitful request), and at least ten
     * times the last request's duration ({@code lastTook}) after it ({@code sinceLast}, ns).
     */
    public boolean due(long bytes, long base, long sinceLast, long lastTook) {
        return due(bytes, base, sinceLast >= 10 * lastTook);
    }

    /** {@link #due(long, long, long, long)} with the caller's own test of whether a request may come now ({@code mayAsk}). */
    public boolean due(long bytes, long base, boolean mayAsk) {
        if (allowance < 0) allowance = base;
        boolean due = mayAsk && handedOut >= allowance;
        if (due) handedOut = 0;
        handedOut += bytes;
        return due;
    }

    /** After a request that freed {@code freed} bytes: little dead (a quarter of the allowance) doubles the allowance, up to {@code max}. */
    public void collected(long freed, long base, long max) {
        allowance = freed < allowance / 4 ? Math.min(2 * allowance, max) : base;
    }

    /**
     * {@code bytes} handed out earlier came back (found dead by a collection, the JVM's own or a
     * request, or released): they no longer count towards the allowance. Counted all the same, a
     * request came when the JVM's collections had found the dead already, found nothing, and
     * doubled the allowance: the selection suite's host cases took the device's to its budget
     * (11 GB), and the resident case after them never asked again (every result a new buffer, its
     * pages faulted in: 712-764 us a call against 53-60 us).
     */
    public void cameBack(long bytes) { handedOut = Math.max(0, handedOut - bytes); }

    /** The bytes handed out after which the next request comes (-1 before the first allocation). */
    public long allowance() { return allowance; }

    /** Forgets what earlier requests taught. */
    public void reset() {
        allowance = -1;
        handedOut = 0;
    }
}
