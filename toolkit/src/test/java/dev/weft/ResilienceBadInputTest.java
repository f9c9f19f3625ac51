package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to race, hedge, retry and the circuit breaker: a clear exception at construction (or at
 * the call), naming the argument and the bad value.
 */
@Timeout(30)
class ResilienceBadInputTest {
    private static final Duration NEGATIVE = ms(-1);
    private static final Callable<String> BODY = () -> "ok";

    /** One bad call: what it is, what it must throw, and what the message must mention. */
    record Row(String call, Class<? extends Throwable> expected, Executable action, String mentions) {
        @Override
        public String toString() {
            return call;
        }
    }

    private static Row iae(String call, String mentions, Executable action) {
        return new Row(call, IllegalArgumentException.class, action, mentions);
    }

    private static Row npe(String call, String mentions, Executable action) {
        return new Row(call, NullPointerException.class, action, mentions);
    }

    static Stream<Row> rows() {
        return Stream.of(
                // race
                iae("race()", "bodies must not be empty", () -> Weft.run(() -> Weft.race())),
                iae("race(emptyList)", "bodies must not be empty", () -> Weft.run(() -> Weft.race(List.<Callable<String>>of()))),
                npe("race(null)", "bodies", () -> Weft.race((Callable<String>[]) null)),
                npe("race(body, null)", "bodies[1]", () -> Weft.run(() -> Weft.race(Arrays.asList(BODY, null)))),
                iae("raceFirstDone()", "bodies must not be empty", () -> Weft.run(() -> Weft.raceFirstDone())),
                // hedge
                iae("Hedge.fixed(-1 ms, 2)", "delay must not be negative: PT-0.001S", () -> Hedge.fixed(NEGATIVE, 2)),
                iae("Hedge.fixed(d, 0)", "maxAttempts must be at least 1: 0", () -> Hedge.fixed(ms(1), 0)),
                npe("Hedge.fixed(null, 2)", "delay", () -> Hedge.fixed(null, 2)),
                iae("Hedge.percentile(0, ...)", "percentile must be in (0, 100]: 0.0", () -> Hedge.percentile(0, 10, ms(1), 2)),
                iae("Hedge.percentile(100.5, ...)", "percentile must be in (0, 100]: 100.5", () -> Hedge.percentile(100.5, 10, ms(1), 2)),
                iae("Hedge.percentile(NaN, ...)", "percentile must be in (0, 100]: NaN", () -> Hedge.percentile(Double.NaN, 10, ms(1), 2)),
                iae("Hedge.percentile(95, 0, ...)", "window must be positive: 0", () -> Hedge.percentile(95, 0, ms(1), 2)),
                iae("Hedge.percentile(95, 10, -1 ms, 2)", "floor must not be negative", () -> Hedge.percentile(95, 10, NEGATIVE, 2)),
                iae("Hedge.percentile(95, 10, d, -1)", "maxAttempts must be at least 1: -1", () -> Hedge.percentile(95, 10, ms(1), -1)),
                npe("hedge.call(null)", "body", () -> Hedge.fixed(ms(1), 2).call(null)),
                // retry
                npe("retry(null, body)", "policy", () -> Weft.retry(null, BODY)),
                npe("retry(policy, null)", "body", () -> Weft.retry(RetryPolicy.defaults(), null)),
                iae("maxAttempts(0)", "maxAttempts must be at least 1: 0", () -> RetryPolicy.builder().maxAttempts(0)),
                iae("fixedDelay(-1 ms)", "delay must not be negative", () -> RetryPolicy.builder().fixedDelay(NEGATIVE)),
                iae("exponentialBackoff(-1 ms, ...)", "initial must not be negative",
                        () -> RetryPolicy.builder().exponentialBackoff(NEGATIVE, 2, ms(10))),
                iae("exponentialBackoff(.., 0.5, ..)", "multiplier must be a finite number >= 1: 0.5",
                        () -> RetryPolicy.builder().exponentialBackoff(ms(1), 0.5, ms(10))),
                iae("exponentialBackoff(.., NaN, ..)", "multiplier must be a finite number >= 1: NaN",
                        () -> RetryPolicy.builder().exponentialBackoff(ms(1), Double.NaN, ms(10))),
                iae("exponentialBackoff(10 ms, 2, 1 ms)", "max must not be less than initial",
                        () -> RetryPolicy.builder().exponentialBackoff(ms(10), 2, ms(1))),
                iae("maxElapsed(-1 ms)", "maxElapsed must not be negative", () -> RetryPolicy.builder().maxElapsed(NEGATIVE)),
                npe("jitter(null)", "jitter", () -> RetryPolicy.builder().jitter(null)),
                npe("retryOn(null)", "retryOn", () -> RetryPolicy.builder().retryOn(null)),
                npe("retryOnResult(null, p)", "type", () -> RetryPolicy.builder().retryOnResult(null, r -> true)),
                npe("budget(null)", "budget", () -> RetryPolicy.builder().budget(null)),
                npe("random(null)", "random", () -> RetryPolicy.builder().random(null)),
                iae("RetryBudget.of(0, 0.1)", "maxTokens must be positive: 0", () -> RetryBudget.of(0, 0.1)),
                iae("RetryBudget.of(10, 0)", "tokenRatio must be in (0, maxTokens]: 0.0", () -> RetryBudget.of(10, 0)),
                iae("RetryBudget.of(10, 11)", "tokenRatio must be in (0, maxTokens]: 11.0", () -> RetryBudget.of(10, 11)),
                // circuit breaker
                npe("CircuitBreaker.builder(null)", "name", () -> CircuitBreaker.builder(null)),
                iae("failureRate(0, 10)", "percent must be in (0, 100]: 0.0", () -> CircuitBreaker.builder("b").failureRate(0, 10)),
                iae("failureRate(101, 10)", "percent must be in (0, 100]: 101.0", () -> CircuitBreaker.builder("b").failureRate(101, 10)),
                iae("failureRate(50, 0)", "minimumCalls must be positive: 0", () -> CircuitBreaker.builder("b").failureRate(50, 0)),
                iae("consecutiveFailures(0)", "consecutive failures must be positive: 0", () -> CircuitBreaker.builder("b").consecutiveFailures(0)),
                iae("countWindow(0)", "window calls must be positive: 0", () -> CircuitBreaker.builder("b").countWindow(0)),
                iae("timeWindow(0)", "window span must be positive: PT0S", () -> CircuitBreaker.builder("b").timeWindow(Duration.ZERO)),
                iae("openFor(-1 ms)", "openFor must not be negative", () -> CircuitBreaker.builder("b").openFor(NEGATIVE)),
                iae("halfOpenProbes(0)", "halfOpenProbes must be positive: 0", () -> CircuitBreaker.builder("b").halfOpenProbes(0)),
                npe("recordFailure(null)", "recordFailure", () -> CircuitBreaker.builder("b").recordFailure(null)),
                npe("onStateChange(null)", "listener", () -> CircuitBreaker.builder("b").onStateChange(null)),
                new Row("noFailureRate().build()", IllegalStateException.class,
                        () -> CircuitBreaker.builder("b").noFailureRate().build(), "has no rule"),
                npe("breaker.call(null)", "body", () -> CircuitBreaker.builder("b").build().call((Callable<String>) null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badInputFailsAtOnceWithAClearMessage(Row row) {
        Throwable e = assertThrows(row.expected(), row.action());
        assertTrue(String.valueOf(e.getMessage()).contains(row.mentions()),
                row.call() + ": the message \"" + e.getMessage() + "\" should mention \"" + row.mentions() + "\"");
    }
}
