package dev.weft.benchmarks;

import static dev.weft.benchmarks.Libraries.*;

import dev.weft.CircuitBreaker;
import dev.weft.Generator;
import dev.weft.Hedge;
import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.RetryPolicy;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** One library of the side-by-side harness (see {@link Libraries#create}). */
final class WeftLib implements Library {
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
    public double deadlines(int n, long millis, int firePercent) {
        checkDeadlineArgs(millis, firePercent);
        Duration sleep = Duration.ofMillis(millis);
        Duration firingTimeout = Duration.ofMillis(millis / 2);
        AtomicInteger fired = new AtomicInteger();
        Callable<Object> body = () -> {
            Weft.sleep(sleep);
            return null;
        };
        Callable<Object> quietBody = () -> Weft.waitFor(PARK, body);
        Callable<Object> firingBody = () -> {
            try {
                return Weft.waitFor(firingTimeout, body);
            } catch (TimedOutException expected) {
                fired.incrementAndGet();
                return null;
            }
        };
        List<Callable<Object>> bodies = indexed(n, i -> fires(i, firePercent) ? firingBody : quietBody);
        long t0 = System.nanoTime();
        List<Object> r = Weft.run(() -> Weft.gather(bodies));
        long t = System.nanoTime() - t0;
        expect(r.size(), n);
        expect(fired.get(), firing(n, firePercent));
        return t / 1e9;
    }

    @Override
    public double generator(int items, int capacity) {
        long t0 = System.nanoTime();
        long got = Weft.run(() -> {
            long k = 0;
            try (Generator<Object> g = Generator.of(capacity, out -> {
                for (int i = 0; i < items; i++) {
                    out.emit(ITEM);
                }
            })) {
                for (Object ignored : g) {
                    k++;
                }
            }
            return k;
        });
        long t = System.nanoTime() - t0;
        expect(got, items);
        return items * 1e9 / t;
    }

    @Override
    public double mapLimited(int items, int limit, long millis) {
        Duration d = Duration.ofMillis(millis);
        List<Integer> in = indexed(items, i -> i);
        long t0 = System.nanoTime();
        List<Integer> r = Weft.run(() -> Weft.mapConcurrent(in, limit, i -> {
            if (millis > 0) {
                Weft.sleep(d);
            }
            return i;
        }));
        long t = System.nanoTime() - t0;
        checkTrivial(r, items);
        return t / 1e9;
    }

    @Override
    public double resilience(String kind, int calls) {
        Callable<Integer> body = () -> 42;
        Callable<Integer> wrapped = switch (kind) {
            case "direct" -> body;
            case "race" -> () -> Weft.race(body, body);
            case "retry" -> {
                RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).build();
                yield () -> Weft.retry(policy, body);
            }
            case "hedge" -> {
                Hedge hedge = Hedge.fixed(Duration.ofSeconds(1), 2);
                yield () -> hedge.call(body);
            }
            case "breaker" -> {
                CircuitBreaker breaker = CircuitBreaker.builder("bench").build();
                yield () -> breaker.call(body);
            }
            default -> throw new IllegalArgumentException("resil KIND: direct, race, retry, hedge or breaker, not " + kind);
        };
        long t0 = System.nanoTime();
        long sum = Weft.run(() -> {
            long acc = 0;
            for (int i = 0; i < calls; i++) {
                acc += wrapped.call();
            }
            return acc;
        });
        long t = System.nanoTime() - t0;
        expect(sum, 42L * calls);
        return (double) t / calls;
    }

    /** {@code gather(items, body)} over the request indexes: one virtual-thread task per blocking request. */
    @Override
    public IoLoad.Result io(int n, long latencyMillis, int port) {
        IoLoad.Burst burst = new IoLoad.Burst(n, latencyMillis, port);
        List<Integer> requests = indexed(n, i -> i);
        burst.start();
        List<Integer> r = Weft.run(() -> Weft.gather(requests, i -> {
            burst.request(i);
            return i;
        }));
        IoLoad.Result result = burst.finish();
        checkTrivial(r, n);
        return result;
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
