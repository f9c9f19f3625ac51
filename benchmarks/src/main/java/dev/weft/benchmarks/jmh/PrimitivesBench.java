package dev.weft.benchmarks.jmh;

import dev.weft.Generator;
import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Weft's primitives under JMH, each next to the JDK type it is measured against. Average time per item or
 * per hand-off. Run: {@code mvn -q -DskipTests -Pjmh verify -Dweft.jmh.include=PrimitivesBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
@State(Scope.Benchmark)
public class PrimitivesBench {
    static final int ITEMS = 10_000;
    private static final Object ITEM = new Object();
    private static final Object POISON = new Object();

    private final Semaphore weftSemaphore = new Semaphore(1);
    private final java.util.concurrent.Semaphore jdkSemaphore = new java.util.concurrent.Semaphore(1, true);

    /** Four threads contending for one permit: every acquire is a hand-off. */
    @Benchmark
    @Threads(4)
    public void semaphoreHandoff(Blackhole bh) {
        weftSemaphore.withPermit(() -> bh.consume(1));
    }

    /** Baseline: the JDK's fair semaphore, same contention. */
    @Benchmark
    @Threads(4)
    public void semaphoreHandoffJdk(Blackhole bh) throws InterruptedException {
        jdkSemaphore.acquire();
        try {
            bh.consume(1);
        } finally {
            jdkSemaphore.release();
        }
    }

    /** One producer, one consumer task, a Weft {@code Queue.fifo(64)}: time per item. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queueThroughput() {
        return Weft.run(() -> {
            Queue<Object> q = Queue.fifo(64);
            Task<Long> consumer = Weft.spawn(() -> {
                long k = 0;
                try {
                    while (true) {
                        q.get();
                        k++;
                    }
                } catch (QueueShutDownException done) {
                    return k;
                }
            });
            for (int i = 0; i < ITEMS; i++) {
                q.put(ITEM);
            }
            q.shutdown();
            return consumer.join();
        });
    }

    /** Baseline: {@code ArrayBlockingQueue(64)} between two virtual threads. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queueThroughputJdk() throws InterruptedException {
        ArrayBlockingQueue<Object> q = new ArrayBlockingQueue<>(64);
        long[] k = new long[1];
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                while (q.take() != POISON) {
                    k[0]++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    q.put(ITEM);
                }
                q.put(POISON);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.join();
        consumer.join();
        return k[0];
    }

    /** A generator of ITEMS values consumed by a for-each loop: time per value. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long generatorIteration() {
        return Weft.run(() -> {
            long sum = 0;
            try (Generator<Integer> g = Generator.of(out -> {
                for (int i = 0; i < ITEMS; i++) {
                    out.emit(i);
                }
            })) {
                for (int v : g) {
                    sum += v;
                }
            }
            return sum;
        });
    }
}
