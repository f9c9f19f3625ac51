package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The four wrappers nested in their natural order, with a rate limiter and a semaphore, in virtual time. */
@Timeout(30)
class ResilienceCompositionTest {

    @BeforeAll
    static void warmUp() {
        ResilienceWarmUp.once();
    }

    @Test
    void waitForRetryBreakerAndHedgeComposeWithExactVirtualTimes() {
        List<String> log = new CopyOnWriteArrayList<>();
        VirtualTime.Result<String> r = Virtually.run(() -> {
            // given: retry every 100 ms, a breaker that would open after 3 failures in a row, a hedge
            // after 100 ms, at most 2 requests in flight and 10 starts a second
            RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).fixedDelay(ms(100))
                    .jitter(RetryPolicy.Jitter.NONE).build();
            CircuitBreaker breaker = CircuitBreaker.builder("api").noFailureRate().consecutiveFailures(3).build();
            Hedge hedge = Hedge.fixed(ms(100), 2);
            RateLimiter perSecond = RateLimiter.of(10, Duration.ofSeconds(1));
            Semaphore inFlight = new Semaphore(2);
            AtomicInteger requests = new AtomicInteger();
            // request 0 fails after 50 ms (HTTP 500), so the hedge sends request 1 at once, which fails
            // after 50 ms too; the retry waits 100 ms; request 2 stalls, the hedge sends request 3 after
            // 100 ms, which answers in 30 ms
            long[] latency = {50, 50, 3_600_000, 30};
            boolean[] fails = {true, true, false, false};

            // when
            String v = Weft.waitFor(Duration.ofSeconds(2), () -> Weft.retry(policy, () -> breaker.call(() -> hedge.call(() -> {
                perSecond.acquire();
                return inFlight.withPermit(() -> {
                    int i = requests.getAndIncrement();
                    log.add("request " + i + " at " + VirtualTime.elapsed().toMillis());
                    try {
                        Weft.sleep(ms(latency[i]));
                        if (fails[i]) {
                            throw new IllegalStateException("HTTP 500 from request " + i);
                        }
                        return "item from request " + i;
                    } finally {
                        log.add("request " + i + " ended at " + VirtualTime.elapsed().toMillis());
                    }
                });
            }))));

            // then the breaker saw one failure and one success, and stayed closed
            assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
            return v;
        });

        assertEquals("item from request 3", r.value());
        assertEquals(List.of(
                "request 0 at 0", "request 0 ended at 50",
                "request 1 at 50", "request 1 ended at 100",
                "request 2 at 200",
                "request 3 at 300", "request 3 ended at 330",
                "request 2 ended at 330"), log);
        assertEquals(ms(330), r.elapsed());
    }
}
