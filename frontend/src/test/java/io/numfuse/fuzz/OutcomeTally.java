package io.numfuse.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts what a fuzz probe's inputs came to — a value, or each documented error type — and
 * prints one {@code FUZZ} line per probe at its end, which the long run's table in
 * docs/RELIABILITY.md is made of. An input that failed the property is counted too, under
 * {@code wrong} (a wrong value), {@code data-lost} or {@code crash/hang} (an undocumented
 * exception, an Error, a timeout), before the failure is thrown.
 */
public final class OutcomeTally {
    private final String probe;
    private long values;
    private long wrong;
    private long dataLost;
    private long crashes;
    private final Map<String, Long> errors = new TreeMap<>();
    /** 64-bit hashes of the inputs seen, to count distinct ones (jqwik repeats some, short strings most). */
    private final Set<Long> seen = new HashSet<>();

    public OutcomeTally(String probe) { this.probe = probe; }

    /** Notes an input, before its outcome. */
    public synchronized void saw(String input) { saw(input.getBytes(StandardCharsets.UTF_16BE)); }

    public synchronized void saw(byte[] input) {
        long h = 0xcbf29ce484222325L;   // FNV-1a: 64 bits, so that a million inputs hardly ever collide
        for (byte b : input) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        seen.add(h ^ input.length);
    }

    public synchronized void value() { values++; }

    public synchronized void error(String type) { errors.merge(type, 1L, Long::sum); }

    /** An input that came to a wrong outcome, or lost data. */
    public synchronized void failed(WrongOutcome e) {
        if (e.isDataLost()) dataLost++; else wrong++;
    }

    public synchronized void crash() { crashes++; }

    /** One try of a probe, which may throw anything. */
    public interface Attempt<T> { T run() throws Throwable; }

    /** Runs one try: a wrong outcome (or lost data) or a crash is counted, then thrown on. */
    public <T> T counting(Attempt<T> attempt) throws Throwable {
        try {
            return attempt.run();
        } catch (WrongOutcome e) {
            failed(e);
            throw e;
        } catch (AssertionError e) {
            crash();
            throw e;
        }
    }

    public synchronized long tries() {
        return values + wrong + dataLost + crashes + errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The summary line: probe, tries, distinct inputs, values, documented errors by type, failures, slowest input. */
    public synchronized String summary(Deadline deadline) {
        long documented = errors.values().stream().mapToLong(Long::longValue).sum();
        return String.format("FUZZ %s: tries=%d distinct=%d value=%d documented=%d %s wrong=%d crash/hang=%d data-lost=%d slowest=%.1fms %s",
                probe, tries(), seen.size(), values, documented, errors, wrong, crashes, dataLost,
                deadline == null ? 0.0 : deadline.slowestMillis(),
                deadline == null ? "" : Inputs.show(deadline.slowestInput()));
    }
}
