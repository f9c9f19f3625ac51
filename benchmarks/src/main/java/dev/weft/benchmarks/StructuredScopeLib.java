package dev.weft.benchmarks;

import static dev.weft.benchmarks.Libraries.*;

import dev.weft.Semaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;

/** One library of the side-by-side harness (see {@link Libraries#create}). */
final class StructuredScopeLib implements Library {
    @Override
    public double sleep(int n, long millis) throws Exception {
        long t0 = System.nanoTime();
        try (var scope = StructuredTaskScope.open()) {
            for (int i = 0; i < n; i++) {
                scope.fork(() -> {
                    Thread.sleep(millis);
                    return null;
                });
            }
            scope.join();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public double spawn(int n) throws Exception {
        List<Callable<Integer>> calls = trivial(n);
        long t0 = System.nanoTime();
        List<Integer> r = new ArrayList<>(n);
        try (var scope = StructuredTaskScope.open()) {
            List<StructuredTaskScope.Subtask<Integer>> subs = new ArrayList<>(n);
            for (Callable<Integer> c : calls) {
                subs.add(scope.fork(c));
            }
            scope.join();
            for (var s : subs) {
                r.add(s.get());
            }
        }
        long t = System.nanoTime() - t0;
        checkTrivial(r, n);
        return (double) t / n;
    }

    @Override
    public double semaphore(int tasks, int permits, long millis) throws Exception {
        java.util.concurrent.Semaphore s = new java.util.concurrent.Semaphore(permits, true);
        Limits limits = new Limits();
        long t0 = System.nanoTime();
        try (var scope = StructuredTaskScope.open()) {
            for (int i = 0; i < tasks; i++) {
                scope.fork(() -> {
                    s.acquire();
                    try {
                        limits.enter();
                        Thread.sleep(millis);
                    } finally {
                        limits.leave();
                        s.release();
                    }
                    return null;
                });
            }
            scope.join();
        }
        long t = System.nanoTime() - t0;
        limits.check(permits);
        return t / 1e9;
    }

    @Override
    public double queue(int items, int consumers, int capacity) throws Exception {
        ArrayBlockingQueue<Object> q = new ArrayBlockingQueue<>(capacity);
        long t0 = System.nanoTime();
        long total = 0;
        try (var scope = StructuredTaskScope.open()) {
            List<StructuredTaskScope.Subtask<Long>> cs = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                cs.add(scope.fork(() -> {
                    long k = 0;
                    while (q.take() != POISON) {
                        k++;
                    }
                    return k;
                }));
            }
            scope.fork(() -> {
                for (int i = 0; i < items; i++) {
                    q.put(ITEM);
                }
                for (int i = 0; i < consumers; i++) {
                    q.put(POISON);
                }
                return null;
            });
            scope.join();
            for (var c : cs) {
                total += c.get();
            }
        }
        long t = System.nanoTime() - t0;
        expect(total, items);
        return items * 1e9 / t;
    }

    /** One {@code fork} per blocking request in one {@code StructuredTaskScope.open()}, then {@code join}. */
    @Override
    public IoLoad.Result io(int n, long latencyMillis, int port) throws Exception {
        IoLoad.Burst burst = new IoLoad.Burst(n, latencyMillis, port);
        burst.start();
        try (var scope = StructuredTaskScope.open()) {
            for (int i = 0; i < n; i++) {
                int request = i;
                scope.fork(() -> burst.request(request));
            }
            scope.join();
        }
        return burst.finish();
    }

    @Override
    public double heapPerParkedTask(int n) throws Exception {
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch measured = new CountDownLatch(1);
        long before = usedAfterGc();
        long[] delta = new long[1];
        try (var scope = StructuredTaskScope.open()) {
            for (int i = 0; i < n; i++) {
                scope.fork(() -> {
                    started.countDown();
                    Thread.sleep(PARK.toMillis());
                    return null;
                });
            }
            // the default joiner cancels the scope at the first failure: this subtask is that failure
            scope.fork(() -> {
                measured.await();
                throw new IllegalStateException("stop");
            });
            awaitParked(started);
            delta[0] = usedAfterGc() - before;
            measured.countDown();
            try {
                scope.join();
            } catch (StructuredTaskScope.FailedException expected) {
                // the stop signal
            }
        }
        return (double) delta[0] / n;
    }

    @Override
    public String info() {
        return "StructuredTaskScope.open() (JDK " + Runtime.version() + ", preview)";
    }
}
