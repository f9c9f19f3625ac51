package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BoundedSemaphoreTest {

    @Test
    void releaseBeyondTheInitialCountThrows() {
        var semaphore = new BoundedSemaphore(2);

        var e = assertThrows(IllegalStateException.class, semaphore::release);

        assertTrue(e.getMessage().contains("2"), e.getMessage());
        assertEquals(2, semaphore.availablePermits());
    }

    @Test
    void releaseAfterAcquireIsAllowedButASecondOneThrows() {
        var semaphore = new BoundedSemaphore(1);
        semaphore.acquire();

        semaphore.release();

        assertThrows(IllegalStateException.class, semaphore::release);
        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void permitClosedTwiceDoesNotCountAsAnOverRelease() {
        var semaphore = new BoundedSemaphore(1);
        var permit = semaphore.acquire();

        permit.close();
        permit.close();

        assertEquals(1, semaphore.availablePermits());
    }

    @Test
    void tryAcquireCountsAsHeldForTheBound() {
        var semaphore = new BoundedSemaphore(1);

        assertTrue(semaphore.tryAcquire());
        semaphore.release();

        assertThrows(IllegalStateException.class, semaphore::release);
    }

    @Test
    void boundedFactoryMakesABoundedSemaphoreOfThatSize() {
        BoundedSemaphore semaphore = Semaphore.bounded(3);

        assertEquals(3, semaphore.bound());
        assertEquals(3, semaphore.availablePermits());
        assertThrows(IllegalStateException.class, semaphore::release);
    }

    @Test
    void cancelledWaiterDoesNotDisturbTheBound() {
        var semaphore = new BoundedSemaphore(1);
        Weft.run(() -> {
            // given a waiter behind the held permit, then cancelled
            var held = semaphore.acquire();
            Task<Object> waiter = Weft.spawn(() -> semaphore.acquire());
            eventually().until(() -> semaphore.queueLength() == 1);
            waiter.cancel();
            assertThrows(CancelledException.class, waiter::join);

            // when the holder gives its permit back
            held.close();
        });

        // then exactly the initial permit is there, and no more may be released
        assertEquals(1, semaphore.availablePermits());
        assertThrows(IllegalStateException.class, semaphore::release);
    }

    @Test
    void withPermitReleasesWithinTheBound() {
        var semaphore = new BoundedSemaphore(1);

        String value = semaphore.withPermit(() -> "done");

        assertEquals("done", value);
        assertEquals(1, semaphore.availablePermits());
        assertThrows(IllegalStateException.class, semaphore::release);
    }

    @Test
    void constructorRejectsNegativePermits() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    /** Awaitility, polling fast: these waits are for a task to get queued, which takes microseconds. */
    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }
}
