package dev.weft;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Small waiting helpers shared by the tests: never sleep-and-hope, always wait for a fact. */
final class TestSupport {
    /** Long enough that a test only passes if something interrupts it. */
    static final Duration LONG = Duration.ofMinutes(1);

    private TestSupport() {
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Waits for {@code latch}; fails the test (instead of hanging) if it is not released within 10 s. */
    static void awaitLatch(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("latch not released within 10 s");
        }
    }

    /** Waits until {@code thread} is parked (blocked in a call such as {@code Weft.sleep}). */
    static void awaitBlocked(Thread thread) {
        await().atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(ms(2))
                .until(() -> {
                    Thread.State state = thread.getState();
                    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
                });
    }

    /** Busy work that no interrupt can shorten: simulated slow cleanup, or CPU-bound work. */
    static void spin(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.yield();
        }
    }
}
