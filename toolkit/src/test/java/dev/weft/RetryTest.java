package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Weft.retry} and {@link RetryPolicy}, timed in virtual time. */
@Timeout(30)
class RetryTest {

    @BeforeAll
    static void warmUp() {
        ResilienceWarmUp.once();
    }

    /** A failure that names its attempt. */
    static final class Flaky extends RuntimeException {
        Flaky(int attempt) {
            super("attempt " + attempt);
        }
    }

    private static RetryPolicy.Builder exponential() {
        return RetryPolicy.builder()
                .exponentialBackoff(ms(100), 2.0, Duration.ofSeconds(10))
                .jitter(RetryPolicy.Jitter.NONE);
    }

    /** Runs a retry of a body that always fails, in virtual time; returns the attempts' start times in ms. */
    private static List<Long> startsOfAlwaysFailing(RetryPolicy policy) {
        List<Long> starts = new ArrayList<>();
        Virtually.run(() -> {
            assertThrows(Flaky.class, () -> Weft.retry(policy, () -> {
                starts.add(VirtualTime.elapsed().toMillis());
                throw new Flaky(starts.size());
            }));
        });
        return starts;
    }

    @Test
    void exponentialScheduleWithoutJitterStartsAttemptsAtExactVirtualTimes() {
        // given 4 attempts, 100 ms doubling, no jitter
        RetryPolicy policy = exponential().maxAttempts(4).build();

        // when every attempt fails
        List<Long> starts = startsOfAlwaysFailing(policy);

        // then the attempts start at 0, 100, 300 and 700 ms
        assertEquals(List.of(0L, 100L, 300L, 700L), starts);
    }

    @Test
    void seededFullJitterGivesTheSameExactScheduleEveryRun() {
        // given full jitter drawn from a seeded Random
        RetryPolicy.Builder b = exponential().maxAttempts(5).jitter(RetryPolicy.Jitter.FULL);

        // when run twice with the same seed
        List<Long> first = startsOfAlwaysFailing(b.random(new Random(42)).build());
        List<Long> second = startsOfAlwaysFailing(b.random(new Random(42)).build());

        // then both schedules are this one: Random(42) draws 0.7276, 0.6832, 0.3087, 0.2771, so the delays
        // are 72.8 of 100, 136.6 of 200, 123.5 of 400 and 221.7 of 800 ms (start times truncated to ms)
        assertEquals(List.of(0L, 72L, 209L, 332L, 554L), first);
        assertEquals(first, second);
    }

    @Test
    void seededEqualAndDecorrelatedJitterStayWithinTheirBounds() {
        for (RetryPolicy.Jitter jitter : List.of(RetryPolicy.Jitter.EQUAL, RetryPolicy.Jitter.DECORRELATED)) {
            // given
            RetryPolicy policy = exponential().maxAttempts(6).jitter(jitter).random(new Random(7)).build();

            // when
            List<Long> starts = startsOfAlwaysFailing(policy);

            // then each delay is within the jitter's range
            long previous = 100;
            for (int k = 1; k < starts.size(); k++) {
                long delay = starts.get(k) - starts.get(k - 1);
                long base = 100L << (k - 1);
                if (jitter == RetryPolicy.Jitter.EQUAL) {
                    assertTrue(delay >= base / 2 && delay <= base, jitter + " delay " + k + ": " + delay);
                } else {
                    assertTrue(delay >= 100 && delay <= Math.max(100, previous * 3), jitter + " delay " + k + ": " + delay);
                    previous = delay;
                }
            }
        }
    }

    @Test
    void theLastFailureIsThrownWithEveryEarlierOneSuppressedAndWhyItGaveUp() {
        // given
        RetryPolicy policy = exponential().maxAttempts(3).build();
        List<Flaky> thrown = new ArrayList<>();

        // when
        Flaky last = assertThrows(Flaky.class, () -> Virtually.run(() -> Weft.retry(policy, () -> {
            Flaky f = new Flaky(thrown.size() + 1);
            thrown.add(f);
            throw f;
        })));

        // then the third attempt's failure carries the first two and the reason
        assertSame(thrown.get(2), last);
        Throwable[] suppressed = last.getSuppressed();
        assertEquals(3, suppressed.length, Arrays.toString(suppressed));
        assertSame(thrown.get(0), suppressed[0]);
        assertSame(thrown.get(1), suppressed[1]);
        RetryGaveUpException why = RetryGaveUpException.on(last).orElseThrow();
        assertEquals(RetryGaveUpException.Reason.MAX_ATTEMPTS, why.reason());
        assertEquals(3, why.attempts());
        assertEquals(ms(300), why.elapsed());
    }

    @Test
    void aSuccessAfterFailuresReturnsItsValue() {
        // given a body that fails twice
        AtomicInteger attempts = new AtomicInteger();

        // when
        VirtualTime.Result<String> r = Virtually.run(() -> Weft.retry(exponential().maxAttempts(5).build(), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new Flaky(attempts.get());
            }
            return "ok";
        }));

        // then
        assertEquals("ok", r.value());
        assertEquals(3, attempts.get());
        assertEquals(ms(300), r.elapsed());
    }

    @Test
    void givesUpBeforeSleepingPastTheEnclosingDeadline() {
        // given attempts every 100 ms under a deadline of 250 ms
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).fixedDelay(ms(100))
                .jitter(RetryPolicy.Jitter.NONE).build();
        List<Long> starts = new ArrayList<>();

        // when
        Flaky[] failure = new Flaky[1];
        VirtualTime.Result<Void> r = Virtually.run(() -> {
            failure[0] = assertThrows(Flaky.class, () -> Weft.waitFor(ms(250), () -> Weft.retry(policy, () -> {
                starts.add(VirtualTime.elapsed().toMillis());
                throw new Flaky(starts.size());
            })));
        });

        // then it stopped at 200 ms, after the third attempt, with the attempt's failure, not a timeout
        assertEquals(List.of(0L, 100L, 200L), starts);
        assertEquals(ms(200), r.elapsed());
        RetryGaveUpException why = RetryGaveUpException.on(failure[0]).orElseThrow();
        assertEquals(RetryGaveUpException.Reason.DEADLINE, why.reason());
        assertTrue(why.getMessage().contains("PT0.05S"), why.getMessage());
    }

    @Test
    void stopsWhenTheNextAttemptWouldStartAfterMaxElapsed() {
        // given
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).fixedDelay(ms(100)).jitter(RetryPolicy.Jitter.NONE)
                .maxElapsed(ms(250)).build();

        // when
        List<Long> starts = new ArrayList<>();
        Flaky f = assertThrows(Flaky.class, () -> Virtually.run(() -> Weft.retry(policy, () -> {
            starts.add(VirtualTime.elapsed().toMillis());
            throw new Flaky(starts.size());
        })));

        // then
        assertEquals(List.of(0L, 100L, 200L), starts);
        assertEquals(RetryGaveUpException.Reason.MAX_ELAPSED, RetryGaveUpException.on(f).orElseThrow().reason());
    }

    @Test
    void neverRetriesACancellation() {
        // given a body that throws a cancellation
        AtomicInteger attempts = new AtomicInteger();

        // when
        assertThrows(CancelledException.class, () -> Virtually.run(() -> Weft.retry(exponential().maxAttempts(5).build(), () -> {
            attempts.incrementAndGet();
            throw new CancelledException("stop");
        })));

        // then
        assertEquals(1, attempts.get());
    }

    @Test
    void neverRetriesTheEnclosingDeadline() {
        // given a body slower than the deadline around the retry
        AtomicInteger attempts = new AtomicInteger();

        // when
        VirtualTime.Result<Void> r = Virtually.run(() -> {
            assertThrows(TimedOutException.class, () -> Weft.waitFor(Duration.ofSeconds(1),
                    () -> Weft.retry(exponential().maxAttempts(5).build(), () -> {
                        attempts.incrementAndGet();
                        Weft.sleep(Duration.ofHours(1));
                        return "late";
                    })));
        });

        // then the deadline ended the only attempt
        assertEquals(1, attempts.get());
        assertEquals(Duration.ofSeconds(1), r.elapsed());
    }

    @Test
    void retriesATimeoutOfTheAttemptItself() {
        // given a per-attempt timeout inside the retry
        AtomicInteger attempts = new AtomicInteger();

        // when
        TimedOutException last = assertThrows(TimedOutException.class, () -> Virtually.run(
                () -> Weft.retry(exponential().maxAttempts(3).build(), () -> Weft.waitFor(ms(50), () -> {
                    attempts.incrementAndGet();
                    Weft.sleep(Duration.ofHours(1));
                    return "late";
                }))));

        // then each attempt timed out and was retried
        assertEquals(3, attempts.get());
        assertEquals(3, last.getSuppressed().length);
    }

    @Test
    void aFailureThePolicyDoesNotRetryIsThrownAtOnceWithTheEarlierOnes() {
        // given a policy that retries only Flaky
        RetryPolicy policy = exponential().maxAttempts(5).retryOn(e -> e instanceof Flaky).build();
        AtomicInteger attempts = new AtomicInteger();

        // when the second attempt fails otherwise
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Virtually.run(() -> Weft.retry(policy, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new Flaky(1);
            }
            throw new IllegalStateException("fatal");
        })));

        // then
        assertEquals(2, attempts.get());
        assertInstanceOf(Flaky.class, e.getSuppressed()[0]);
        assertTrue(RetryGaveUpException.on(e).isEmpty());
    }

    @Test
    void aCheckedFailureArrivesWrappedWithTheEarlierOnesOnTheWrapper() {
        // given
        AtomicInteger attempts = new AtomicInteger();

        // when
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> Virtually.run(
                () -> Weft.retry(exponential().maxAttempts(2).build(), () -> {
                    throw new IOException("io " + attempts.incrementAndGet());
                })));

        // then
        assertEquals("io 2", e.getCause().getMessage());
        assertEquals("io 1", e.getSuppressed()[0].getMessage());
        assertEquals(RetryGaveUpException.Reason.MAX_ATTEMPTS, RetryGaveUpException.on(e).orElseThrow().reason());
    }

    @Test
    void retriesResultsThePolicyRejectsAndReturnsTheLastWhenAttemptsRunOut() {
        // given a policy that retries negative numbers
        RetryPolicy policy = exponential().maxAttempts(3).retryOnResult(Integer.class, n -> n < 0).build();
        AtomicInteger attempts = new AtomicInteger();

        // when every result is negative
        VirtualTime.Result<Integer> r = Virtually.run(() -> Weft.retry(policy, () -> -attempts.incrementAndGet()));

        // then the last one is returned after three attempts
        assertEquals(-3, r.value());
        assertEquals(ms(300), r.elapsed());
    }

    @Test
    void aSharedBudgetStopsRetriesWhenTooManyAttemptsFailAndSuccessesRefillIt() {
        // given a budget of 4 tokens (retries allowed above 2), a success gives back 1
        RetryBudget budget = RetryBudget.of(4, 1.0);
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).fixedDelay(Duration.ZERO).budget(budget).build();
        AtomicInteger attempts = new AtomicInteger();
        Callable0 failing = () -> Weft.retry(policy, () -> {
            attempts.incrementAndGet();
            throw new Flaky(attempts.get());
        });

        Virtually.run(() -> {
            // when the first call fails: 4 -> 3 (retry) -> 2 (no retry)
            Flaky f = assertThrows(Flaky.class, failing::call);
            assertEquals(2, attempts.get());
            assertEquals(RetryGaveUpException.Reason.BUDGET, RetryGaveUpException.on(f).orElseThrow().reason());

            // then a second call gets one attempt only: 2 -> 1
            assertThrows(Flaky.class, failing::call);
            assertEquals(3, attempts.get());

            // and two successes bring it back to 3, above the threshold
            Weft.retry(policy, () -> "ok");
            Weft.retry(policy, () -> "ok");
            assertEquals(3.0, budget.tokens());
            assertTrue(budget.allowsRetry());
        });
    }

    @Test
    void aCancelDuringTheDelayEndsTheRetryWithoutAnotherAttempt() {
        // given a retry sleeping an hour between attempts
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).fixedDelay(Duration.ofHours(1)).build();

        Virtually.run(() -> {
            Task<String> t = Weft.spawn(() -> Weft.retry(policy, () -> {
                attempts.incrementAndGet();
                throw new Flaky(1);
            }));
            Weft.sleep(ms(10));

            // when
            t.cancel();

            // then
            assertThrows(CancelledException.class, t::join);
            assertTrue(t.isCancelled());
            assertEquals(1, attempts.get());
        });
    }

    /** A call that may throw anything, for assertThrows. */
    @FunctionalInterface
    interface Callable0 {
        Object call() throws Exception;
    }
}
