package dev.weft.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The Java-side libraries of the side-by-side harness, by name, and what their adapters share; each adapter
 * is a file of its own ({@link WeftLib}, {@link VirtualExecutorLib}, ...). Kotlin coroutines live in
 * {@code src/main/kotlin}.
 */
final class Libraries {
    /** Library names a {@link Worker} accepts. {@code weft} runs on whichever engine the JVM selects. */
    static final List<String> NAMES = List.of("weft", "vexec", "sts", "pool", "jox", "kotlin");

    static final Object ITEM = new Object();
    static final Object POISON = new Object();
    static final Duration PARK = Duration.ofSeconds(60);

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

    /** Whether task {@code i} of a deadlines workload gets the timeout that fires ({@code percent} in every hundred). */
    static boolean fires(int i, int percent) {
        return i % 100 < percent;
    }

    /** How many of {@code n} tasks {@link #fires} picks. */
    static int firing(int n, int percent) {
        return n / 100 * percent + Math.min(n % 100, percent);
    }

    /** Checks the arguments of a deadlines workload: the firing timeout is half the sleep, so the sleep must be at least 2 ms. */
    static void checkDeadlineArgs(long millis, int percent) {
        if (millis < 2 || percent < 0 || percent > 100) {
            throw new IllegalArgumentException("deadline needs MILLIS >= 2 and 0 <= PERCENT <= 100: " + millis + " " + percent);
        }
    }

    /** The list {@code f(0), f(1), ...} of size {@code n}, computed on access (no million-element array). */
    static <T> List<T> indexed(int n, IntFunction<T> f) {
        return new AbstractList<>() {
            @Override
            public T get(int index) {
                if (index < 0 || index >= n) {
                    throw new IndexOutOfBoundsException(index);
                }
                return f.apply(index);
            }

            @Override
            public int size() {
                return n;
            }
        };
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
