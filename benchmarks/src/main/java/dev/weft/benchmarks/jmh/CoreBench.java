package dev.weft.benchmarks.jmh;

import dev.weft.TaskGroup;
import dev.weft.Timeout;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Weft's core paths under JMH, each next to the plain-JDK way of doing the same. Average time per operation.
 * Run them all: {@code mvn -q -DskipTests -Pjmh verify}; one: {@code -Dweft.jmh.include=CoreBench.gather}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
@State(Scope.Benchmark)
public class CoreBench {
    @Param({"100"})
    public int n;

    private List<Callable<Integer>> calls;
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void setUp() {
        calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = i;
            calls.add(() -> v);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
    }

    @org.openjdk.jmh.annotations.TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
    }

    /** One task spawned and joined inside a root scope: {@code run(() -> spawn(..).join())}. */
    @Benchmark
    public Integer spawnJoin() {
        return Weft.run(() -> Weft.spawn(() -> 42).join());
    }

    /** Baseline: start a virtual thread, join it. */
    @Benchmark
    public void spawnJoinVirtualThread(Blackhole bh) throws InterruptedException {
        Thread t = Thread.ofVirtual().start(() -> bh.consume(42));
        t.join();
    }

    /** {@code run(gather(n trivial callables))}. */
    @Benchmark
    public List<Integer> gather() {
        return Weft.run(() -> Weft.gather(calls));
    }

    /** Baseline: the executor, submit n, get in order. */
    @Benchmark
    public int gatherExecutor() throws Exception {
        List<Future<Integer>> fs = new ArrayList<>(n);
        for (Callable<Integer> c : calls) {
            fs.add(executor.submit(c));
        }
        int s = 0;
        for (Future<Integer> f : fs) {
            s += f.get();
        }
        return s;
    }

    /** A TaskGroup (lambda form) fanning out n tasks. */
    @Benchmark
    public Integer taskGroupFanOut(Blackhole bh) {
        return Weft.run(() -> TaskGroup.run(g -> {
            for (int i = 0; i < n; i++) {
                int v = i;
                g.spawn(() -> {
                    bh.consume(v);
                    return null;
                });
            }
            return n;
        }));
    }

    /** Baseline for the armed timeout: the same trivial task without a deadline. */
    @Benchmark
    public Integer timeoutNotArmed() {
        return Weft.run(() -> 42);
    }

    /** A 10 s deadline armed around a trivial body, never firing: {@code try (Timeout t = timeout(10 s))}. */
    @Benchmark
    public Integer timeoutArmed() {
        return Weft.run(() -> {
            try (Timeout t = Weft.timeout(Duration.ofSeconds(10))) {
                return 42;
            }
        });
    }

    /** {@code waitFor(10 s, body)} where the body returns at once. */
    @Benchmark
    public Integer waitForNotFiring() {
        return Weft.run(() -> Weft.waitFor(Duration.ofSeconds(10), () -> 42));
    }
}
