package dev.weft.benchmarks;

import static dev.weft.benchmarks.Libraries.*;

import dev.weft.Semaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** One library of the side-by-side harness (see {@link Libraries#create}). */
class VirtualExecutorLib implements Library {
    ExecutorService newExecutor() {
        return Executors.newVirtualThreadPerTaskExecutor();
    }

    @Override
    public double sleep(int n, long millis) throws Exception {
        Callable<Object> c = () -> {
            Thread.sleep(millis);
            return null;
        };
        long t0 = System.nanoTime();
        try (ExecutorService ex = newExecutor()) {
            List<Future<Object>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                fs.add(ex.submit(c));
            }
            for (Future<Object> f : fs) {
                f.get();
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public double spawn(int n) throws Exception {
        List<Callable<Integer>> calls = trivial(n);
        long t0 = System.nanoTime();
        List<Integer> r = new ArrayList<>(n);
        try (ExecutorService ex = newExecutor()) {
            List<Future<Integer>> fs = new ArrayList<>(n);
            for (Callable<Integer> c : calls) {
                fs.add(ex.submit(c));
            }
            for (Future<Integer> f : fs) {
                r.add(f.get());
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
        try (ExecutorService ex = newExecutor()) {
            for (int i = 0; i < tasks; i++) {
                ex.submit(() -> {
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
        try (ExecutorService ex = newExecutor()) {
            List<Future<Long>> cs = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                cs.add(ex.submit(() -> {
                    long k = 0;
                    while (q.take() != POISON) {
                        k++;
                    }
                    return k;
                }));
            }
            Future<?> producer = ex.submit(() -> {
                for (int i = 0; i < items; i++) {
                    q.put(ITEM);
                }
                for (int i = 0; i < consumers; i++) {
                    q.put(POISON);
                }
                return null;
            });
            producer.get();
            for (Future<Long> f : cs) {
                total += f.get();
            }
        }
        long t = System.nanoTime() - t0;
        expect(total, items);
        return items * 1e9 / t;
    }

    /** One {@code submit} per blocking request, then {@code Future.get} in order (the pool subclass: 256 threads). */
    @Override
    public IoLoad.Result io(int n, long latencyMillis, int port) throws Exception {
        IoLoad.Burst burst = new IoLoad.Burst(n, latencyMillis, port);
        burst.start();
        try (ExecutorService ex = newExecutor()) {
            List<Future<?>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int request = i;
                fs.add(ex.submit(() -> burst.request(request)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        return burst.finish();
    }

    @Override
    public double heapPerParkedTask(int n) throws Exception {
        CountDownLatch started = new CountDownLatch(n);
        long before = usedAfterGc();
        ExecutorService ex = newExecutor();
        for (int i = 0; i < n; i++) {
            ex.submit(() -> {
                started.countDown();
                Thread.sleep(PARK.toMillis());
                return null;
            });
        }
        awaitParked(started);
        long delta = usedAfterGc() - before;
        ex.shutdownNow();
        if (!ex.awaitTermination(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("executor did not terminate");
        }
        ex.close();
        return (double) delta / n;
    }

    @Override
    public String info() {
        return "Executors.newVirtualThreadPerTaskExecutor(), JDK " + Runtime.version();
    }
}
