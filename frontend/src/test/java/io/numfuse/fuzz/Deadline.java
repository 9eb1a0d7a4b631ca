package io.numfuse.fuzz;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each fuzz input on a worker thread and gives up on it after a time limit, so that a
 * hang is a failure that names its input rather than a build that never ends. The worker is an
 * ordinary thread, so it has the stack every numfuse thread gets from the pom's
 * {@code -Xss8m}. A worker that overran is abandoned (it is a daemon) and a fresh one takes
 * over. Also keeps the slowest input seen, for the long run's report.
 */
public final class Deadline {
    /** Per-input limit; {@code -Dnumfuse.fuzz.timeoutMillis} changes it (a loaded machine may want more). */
    public static final long LIMIT_MILLIS = Long.getLong("numfuse.fuzz.timeoutMillis", 20_000);

    private ExecutorService worker = newWorker();
    private long slowestNanos;
    private String slowestInput = "";

    /**
     * The value of {@code work}, or what it threw (an Error included), as if called here.
     *
     * @throws AssertionError when it has not finished within {@link #LIMIT_MILLIS}
     */
    public <T> T call(String input, Callable<T> work) throws Throwable {
        long start = System.nanoTime();
        Future<T> result = worker.submit(work);
        try {
            return result.get(LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("hang: no outcome within " + LIMIT_MILLIS + " ms for input " + Inputs.show(input));
        } catch (ExecutionException e) {
            throw e.getCause();
        } finally {
            long took = System.nanoTime() - start;
            if (took > slowestNanos) {
                slowestNanos = took;
                slowestInput = input;
            }
        }
    }

    /** The longest any input took so far, in milliseconds. */
    public double slowestMillis() { return slowestNanos / 1e6; }

    /** The input that took longest. */
    public String slowestInput() { return slowestInput; }

    /** Lets the worker go (its thread ends). */
    public void close() { worker.shutdownNow(); }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }
}
