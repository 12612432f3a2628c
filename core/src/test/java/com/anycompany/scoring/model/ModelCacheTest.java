package com.anycompany.scoring.model;

import com.anycompany.scoring.engine.CompiledModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCacheTest {
    /** A compiled model of a given size; scoring is not exercised here. */
    private record Sized(long bytes) implements CompiledModel {
        public String engineName() { return "test"; }
        public int numFeatures() { return 1; }
        public int numOutputs() { return 1; }
        public List<String> featureNames() { return List.of("x"); }
        public String objective() { return "binary:logistic"; }
        public void predict(float[] row, float[] out) { out[0] = row[0]; }
        public long estimatedBytes() { return bytes; }
    }

    private static LoadedModel model(ModelRef ref, long bytes) {
        ModelCard card = new ModelCard(ref.name(), ref.version(), ref.clientId(), "binary:logistic",
                new OutputSpec("probability", "p", null, null, null, null), List.of(FeatureSpec.optional("x")),
                new ArtifactInfo("model.json", "json", "0".repeat(64), 1), null, null);
        return LoadedModel.bind(card, new Sized(bytes), ref.toString());
    }

    private static ModelRef client(int i) {
        return new ModelRef("attrition", "1", "c" + i);
    }

    @Test
    void evictsTheLeastRecentlyUsedWhenOverBudget() {
        AtomicInteger loads = new AtomicInteger();
        long each = 10_000;
        long perModel = ModelCache.sizeOf(model(client(0), each));
        ModelCache cache = new ModelCache(ref -> {
            loads.incrementAndGet();
            return model(ref, each);
        }, perModel * 3);
        cache.get(client(1));
        cache.get(client(2));
        cache.get(client(3));
        cache.get(client(1));               // 1 is now the most recent; 2 is the eldest
        cache.get(client(4));               // over budget: 2 goes
        assertTrue(cache.isLoaded(client(1)));
        assertFalse(cache.isLoaded(client(2)), "the least recently used model is evicted");
        assertTrue(cache.isLoaded(client(3)));
        assertTrue(cache.isLoaded(client(4)));
        ModelCache.Stats s = cache.stats();
        assertEquals(3, s.size());
        assertEquals(1, s.evictions());
        assertEquals(4, s.misses());
        assertEquals(1, s.hits());
        assertTrue(s.bytes() <= s.budgetBytes());
        cache.get(client(2));               // loaded again
        assertEquals(5, loads.get());
    }

    @Test
    void aModelLargerThanTheBudgetIsStillServedAndEvictsTheOthers() {
        ModelCache cache = new ModelCache(ref -> model(ref, ref.clientId().equals("c9") ? 1_000_000 : 100), 50_000);
        cache.get(client(1));
        cache.get(client(2));
        LoadedModel big = cache.get(client(9));
        assertSame(big, cache.get(client(9)));
        assertEquals(1, cache.size());
        assertEquals(2, cache.stats().evictions());
    }

    @Test
    void concurrentMissesShareOneLoad() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Function<ModelRef, LoadedModel> slow = ref -> {
            loads.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return model(ref, 100);
        };
        ModelCache cache = new ModelCache(slow, 1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LoadedModel>> got = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                got.add(pool.submit(() -> cache.get(client(7))));
            }
            Thread.sleep(100);
            release.countDown();
            LoadedModel first = got.get(0).get(5, TimeUnit.SECONDS);
            for (Future<LoadedModel> f : got) {
                assertSame(first, f.get(5, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, loads.get(), "eight concurrent misses, one load");
        ModelCache.Stats s = cache.stats();
        assertEquals(1, s.misses());
        assertEquals(8, s.misses() + s.coalesced() + s.hits());
    }

    @Test
    void aFailedLoadIsNotCachedAndIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        ModelCache cache = new ModelCache(ref -> {
            if (calls.incrementAndGet() == 1) {
                throw new ModelUnavailableException("S3 down", null);
            }
            return model(ref, 100);
        }, 1_000_000);
        assertThrows(ModelUnavailableException.class, () -> cache.get(client(1)));
        assertEquals(1, cache.stats().loadFailures());
        cache.get(client(1));
        assertTrue(cache.isLoaded(client(1)));
    }

    @Test
    void budgetComesFromTheFunctionMemorySize() {
        long budget = com.anycompany.scoring.config.FunctionEnvironment.with(
                java.util.Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048", "MODEL_CACHE_MEMORY_FRACTION", "0.5"),
                ModelCache::budgetFromEnvironment);
        assertEquals(1024L * 1024 * 1024, budget);
    }

    @Test
    void aBadClientIdIsRefusedBeforeItReachesAKey() {
        ClientModelResolver resolver = new ClientModelResolver(new ModelCache(ref -> {
            throw new AssertionError("no load expected for " + ref);
        }, 1_000));
        for (String bad : List.of("../c1", "a/b", "x".repeat(65), "..", " c1")) {
            InvalidClientIdException e = assertThrows(InvalidClientIdException.class,
                    () -> resolver.resolve("attrition", "1", bad));
            assertTrue(e.getMessage().startsWith("client id '"), e.getMessage());
            assertTrue(e.getMessage().contains("is not allowed"), e.getMessage());
        }
    }

    @Test
    void aClientWithoutAModelFallsBackToTheGlobalOneAndSaysSo() {
        AtomicInteger clientLookups = new AtomicInteger();
        ModelCache cache = new ModelCache(ref -> {
            if (ref.clientId() != null) {
                clientLookups.incrementAndGet();
                if (ref.clientId().equals("c2")) {
                    throw new ModelNotFoundException("no model " + ref);
                }
            }
            return model(ref, 100);
        }, 1_000_000);
        ClientModelResolver resolver = new ClientModelResolver(cache);
        ClientModelResolver.Resolved own = resolver.resolve("attrition", "1", "c1");
        assertEquals(ModelScope.CLIENT, own.scope());
        assertEquals("c1", own.ref().clientId());
        ClientModelResolver.Resolved fallback = resolver.resolve("attrition", "1", "c2");
        assertEquals(ModelScope.GLOBAL, fallback.scope());
        assertEquals(ModelRef.of("attrition", "1"), fallback.ref());
        resolver.resolve("attrition", "1", "c2");
        assertEquals(2, clientLookups.get(), "a missing client model is remembered, not fetched again");
    }
}
