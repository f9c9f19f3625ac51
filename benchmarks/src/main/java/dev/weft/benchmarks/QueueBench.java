package dev.weft.benchmarks;

import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of a Weft {@link Queue} next to the JDK's {@link ArrayBlockingQueue}, both on virtual
 * threads: one producer hands {@code items} objects to {@code consumers} consumers through a queue of
 * {@code capacity}. Plain {@code main}, not JMH: a sample moves a million items, so what counts is
 * the number a user sees.
 *
 * <p>Method: warm-up rounds, then measured rounds; each round takes one Weft sample and one JDK sample,
 * alternating which goes first, after a full GC (not timed). A sample is timed from the start of the
 * threads to the last consumer's end. Reported: per-round items/s, medians with min–max, the ratio of
 * the medians (Weft / JDK) and the median of the per-round ratios. The Weft side is the idiom of its
 * docs: {@code Weft.run} with spawned consumers that {@code get()} until {@code shutdown()}; the JDK
 * side is {@code newVirtualThreadPerTaskExecutor} with {@code put}/{@code take} and one poison pill
 * per consumer.
 *
 * <p>Run from the repository root, with a {@code java} 21+ (the machine's default may be older: use
 * the JDK the build found, for example {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}):
 * <pre>
 *   mvn -B -q -DskipTests -pl benchmarks -am package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp benchmarks/target/classes:$(cat benchmarks/target/cp.txt) dev.weft.benchmarks.QueueBench
 * </pre>
 * Knobs are arguments {@code key=value}: {@code items=1000000 consumers=4 capacity=1024 warmup=8
 * rounds=21 timeout.minutes=10}.
 */
public final class QueueBench {
    private static final Object ITEM = new Object();
    private static final Object POISON = new Object();

    private QueueBench() {
    }

    record Config(int items, int consumers, int capacity, int warmup, int rounds, long timeoutMinutes) {
        static Config parse(String[] args) {
            int items = 1_000_000;
            int consumers = 4;
            int capacity = 1024;
            int warmup = 8;
            int rounds = 21;
            long timeoutMinutes = 10;
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("arguments are key=value, got: " + arg);
                }
                long v = Long.parseLong(kv[1].trim());
                switch (kv[0].trim()) {
                    case "items" -> items = (int) v;
                    case "consumers" -> consumers = (int) v;
                    case "capacity" -> capacity = (int) v;
                    case "warmup" -> warmup = (int) v;
                    case "rounds" -> rounds = (int) v;
                    case "timeout.minutes" -> timeoutMinutes = v;
                    default -> throw new IllegalArgumentException("unknown knob: " + kv[0]);
                }
            }
            return new Config(items, consumers, capacity, warmup, rounds, timeoutMinutes);
        }
    }

    public static void main(String[] args) throws Exception {
        Config c = Config.parse(args);
        System.out.printf(Locale.ROOT, "Queue throughput: Java %s, %d cores; 1 producer, %d consumers, %,d items, capacity %d; "
                        + "%d warm-up + %d measured rounds%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), c.consumers(), c.items(),
                c.capacity(), c.warmup(), c.rounds());
        startWatchdog(c.timeoutMinutes());

        double[] weft = new double[c.rounds()];
        double[] jdk = new double[c.rounds()];
        for (int round = 0; round < c.warmup() + c.rounds(); round++) {
            double w;
            double j;
            if (round % 2 == 0) {
                w = sample(c, true);
                j = sample(c, false);
            } else {
                j = sample(c, false);
                w = sample(c, true);
            }
            boolean measured = round >= c.warmup();
            if (measured) {
                weft[round - c.warmup()] = w;
                jdk[round - c.warmup()] = j;
            }
            System.out.printf(Locale.ROOT, "  %-9s round %2d: Weft Queue %,12.0f items/s   ArrayBlockingQueue %,12.0f items/s   (%.2fx)%n",
                    measured ? "measured" : "warm-up", round + 1, w, j, w / j);
        }
        double mw = median(weft);
        double mj = median(jdk);
        System.out.printf(Locale.ROOT, "Weft Queue          median %,12.0f items/s  (min %,.0f, max %,.0f)%n", mw, min(weft), max(weft));
        System.out.printf(Locale.ROOT, "ArrayBlockingQueue  median %,12.0f items/s  (min %,.0f, max %,.0f)%n", mj, min(jdk), max(jdk));
        double[] ratios = new double[c.rounds()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = weft[i] / jdk[i];
        }
        System.out.printf(Locale.ROOT, "ratio Weft / ArrayBlockingQueue: %.2fx of the medians, %.2fx median per round (goal >= 0.80x)%n",
                mw / mj, median(ratios));
        System.exit(0); // the watchdog thread is a daemon, but say it plainly
    }

    /** One timed run; returns items per second. */
    private static double sample(Config c, boolean weft) throws Exception {
        System.gc();
        long start = System.nanoTime();
        long consumed = weft ? runWeft(c) : runJdk(c);
        long nanos = System.nanoTime() - start;
        if (consumed != c.items()) {
            throw new IllegalStateException((weft ? "Weft" : "JDK") + " consumed " + consumed + " of " + c.items());
        }
        return c.items() * 1e9 / nanos;
    }

    private static long runWeft(Config c) {
        return Weft.run(() -> {
            Queue<Object> q = Queue.fifo(c.capacity());
            List<Task<Long>> consumers = new ArrayList<>();
            for (int i = 0; i < c.consumers(); i++) {
                consumers.add(Weft.spawn(() -> {
                    long n = 0;
                    try {
                        while (true) {
                            q.get();
                            n++;
                        }
                    } catch (QueueShutDownException drained) {
                        return n;
                    }
                }));
            }
            for (int i = 0; i < c.items(); i++) {
                q.put(ITEM);
            }
            q.shutdown();
            long total = 0;
            for (Task<Long> t : consumers) {
                total += t.join();
            }
            return total;
        });
    }

    private static long runJdk(Config c) throws Exception {
        ArrayBlockingQueue<Object> q = new ArrayBlockingQueue<>(c.capacity());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> consumers = new ArrayList<>();
            for (int i = 0; i < c.consumers(); i++) {
                consumers.add(executor.submit(() -> {
                    long n = 0;
                    while (q.take() != POISON) {
                        n++;
                    }
                    return n;
                }));
            }
            Future<?> producer = executor.submit(() -> {
                for (int i = 0; i < c.items(); i++) {
                    q.put(ITEM);
                }
                for (int i = 0; i < c.consumers(); i++) {
                    q.put(POISON);
                }
                return null;
            });
            producer.get();
            long total = 0;
            for (Future<Long> f : consumers) {
                total += f.get();
            }
            return total;
        }
    }

    private static void startWatchdog(long minutes) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(minutes));
                System.err.println("QueueBench: no result after " + minutes + " min, halting");
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "queue-bench-watchdog");
        t.setDaemon(true);
        t.start();
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    private static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }
}
