package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RateLimiterTest {

    @Test
    void burstPassesAtOnceThenTheBucketIsEmpty() {
        var limiter = RateLimiter.of(3, Duration.ofHours(1));

        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void burstCanBeSmallerThanTheRate() {
        var limiter = RateLimiter.of(10, Duration.ofHours(1), 2);

        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void acquisitionsStayWithinBurstPlusRateAndCannotRunAhead() {
        // given 10 per 200 ms (one token every 20 ms) with a burst of 3, and 30 tasks
        int permits = 10;
        int burst = 3;
        long periodNanos = ms(200).toNanos();
        long start = System.nanoTime();
        var limiter = RateLimiter.of(permits, Duration.ofNanos(periodNanos), burst);
        List<Long> completedAt = new CopyOnWriteArrayList<>();
        List<Callable<Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bodies.add(() -> {
                limiter.acquire();
                completedAt.add(System.nanoTime() - start);
                return null;
            });
        }

        // when
        Weft.run(() -> Weft.gather(bodies));

        // then no more than burst + the refill within the first period got through in it
        long inFirstPeriod = completedAt.stream().filter(t -> t < periodNanos).count();
        assertTrue(inFirstPeriod <= burst + permits, "in the first period: " + inFirstPeriod);
        // and the last one could not have come before (30 - burst) intervals had passed
        long last = completedAt.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(last >= (30 - burst) * (periodNanos / permits), "last after " + last + " ns");
    }

    @Test
    void waitersAreServedInArrivalOrder() {
        // given a drained limiter of one token per 100 ms and five waiters queued one after the other
        var limiter = RateLimiter.of(1, ms(100), 1);
        assertTrue(limiter.tryAcquire());
        List<Integer> order = new CopyOnWriteArrayList<>();

        // when
        Weft.run(() -> {
            for (int i = 0; i < 5; i++) {
                int id = i;
                Weft.spawn(() -> {
                    limiter.acquire();
                    order.add(id);
                    return null;
                });
                eventually().until(() -> limiter.queueLength() + order.size() == id + 1);
            }
        });

        // then
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void tryAcquireDoesNotTakeATokenAheadOfAWaiter() {
        // given a limiter whose next token is due in 300 ms, and a task waiting for it
        var limiter = RateLimiter.of(1, ms(300), 1);
        assertTrue(limiter.tryAcquire());
        var waiterServed = new CountDownLatch(1);
        Weft.run(() -> {
            Weft.spawn(() -> {
                limiter.acquire();
                waiterServed.countDown();
                return null;
            });
            eventually().until(() -> limiter.queueLength() == 1 || waiterServed.getCount() == 0);

            // when a newcomer keeps trying until the waiter has been served
            var newcomerGotOne = new AtomicBoolean();
            eventually().pollInterval(ms(5)).until(() -> {
                if (limiter.tryAcquire()) {
                    newcomerGotOne.set(true);
                }
                return waiterServed.getCount() == 0;
            });

            // then
            assertFalse(newcomerGotOne.get());
        });
    }

    @Test
    void cancellingAWaiterThrowsCancelledExceptionAndLeavesTheQueue() {
        var limiter = RateLimiter.of(1, Duration.ofHours(1));
        assertTrue(limiter.tryAcquire());
        Weft.run(() -> {
            // given
            Task<Object> waiter = Weft.spawn(() -> {
                limiter.acquire();
                return null;
            });
            eventually().until(() -> limiter.queueLength() == 1);

            // when
            waiter.cancel();

            // then
            assertThrows(CancelledException.class, waiter::join);
        });
        assertEquals(0, limiter.queueLength());
    }

    @Test
    void cancellingTheFirstWaiterLetsTheNextOneThrough() {
        // given two waiters on a drained limiter of one token per 300 ms
        var limiter = RateLimiter.of(1, ms(300), 1);
        assertTrue(limiter.tryAcquire());
        var secondServed = new CountDownLatch(1);
        Weft.run(() -> {
            Task<Object> first = Weft.spawn(() -> {
                limiter.acquire();
                Weft.sleep(LONG); // keeps its token; only here so the test can tell who got it
                return null;
            });
            eventually().until(() -> limiter.queueLength() == 1);
            Weft.spawn(() -> {
                limiter.acquire();
                secondServed.countDown();
                return null;
            });
            eventually().until(() -> limiter.queueLength() == 2 || secondServed.getCount() == 0);

            // when
            first.cancel();

            // then
            awaitLatch(secondServed);
        });
    }

    @Test
    void acquireUnderATimeoutThrowsTimedOutException() {
        var limiter = RateLimiter.of(1, Duration.ofHours(1));
        assertTrue(limiter.tryAcquire());

        assertThrows(TimedOutException.class, () -> Weft.run(() -> {
            try (var t = Weft.timeout(ms(50))) {
                limiter.acquire();
            }
        }));

        assertEquals(0, limiter.queueLength());
    }

    @Test
    void factoryRejectsBadArgumentsNamingThem() {
        var permits = assertThrows(IllegalArgumentException.class, () -> RateLimiter.of(0, Duration.ofSeconds(1)));
        var period = assertThrows(IllegalArgumentException.class, () -> RateLimiter.of(1, Duration.ZERO));
        var burst = assertThrows(IllegalArgumentException.class, () -> RateLimiter.of(1, Duration.ofSeconds(1), 0));
        var nullPeriod = assertThrows(NullPointerException.class, () -> RateLimiter.of(1, null));

        assertTrue(permits.getMessage().startsWith("permits"), permits.getMessage());
        assertTrue(period.getMessage().startsWith("period"), period.getMessage());
        assertTrue(burst.getMessage().startsWith("burst"), burst.getMessage());
        assertEquals("period", nullPeriod.getMessage());
    }

    /** Awaitility, polling fast: these waits are for a task to get queued, which takes microseconds. */
    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }
}
