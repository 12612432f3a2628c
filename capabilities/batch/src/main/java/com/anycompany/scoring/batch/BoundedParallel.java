package com.anycompany.scoring.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs I/O-bound calls (S3 GETs) on at most {@code threads} platform threads (Java 17 has no virtual threads), in a
 * pool that lives for one call: nothing is left running between invocations or across a SnapStart snapshot. Results
 * come back in the items' order; the first failure, in that order, is rethrown as it was thrown.
 */
final class BoundedParallel {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private BoundedParallel() {
    }

    static <T, R> List<R> map(List<T> items, int threads, Function<T, R> f) {
        List<R> out = new ArrayList<>(items.size());
        if (items.size() <= 1 || threads <= 1) {
            for (T t : items) {
                out.add(f.apply(t));
            }
            return out;
        }
        Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap(); // the run id, on the workers' log lines too
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ExecutorService exec = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
            Thread t = new Thread(r, "batch-io-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T t : items) {
                futures.add(exec.submit(() -> {
                    if (mdc != null) {
                        org.slf4j.MDC.setContextMap(mdc);
                    }
                    try {
                        return f.apply(t);
                    } finally {
                        org.slf4j.MDC.clear();
                    }
                }));
            }
            for (Future<R> fu : futures) {
                out.add(fu.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchStorageUnavailableException("interrupted while reading from S3", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            exec.shutdownNow();
        }
    }
}
