package com.anycompany.scoring.model;

import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.metrics.ScoringMetrics;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Loaded models per container, keyed by {@link ModelRef}, under a byte budget.
 * <ul>
 *   <li>A model is loaded once and then served from memory; the least recently used models are evicted when the
 *       estimated bytes of all loaded models exceed the budget (the model just loaded is never evicted, so a single
 *       model larger than the budget is still served).</li>
 *   <li>Concurrent misses for the same version share one load (single flight). A failed load is not cached, so the
 *       next request retries it.</li>
 *   <li>Hits, misses, coalesced waits, evictions and load time are counted ({@link #stats()}) and, when given a
 *       {@link ScoringMetrics}, reported as {@code ModelCacheHit}, {@code ModelCacheMiss}, {@code ModelCacheEviction}
 *       and {@code ModelLoadTime}.</li>
 * </ul>
 * The budget comes from the function's memory: {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} (MB) times
 * {@code MODEL_CACHE_MEMORY_FRACTION} (default {@value #DEFAULT_MEMORY_FRACTION}), see {@link #budgetFromEnvironment()}.
 */
public final class ModelCache {
    public static final double DEFAULT_MEMORY_FRACTION = 0.25;

    /** A counters snapshot. {@code hitRate} counts coalesced waits as misses. */
    public record Stats(long hits, long misses, long coalesced, long evictions, long loadFailures, long loadNanos,
            long bytes, int size, long budgetBytes) {
        public double hitRate() {
            long total = hits + misses + coalesced;
            return total == 0 ? 0 : (double) hits / total;
        }
    }

    /** One lookup: the model, and whether it was already in memory. */
    public record Lookup(LoadedModel model, boolean hit) {
    }

    private record Entry(LoadedModel model, long bytes) {
    }

    private final Function<ModelRef, LoadedModel> loader;
    private final long budgetBytes;
    private final ScoringMetrics metrics;
    private final Object lock = new Object();
    private final LinkedHashMap<ModelRef, Entry> lru = new LinkedHashMap<>(64, 0.75f, true);
    private final ConcurrentMap<ModelRef, CompletableFuture<LoadedModel>> inFlight = new ConcurrentHashMap<>();
    private long bytes;
    private long hits;
    private long misses;
    private long coalesced;
    private long evictions;
    private long loadFailures;
    private long loadNanos;

    /** A cache with the budget from the function's environment ({@link #budgetFromEnvironment()}). */
    public ModelCache(Function<ModelRef, LoadedModel> loader) {
        this(loader, budgetFromEnvironment(), ScoringMetrics.NONE);
    }

    public ModelCache(Function<ModelRef, LoadedModel> loader, long budgetBytes) {
        this(loader, budgetBytes, ScoringMetrics.NONE);
    }

    public ModelCache(Function<ModelRef, LoadedModel> loader, long budgetBytes, ScoringMetrics metrics) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("model cache budget must be positive, not " + budgetBytes + " bytes");
        }
        this.loader = loader;
        this.budgetBytes = budgetBytes;
        this.metrics = metrics == null ? ScoringMetrics.NONE : metrics;
    }

    /**
     * {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} MB × {@code MODEL_CACHE_MEMORY_FRACTION} (default 0.25); outside Lambda,
     * the JVM's max heap × the same fraction.
     */
    public static long budgetFromEnvironment() {
        double fraction = FunctionEnvironment.get("MODEL_CACHE_MEMORY_FRACTION").map(ModelCache::fraction)
                .orElse(DEFAULT_MEMORY_FRACTION);
        long memory = FunctionEnvironment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
                .map(mb -> {
                    try {
                        return Long.parseLong(mb.trim()) * 1024 * 1024;
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("AWS_LAMBDA_FUNCTION_MEMORY_SIZE is not a whole number of MB: "
                                + mb);
                    }
                })
                .orElse(Runtime.getRuntime().maxMemory());
        return Math.max(1, (long) (memory * fraction));
    }

    private static double fraction(String s) {
        try {
            double f = Double.parseDouble(s.trim());
            if (f > 0 && f <= 1) {
                return f;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalStateException("MODEL_CACHE_MEMORY_FRACTION must be a number in (0, 1], not '" + s + "'");
    }

    public LoadedModel get(ModelRef ref) {
        return lookup(ref).model();
    }

    /** Like {@link #get} and says whether it was a hit. */
    public Lookup lookup(ModelRef ref) {
        Entry cached = cached(ref);
        if (cached != null) {
            metrics.count("ModelCacheHit", 1);
            return new Lookup(cached.model(), true);
        }
        CompletableFuture<LoadedModel> mine = new CompletableFuture<>();
        CompletableFuture<LoadedModel> existing = inFlight.putIfAbsent(ref, mine);
        if (existing != null) {
            synchronized (lock) {
                coalesced++;
            }
            metrics.count("ModelCacheMiss", 1);
            return new Lookup(await(existing), false);
        }
        try {
            // a load may have finished between the first look and claiming the flight
            Entry raced = cached(ref);
            if (raced != null) {
                mine.complete(raced.model());
                metrics.count("ModelCacheHit", 1);
                return new Lookup(raced.model(), true);
            }
            synchronized (lock) {
                misses++;
            }
            metrics.count("ModelCacheMiss", 1);
            long start = System.nanoTime();
            LoadedModel model;
            try {
                model = loader.apply(ref);
            } catch (RuntimeException | Error e) {
                synchronized (lock) {
                    loadFailures++;
                }
                mine.completeExceptionally(e);
                throw e;
            }
            long nanos = System.nanoTime() - start;
            metrics.millis("ModelLoadTime", nanos / 1e6);
            insert(ref, model, nanos);
            mine.complete(model);
            return new Lookup(model, false);
        } finally {
            inFlight.remove(ref, mine);
        }
    }

    private Entry cached(ModelRef ref) {
        synchronized (lock) {
            Entry e = lru.get(ref);
            if (e != null) {
                hits++;
            }
            return e;
        }
    }

    private void insert(ModelRef ref, LoadedModel model, long nanos) {
        long size = sizeOf(model);
        int evicted = 0;
        synchronized (lock) {
            loadNanos += nanos;
            Entry previous = lru.put(ref, new Entry(model, size));
            if (previous != null) {
                bytes -= previous.bytes();
            }
            bytes += size;
            Iterator<Map.Entry<ModelRef, Entry>> it = lru.entrySet().iterator();
            while (bytes > budgetBytes && lru.size() > 1 && it.hasNext()) {
                Map.Entry<ModelRef, Entry> eldest = it.next();
                if (eldest.getKey().equals(ref)) {
                    continue;
                }
                bytes -= eldest.getValue().bytes();
                it.remove();
                evictions++;
                evicted++;
            }
        }
        if (evicted > 0) {
            metrics.count("ModelCacheEviction", evicted);
        }
    }

    /** The compiled model's estimate plus a small allowance for the card and schema. */
    static long sizeOf(LoadedModel model) {
        return model.compiled().estimatedBytes() + 512L + 256L * model.card().features().size();
    }

    private static LoadedModel await(CompletableFuture<LoadedModel> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Drops a version from memory (it changed in the store); the next lookup loads it again. */
    public void invalidate(ModelRef ref) {
        synchronized (lock) {
            Entry e = lru.remove(ref);
            if (e != null) {
                bytes -= e.bytes();
            }
        }
    }

    /** What a loaded model counts against the budget (the same estimate the cache uses). */
    public static long footprint(LoadedModel model) {
        return sizeOf(model);
    }

    public boolean isLoaded(ModelRef ref) {
        synchronized (lock) {
            return lru.containsKey(ref);
        }
    }

    /** Models in memory. */
    public int size() {
        synchronized (lock) {
            return lru.size();
        }
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(hits, misses, coalesced, evictions, loadFailures, loadNanos, bytes, lru.size(), budgetBytes);
        }
    }
}
