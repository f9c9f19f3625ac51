package dev.weft.benchmarks;

import com.softwaremill.jox.structured.Fork;
import com.softwaremill.jox.structured.Scopes;
import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The Java-side libraries of the side-by-side harness; Kotlin coroutines live in {@code src/main/kotlin}. */
final class Libraries {
    /** Library names a {@link Worker} accepts. {@code weft} runs on whichever engine the JVM selects. */
    static final List<String> NAMES = List.of("weft", "vexec", "sts", "pool", "jox", "kotlin");

    static final Object ITEM = new Object();
    static final Object POISON = new Object();
    private static final Duration PARK = Duration.ofSeconds(60);

    private Libraries() {
    }

    static Library create(String name) {
        return switch (name) {
            case "weft" -> new WeftLib();
            case "vexec" -> new VirtualExecutorLib();
            case "sts" -> new StructuredScopeLib();
            case "pool" -> new PlatformPoolLib(256);
            case "jox" -> new JoxLib();
            case "kotlin" -> new KotlinLib();
            default -> throw new IllegalArgumentException("unknown library " + name + ", one of " + NAMES);
        };
    }

    // ------------------------------------------------------------------------------------ Weft

    static final class WeftLib implements Library {
        private final Library executor = new VirtualExecutorLib();

        @Override
        public double spawnRatioInOneJvm(int n, boolean weftFirst, boolean collect) throws Exception {
            double weft;
            double jdk;
            if (collect) {
                Worker.fullGc();
            }
            if (weftFirst) {
                weft = spawn(n);
                if (collect) {
                    Worker.fullGc();
                }
                jdk = executor.spawn(n);
            } else {
                jdk = executor.spawn(n);
                if (collect) {
                    Worker.fullGc();
                }
                weft = spawn(n);
            }
            return weft / jdk;
        }

        /** Weft's own warm-up, {@link Weft#warmUp()}: the same exercise, offered by the library. */
        @Override
        public double prewarm() {
            long t0 = System.nanoTime();
            Weft.warmUp();
            return (System.nanoTime() - t0) / 1e9;
        }

        @Override
        public double sleep(int n, long millis) {
            Duration d = Duration.ofMillis(millis);
            Callable<Object> c = () -> {
                Weft.sleep(d);
                return null;
            };
            long t0 = System.nanoTime();
            List<Object> r = Weft.run(() -> Weft.gather(new Same<>(c, n)));
            long t = System.nanoTime() - t0;
            expect(r.size(), n);
            return t / 1e9;
        }

        @Override
        public double spawn(int n) {
            List<Callable<Integer>> calls = trivial(n);
            long t0 = System.nanoTime();
            List<Integer> r = Weft.run(() -> Weft.gather(calls));
            long t = System.nanoTime() - t0;
            checkTrivial(r, n);
            return (double) t / n;
        }

        @Override
        public double semaphore(int tasks, int permits, long millis) {
            Semaphore s = new Semaphore(permits);
            Duration hold = Duration.ofMillis(millis);
            Limits limits = new Limits();
            Callable<Object> c = () -> {
                s.withPermit(() -> {
                    limits.enter();
                    try {
                        Weft.sleep(hold);
                    } finally {
                        limits.leave();
                    }
                });
                return null;
            };
            long t0 = System.nanoTime();
            Weft.run(() -> Weft.gather(new Same<>(c, tasks)));
            long t = System.nanoTime() - t0;
            limits.check(permits);
            return t / 1e9;
        }

        @Override
        public double queue(int items, int consumers, int capacity) {
            long t0 = System.nanoTime();
            long total = Weft.run(() -> {
                Queue<Object> q = Queue.fifo(capacity);
                List<Task<Long>> cs = new ArrayList<>();
                for (int i = 0; i < consumers; i++) {
                    cs.add(Weft.spawn(() -> {
                        long k = 0;
                        try {
                            while (true) {
                                q.get();
                                k++;
                            }
                        } catch (QueueShutDownException drained) {
                            return k;
                        }
                    }));
                }
                for (int i = 0; i < items; i++) {
                    q.put(ITEM);
                }
                q.shutdown();
                long sum = 0;
                for (Task<Long> t : cs) {
                    sum += t.join();
                }
                return sum;
            });
            long t = System.nanoTime() - t0;
            expect(total, items);
            return items * 1e9 / t;
        }

        @Override
        public double heapPerParkedTask(int n) {
            CountDownLatch started = new CountDownLatch(n);
            long[] delta = new long[1];
            long before = usedAfterGc();
            Weft.run(() -> TaskGroup.run(g -> {
                for (int i = 0; i < n; i++) {
                    g.spawn(() -> {
                        started.countDown();
                        Weft.sleep(PARK);
                        return null;
                    });
                }
                awaitParked(started);
                delta[0] = usedAfterGc() - before;
                g.cancel();
                return null;
            }));
            return (double) delta[0] / n;
        }

        @Override
        public String info() {
            return "Weft engine " + Weft.engineName();
        }
    }

    // ------------------------------------------------------------------------------------ JDK executor

    static class VirtualExecutorLib implements Library {
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

    // ------------------------------------------------------------------------------------ platform pool

    static final class PlatformPoolLib extends VirtualExecutorLib {
        private final int threads;

        PlatformPoolLib(int threads) {
            this.threads = threads;
        }

        @Override
        ExecutorService newExecutor() {
            return Executors.newFixedThreadPool(threads);
        }

        @Override
        public double sleep(int n, long millis) throws Exception {
            if (n > threads * 4) {
                throw new NotApplicable(n + " sleepers on " + threads + " threads: ~" + (n / threads * millis / 1000)
                        + " s by construction");
            }
            return super.sleep(n, millis);
        }

        @Override
        public double queue(int items, int consumers, int capacity) throws Exception {
            return super.queue(items, consumers, capacity);
        }

        @Override
        public double heapPerParkedTask(int n) {
            throw new NotApplicable("a pool of " + threads + " threads cannot park " + n + " tasks");
        }

        @Override
        public double prewarm() throws Exception {
            long t0 = System.nanoTime();
            spawn(10_000);
            return (System.nanoTime() - t0) / 1e9;
        }

        @Override
        public String info() {
            return "Executors.newFixedThreadPool(" + threads + ")";
        }
    }

    // ------------------------------------------------------------------------------------ StructuredTaskScope

    static final class StructuredScopeLib implements Library {
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

    // ------------------------------------------------------------------------------------ jox

    static final class JoxLib implements Library {
        @Override
        public double sleep(int n, long millis) throws Exception {
            long t0 = System.nanoTime();
            int done = Scopes.supervised(scope -> {
                List<Fork<Object>> forks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    forks.add(scope.fork(() -> {
                        Thread.sleep(millis);
                        return null;
                    }));
                }
                for (Fork<Object> f : forks) {
                    f.join();
                }
                return forks.size();
            });
            long t = System.nanoTime() - t0;
            expect(done, n);
            return t / 1e9;
        }

        @Override
        public double spawn(int n) throws Exception {
            List<Callable<Integer>> calls = trivial(n);
            long t0 = System.nanoTime();
            List<Integer> r = Scopes.supervised(scope -> {
                List<Fork<Integer>> forks = new ArrayList<>(n);
                for (Callable<Integer> c : calls) {
                    forks.add(scope.fork(c));
                }
                List<Integer> out = new ArrayList<>(n);
                for (Fork<Integer> f : forks) {
                    out.add(f.join());
                }
                return out;
            });
            long t = System.nanoTime() - t0;
            checkTrivial(r, n);
            return (double) t / n;
        }

        @Override
        public double heapPerParkedTask(int n) throws Exception {
            CountDownLatch started = new CountDownLatch(n);
            long before = usedAfterGc();
            long[] delta = new long[1];
            Scopes.supervised(scope -> {
                for (int i = 0; i < n; i++) {
                    scope.fork(() -> {
                        started.countDown();
                        Thread.sleep(PARK.toMillis());
                        return null;
                    });
                }
                awaitParked(started);
                delta[0] = usedAfterGc() - before;
                return null; // leaving the body interrupts the remaining (daemon) forks
            });
            return (double) delta[0] / n;
        }

        @Override
        public String info() {
            return "jox structured 0.5.0 Scopes.supervised + fork";
        }
    }

    // ------------------------------------------------------------------------------------ Kotlin

    /** Calls {@code dev.weft.benchmarks.kt.KotlinWorkloads} (compiled by kotlin-maven-plugin) by name. */
    static final class KotlinLib implements Library {
        private final Class<?> k;

        KotlinLib() {
            try {
                k = Class.forName("dev.weft.benchmarks.kt.KotlinWorkloads");
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Kotlin workloads not compiled (kotlin-maven-plugin)", e);
            }
        }

        private double call(String method, Object... args) throws Exception {
            Class<?>[] types = new Class<?>[args.length];
            for (int i = 0; i < args.length; i++) {
                types[i] = args[i] instanceof Long ? long.class : int.class;
            }
            try {
                return (double) k.getMethod(method, types).invoke(null, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
        }

        @Override
        public double sleep(int n, long millis) throws Exception {
            return call("sleep", n, millis);
        }

        @Override
        public double spawn(int n) throws Exception {
            return call("spawn", n);
        }

        @Override
        public double semaphore(int tasks, int permits, long millis) throws Exception {
            return call("semaphore", tasks, permits, millis);
        }

        @Override
        public double queue(int items, int consumers, int capacity) throws Exception {
            return call("queue", items, consumers, capacity);
        }

        @Override
        public double heapPerParkedTask(int n) throws Exception {
            return call("heapPerParkedTask", n);
        }

        @Override
        public String info() {
            try {
                return (String) k.getMethod("info").invoke(null);
            } catch (ReflectiveOperationException e) {
                return "kotlinx.coroutines (" + e + ")";
            }
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    static List<Callable<Integer>> trivial(int n) {
        List<Callable<Integer>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = i;
            calls.add(() -> v);
        }
        return calls;
    }

    static void checkTrivial(List<Integer> r, int n) {
        if (r.size() != n || r.get(n - 1) != n - 1 || r.get(n / 2) != n / 2) {
            throw new IllegalStateException("wrong results: size " + r.size());
        }
    }

    static void expect(long got, long want) {
        if (got != want) {
            throw new IllegalStateException("expected " + want + ", got " + got);
        }
    }

    /** The latch is counted down right before sleeping: give the last tasks a moment to actually park. */
    static void awaitParked(CountDownLatch started) throws InterruptedException {
        if (!started.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("tasks did not start: " + started.getCount() + " missing");
        }
        Thread.sleep(300);
    }

    static long usedAfterGc() {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** {@code n} times the same callable, without a million-element array. */
    static final class Same<T> extends AbstractList<Callable<T>> {
        private final Callable<T> c;
        private final int size;

        Same(Callable<T> c, int size) {
            this.c = c;
            this.size = size;
        }

        @Override
        public Callable<T> get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return c;
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** Counts the tasks inside the semaphore, to check that the limit held. */
    static final class Limits {
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();

        void enter() {
            max.accumulateAndGet(inside.incrementAndGet(), Math::max);
        }

        void leave() {
            inside.decrementAndGet();
        }

        void check(int permits) {
            if (max.get() > permits) {
                throw new IllegalStateException("limit broken: max inside " + max.get());
            }
        }
    }
}
