package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SemaphoreTest {

    @Test
    void waitersGetPermitsInArrivalOrder() {
        // given five tasks queued one after the other on an empty semaphore
        var semaphore = new Semaphore(0);
        List<Integer> order = new CopyOnWriteArrayList<>();
        Weft.run(() -> {
            for (int i = 0; i < 5; i++) {
                int id = i;
                Weft.spawn(() -> {
                    semaphore.acquire();
                    order.add(id);
                    return null;
                });
                eventually().until(() -> semaphore.queueLength() == id + 1);
            }

            // when permits are released one at a time
            for (int i = 0; i < 5; i++) {
                int served = i + 1;
                semaphore.release();
                eventually().until(() -> order.size() == served);
            }
        });

        // then
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void tryAcquireDoesNotTakeAReleasedPermitAheadOfAWaiter() {
        var semaphore = new Semaphore(0);
        var waiterHasIt = new CountDownLatch(1);
        Weft.run(() -> {
            // given a waiter
            Weft.spawn(() -> {
                semaphore.acquire();
                waiterHasIt.countDown();
                return null;
            });
            eventually().until(() -> semaphore.queueLength() == 1);

            // when a permit is released and a newcomer tries at once
            semaphore.release();
            boolean newcomerGotIt = semaphore.tryAcquire();

            // then the permit is the waiter's
            assertFalse(newcomerGotIt);
            awaitLatch(waiterHasIt);
        });
        assertEquals(0, semaphore.availablePermits());
    }

    @Test
    void tryAcquireTakesAFreePermitAndFailsWhenNoneIsLeft() {
        var semaphore = new Semaphore(1);

        assertTrue(semaphore.tryAcquire());
        assertFalse(semaphore.tryAcquire());
        semaphore.release();
        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void permitReleasesOnceWhenClosedTwice() {
        var semaphore = new Semaphore(1);
        Semaphore.Permit permit = semaphore.acquire();

        permit.close();
        permit.close();

        assertTrue(permit.isReleased());
        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void tryWithResourcesReleasesThePermitWhenTheBodyFails() {
        var semaphore = new Semaphore(2);

        assertThrows(IllegalStateException.class, () -> {
            try (var permit = semaphore.acquire()) {
                assertEquals(1, semaphore.availablePermits());
                throw new IllegalStateException("boom");
            }
        });

        assertEquals(2, semaphore.availablePermits());
    }

    @Test
    void withPermitLimitsHowManyBodiesRunAtOnce() throws InterruptedException {
        // given 30 bodies behind a semaphore of 3, each held until the gate opens
        var semaphore = new Semaphore(3);
        var inFlight = new AtomicInteger();
        var maxInFlight = new AtomicInteger();
        var gate = new CountDownLatch(1);
        List<Callable<Integer>> bodies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int id = i;
            bodies.add(() -> semaphore.withPermit(() -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                awaitLatch(gate);
                inFlight.decrementAndGet();
                return id;
            }));
        }

        // when
        List<Integer> results = Weft.run(() -> {
            Task<List<Integer>> all = Weft.spawn(() -> Weft.gather(bodies));
            eventually().until(() -> inFlight.get() == 3 && semaphore.queueLength() == 27);
            gate.countDown();
            return all.join();
        });

        // then
        assertEquals(3, maxInFlight.get());
        assertEquals(30, results.size());
        assertEquals(3, semaphore.availablePermits());
    }

    @Test
    void withPermitRethrowsAnUncheckedExceptionAsItselfAndReleases() {
        var semaphore = new Semaphore(1);
        var boom = new IllegalArgumentException("boom");

        var thrown = assertThrows(IllegalArgumentException.class, () -> semaphore.withPermit(() -> {
            throw boom;
        }));

        assertSame(boom, thrown);
        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void withPermitWrapsACheckedExceptionInTaskFailedExceptionAndReleases() {
        var semaphore = new Semaphore(1);
        var io = new IOException("disk");

        var thrown = assertThrows(TaskFailedException.class, () -> semaphore.withPermit(() -> {
            throw io;
        }));

        assertSame(io, thrown.getCause());
        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void cancellingAWaiterThrowsCancelledExceptionAndLosesNoPermit() {
        var semaphore = new Semaphore(1);
        Weft.run(() -> {
            // given a waiter behind a held permit
            Semaphore.Permit held = semaphore.acquire();
            Task<Object> waiter = Weft.spawn(() -> {
                semaphore.acquire();
                return null;
            });
            eventually().until(() -> semaphore.queueLength() == 1);

            // when
            waiter.cancel();

            // then
            assertThrows(CancelledException.class, waiter::join);
            held.close();
        });
        assertEquals(1, semaphore.availablePermits());
        assertEquals(0, semaphore.queueLength());
    }

    @Test
    void acquireUnderATimeoutThrowsTimedOutExceptionAndLosesNoPermit() {
        var semaphore = new Semaphore(1);
        Weft.run(() -> {
            // given the only permit is held
            Semaphore.Permit held = semaphore.acquire();

            // when another task waits under a timeout
            Task<Throwable> waiter = Weft.spawn(() -> assertThrows(TimedOutException.class, () -> {
                try (var t = Weft.timeout(ms(50))) {
                    semaphore.acquire();
                }
            }));

            // then
            assertTrue(waiter.join().getMessage().contains("50 ms"), waiter.join().getMessage());
            held.close();
        });
        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void releasedPermitReachesTheNextWaiterWhenTheFirstIsCancelledMeanwhile() {
        for (int round = 0; round < 200; round++) {
            // given two waiters on an empty semaphore, each giving its permit back
            var semaphore = new Semaphore(0);
            var secondServed = new CountDownLatch(1);
            Weft.run(() -> {
                Task<Object> first = Weft.spawn(() -> {
                    try (var p = semaphore.acquire()) {
                        return null;
                    }
                });
                eventually().until(() -> semaphore.queueLength() == 1);
                Weft.spawn(() -> {
                    try (var p = semaphore.acquire()) {
                        secondServed.countDown();
                    }
                    return null;
                });
                eventually().until(() -> semaphore.queueLength() == 2);

                // when the permit is released while the first waiter is being cancelled
                Task<Object> canceller = Weft.spawn(() -> first.cancel());
                semaphore.release();
                canceller.join();

                // then the second waiter is served either way
                awaitLatch(secondServed);
            });
            assertEquals(1, semaphore.availablePermits(), "round " + round);
        }
    }

    @Test
    void permitCountReturnsToItsInitialValueAfterManyRandomCancels() {
        // given 1,000 tasks competing for 10 permits, some under short timeouts
        var semaphore = new Semaphore(10);
        var maxInFlight = new AtomicInteger();
        var inFlight = new AtomicInteger();
        var completed = new AtomicInteger();
        List<Task<Object>> tasks = new ArrayList<>();
        Weft.run(() -> {
            for (int i = 0; i < 1_000; i++) {
                boolean underTimeout = i % 7 == 0;
                tasks.add(Weft.spawn(() -> {
                    if (underTimeout) {
                        try (var t = Weft.timeout(ms(ThreadLocalRandom.current().nextInt(1, 5)))) {
                            holdBriefly(semaphore, inFlight, maxInFlight);
                        } catch (TimedOutException e) {
                            return null;
                        }
                    } else {
                        holdBriefly(semaphore, inFlight, maxInFlight);
                    }
                    completed.incrementAndGet();
                    return null;
                }));
            }

            // when a third of them are cancelled at random moments
            var random = ThreadLocalRandom.current();
            for (int i = 0; i < 333; i++) {
                tasks.get(random.nextInt(tasks.size())).cancel();
                if (random.nextInt(10) == 0) {
                    Weft.sleep(ms(1));
                }
            }
        });

        // then
        assertEquals(10, semaphore.availablePermits());
        assertEquals(0, semaphore.queueLength());
        assertTrue(maxInFlight.get() <= 10, "max in flight " + maxInFlight.get());
        assertTrue(completed.get() > 0);
        assertTrue(tasks.stream().anyMatch(Task::isCancelled));
    }

    @Test
    void constructorRejectsNegativePermitsNamingTheArgument() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));

        assertTrue(e.getMessage().contains("permits"), e.getMessage());
    }

    @Test
    void withPermitRejectsANullBodyNamingTheArgument() {
        var semaphore = new Semaphore(1);

        var e = assertThrows(NullPointerException.class, () -> semaphore.withPermit((Callable<Object>) null));

        assertEquals("body", e.getMessage());
        assertEquals(1, semaphore.availablePermits());
    }

    private static void holdBriefly(Semaphore semaphore, AtomicInteger inFlight, AtomicInteger maxInFlight) {
        semaphore.withPermit(() -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Weft.sleep(ms(ThreadLocalRandom.current().nextInt(0, 2)));
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** Awaitility, polling fast: these waits are for a task to get queued, which takes microseconds. */
    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }
}
