package io.numfuse.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * A cache whose values are computed once per key, without holding any lock while computing:
 * threads that ask for one key at once wait for one computation (a program built once), and a
 * slow computation does not hold up other keys (which {@code ConcurrentHashMap.computeIfAbsent}
 * would do for the keys of its bin). A computation that throws is remembered: later calls for its
 * key throw the same exception. With a bound, past it some finished entries are forgotten (about
 * an eighth, in the map's order), to be computed again if asked for.
 */
final class OnceMap<K, V> {
    private final ConcurrentHashMap<K, Future<V>> map = new ConcurrentHashMap<>();
    private final int maxEntries;

    OnceMap() { this(Integer.MAX_VALUE); }

    OnceMap(int maxEntries) { this.maxEntries = maxEntries; }

    /** The value for {@code key}, computed by {@code compute} on first use. */
    V get(K key, Function<? super K, ? extends V> compute) {
        Future<V> f = map.get(key);
        if (f == null) {
            FutureTask<V> mine = new FutureTask<>(() -> compute.apply(key));
            f = map.putIfAbsent(key, mine);
            if (f == null) {
                f = mine;
                mine.run();
                if (map.size() > maxEntries) trim();
            }
        }
        return await(f);
    }

    /**
     * Computes the values of those of {@code keys} nobody asked for yet together, by
     * {@code computeAll} (a value per key, in order), and waits for the others: threads asking
     * for one of those keys meanwhile wait for this computation, as with {@link #get}. When
     * {@code computeAll} throws, every key it was computing gets the exception.
     */
    void computeTogether(List<K> keys, Function<List<K>, List<V>> computeAll) {
        List<K> mine = new ArrayList<>();
        List<CompletableFuture<V>> futures = new ArrayList<>();
        List<Future<V>> others = new ArrayList<>();
        for (K key : keys) {
            CompletableFuture<V> f = new CompletableFuture<>();
            Future<V> had = map.putIfAbsent(key, f);
            if (had == null) {
                mine.add(key);
                futures.add(f);
            } else {
                others.add(had);
            }
        }
        if (!mine.isEmpty()) {
            try {
                List<V> values = computeAll.apply(mine);
                for (int i = 0; i < futures.size(); i++) futures.get(i).complete(values.get(i));
            } catch (RuntimeException | Error e) {
                for (var f : futures) f.completeExceptionally(e);
                throw e;
            }
            if (map.size() > maxEntries) trim();
        }
        for (Future<V> f : others) await(f);
    }

    /** Forgets finished entries until the map is an eighth under its bound. */
    private void trim() {
        int excess = map.size() - (maxEntries - maxEntries / 8);
        for (var it = map.entrySet().iterator(); it.hasNext() && excess > 0; ) {
            if (it.next().getValue().isDone()) {
                it.remove();
                excess--;
            }
        }
    }

    /** True when the value for {@code key} is computed (or its computation failed). */
    boolean isDone(K key) {
        Future<V> f = map.get(key);
        return f != null && f.isDone();
    }

    /** The value for {@code key} when it is computed successfully, else null (never computes, never waits). */
    V peek(K key) {
        Future<V> f = map.get(key);
        return f != null && f.state() == Future.State.SUCCESS ? f.resultNow() : null;
    }

    int size() { return map.size(); }

    /** The values computed successfully so far. */
    List<V> values() {
        List<V> out = new ArrayList<>();
        for (Future<V> f : map.values()) {
            if (f.state() == Future.State.SUCCESS) out.add(f.resultNow());
        }
        return out;
    }

    void clear() { map.clear(); }

    private static <V> V await(Future<V> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;                // the computation is shared: wait for it, then say so
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) throw r;
                    if (c instanceof Error r) throw r;
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
