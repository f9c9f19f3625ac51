package dev.weft.benchmarks.jmh;

import dev.weft.CircuitBreaker;
import dev.weft.Hedge;
import dev.weft.RetryPolicy;
import dev.weft.Weft;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each resilience wrapper costs around a trivial body that succeeds at once: {@code retry} and the
 * circuit breaker run the body on the calling thread (their cost is bookkeeping), {@code race} and a
 * hedge run it as a child task in a group of their own (their cost is a spawn and a join). Average time
 * per call, from a plain platform thread. Run:
 * {@code mvn -q -DskipTests -Pjmh verify -Dweft.jmh.include=ResilienceBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
@State(Scope.Benchmark)
public class ResilienceBench {
    private final Callable<Integer> body = () -> 42;
    private final RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).build();
    private final CircuitBreaker breaker = CircuitBreaker.builder("bench").build();
    private final Hedge fixedHedge = Hedge.fixed(Duration.ofSeconds(1), 2);
    private final Hedge percentileHedge = Hedge.percentile(95, 1000, Duration.ofSeconds(1), 2);

    /** Baseline: the body called directly. */
    @Benchmark
    public Integer direct() throws Exception {
        return body.call();
    }

    /** {@code retry} whose first attempt succeeds. */
    @Benchmark
    public Integer retry() {
        return Weft.retry(policy, body);
    }

    /** A closed circuit breaker counting a success. */
    @Benchmark
    public Integer breaker() {
        return breaker.call(body);
    }

    /** A fixed-delay hedge whose first attempt succeeds long before the delay: one child task. */
    @Benchmark
    public Integer hedgeFixed() {
        return fixedHedge.call(body);
    }

    /** The same with a percentile hedge, which also records the latency. */
    @Benchmark
    public Integer hedgePercentile() {
        return percentileHedge.call(body);
    }

    /** {@code race} of two bodies: two child tasks, the loser cancelled (or already done) and awaited. */
    @Benchmark
    public Integer race() {
        return Weft.race(body, body);
    }

    /** For scale: {@code gather} of one body, the cheapest way to run one child task. */
    @Benchmark
    public Object gatherOne() {
        return Weft.gather(body);
    }
}
