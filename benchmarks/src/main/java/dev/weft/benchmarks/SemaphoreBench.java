package dev.weft.benchmarks;

import dev.weft.Semaphore;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weft's {@link Semaphore} next to the JDK's fair {@link java.util.concurrent.Semaphore} on virtual
 * threads: {@code tasks} tasks, each holding one of {@code permits} permits while it sleeps
 * {@code millis} ms. The ideal wall time is {@code tasks / permits * millis} (1.0 s by default).
 *
 * <p>Weft: all tasks spawned in one {@code gather}, each {@code semaphore.withPermit(() -> sleep(..))}.
 * JDK: a virtual-thread-per-task executor, each {@code acquire(); Thread.sleep(..); release()}.
 * Warm-up rounds, then measured rounds interleaved Weft, JDK, Weft, ... (a full GC before each, not
 * timed); prints the median and min–max of each, and checks that no more than {@code permits} ran at once.
 *
 * <p>Not part of the test suite (its figures are timings). Run from the repository root with a JDK 21+
 * {@code java} (the default one may be older; the build finds its own, for example
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}):
 * <pre>
 *   mvn -B -q -DskipTests package
 *   $JAVA -cp toolkit/target/classes:benchmarks/target/classes:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *        dev.weft.benchmarks.SemaphoreBench [tasks=10000] [permits=100] [millis=10] [warmup=2] [rounds=5]
 * </pre>
 */
public final class SemaphoreBench {
    private SemaphoreBench() {
    }

    /** Runs the comparison; arguments are {@code key=value} pairs overriding the defaults above. */
    public static void main(String[] args) throws Exception {
        int tasks = intArg(args, "tasks", 10_000);
        int permits = intArg(args, "permits", 100);
        int millis = intArg(args, "millis", 10);
        int warmup = intArg(args, "warmup", 2);
        int rounds = intArg(args, "rounds", 5);
        if (permits == 0 || rounds == 0) {
            throw new IllegalArgumentException("permits and rounds must be positive");
        }
        double ideal = (double) tasks / permits * millis / 1000;
        System.out.printf(Locale.ROOT, "Semaphore of %d over %d tasks of %d ms (ideal %.3f s), Java %s, %d CPUs%n",
                permits, tasks, millis, ideal, Runtime.version(), Runtime.getRuntime().availableProcessors());

        long[] weft = new long[rounds];
        long[] jdk = new long[rounds];
        for (int i = -warmup; i < rounds; i++) {
            System.gc();
            long w = weftRound(tasks, permits, millis);
            System.gc();
            long j = jdkRound(tasks, permits, millis);
            String label = i < 0 ? "warm-up" : "round " + (i + 1);
            System.out.printf(Locale.ROOT, "  %-8s weft %.3f s   jdk %.3f s%n", label, w / 1e9, j / 1e9);
            if (i >= 0) {
                weft[i] = w;
                jdk[i] = j;
            }
        }
        System.out.printf(Locale.ROOT, "dev.weft.Semaphore (gather + withPermit + Weft.sleep): median %s%n", summary(weft));
        System.out.printf(Locale.ROOT, "j.u.c.Semaphore(fair) on virtual threads (Thread.sleep): median %s%n", summary(jdk));
    }

    private static long weftRound(int tasks, int permits, int millis) {
        Semaphore semaphore = new Semaphore(permits);
        Duration hold = Duration.ofMillis(millis);
        Limits limits = new Limits();
        List<Callable<Void>> bodies = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            bodies.add(() -> {
                semaphore.withPermit(() -> {
                    limits.enter();
                    try {
                        Weft.sleep(hold);
                    } finally {
                        limits.leave();
                    }
                });
                return null;
            });
        }
        long start = System.nanoTime();
        Weft.run(() -> Weft.gather(bodies));
        long elapsed = System.nanoTime() - start;
        limits.check(permits, semaphore.availablePermits());
        return elapsed;
    }

    private static long jdkRound(int tasks, int permits, int millis) {
        java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(permits, true);
        Limits limits = new Limits();
        long start = System.nanoTime();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tasks; i++) {
                executor.submit(() -> {
                    semaphore.acquire();
                    try {
                        limits.enter();
                        Thread.sleep(millis);
                    } finally {
                        limits.leave();
                        semaphore.release();
                    }
                    return null;
                });
            }
        }
        long elapsed = System.nanoTime() - start;
        limits.check(permits, semaphore.availablePermits());
        return elapsed;
    }

    /** Counts the tasks inside the semaphore, to check that the limit held. */
    private static final class Limits {
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();

        void enter() {
            max.accumulateAndGet(inside.incrementAndGet(), Math::max);
        }

        void leave() {
            inside.decrementAndGet();
        }

        void check(int permits, int available) {
            if (max.get() > permits || available != permits) {
                throw new IllegalStateException("limit broken: max inside " + max.get() + ", permits left " + available);
            }
        }
    }

    private static String summary(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        long median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.3f s (min %.3f, max %.3f, %d rounds)",
                median / 1e9, s[0] / 1e9, s[s.length - 1] / 1e9, s.length);
    }

    private static int intArg(String[] args, String key, int fallback) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                int v = Integer.parseInt(a.substring(key.length() + 1));
                if (v < 0) {
                    throw new IllegalArgumentException(key + " must not be negative: " + v);
                }
                return v;
            }
        }
        return fallback;
    }
}
