package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitBlocked;
import static dev.weft.TestSupport.ms;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventTest {

    @Test
    void setReleasesEveryWaiter() {
        var event = new Event();
        List<String> released = Weft.run(() -> {
            // given three waiting tasks
            List<Task<String>> waiters = new ArrayList<>();
            List<Thread> threads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                String name = "waiter-" + i;
                waiters.add(Weft.spawn(() -> {
                    threads.add(Thread.currentThread());
                    event.waitUntilSet();
                    return name;
                }));
            }
            eventually().until(() -> threads.size() == 3);
            threads.forEach(TestSupport::awaitBlocked);

            // when
            event.set();

            // then
            List<String> names = new ArrayList<>();
            for (Task<String> w : waiters) {
                names.add(w.join());
            }
            return names;
        });
        assertEquals(List.of("waiter-0", "waiter-1", "waiter-2"), released);
        assertTrue(event.isSet());
    }

    @Test
    void waitUntilSetReturnsAtOnceWhenAlreadySet() {
        var event = new Event();
        event.set();

        Weft.run(() -> event.waitUntilSet());

        assertTrue(event.isSet());
    }

    @Test
    void clearMakesLaterWaitersBlockAgain() {
        var event = new Event();
        event.set();

        event.clear();

        assertFalse(event.isSet());
        assertFalse(event.waitUntilSet(ms(20)));
    }

    @Test
    void timedWaitReturnsFalseWhenTheTimeoutPasses() {
        var event = new Event();

        boolean wasSet = Weft.run(() -> event.waitUntilSet(ms(50)));

        assertFalse(wasSet);
    }

    @Test
    void timedWaitReturnsTrueWhenSetMeanwhile() {
        var event = new Event();
        boolean wasSet = Weft.run(() -> {
            var thread = new AtomicReference<Thread>();
            Task<Boolean> waiter = Weft.spawn(() -> {
                thread.set(Thread.currentThread());
                return event.waitUntilSet(LONG);
            });
            eventually().until(() -> thread.get() != null);
            awaitBlocked(thread.get());
            event.set();
            return waiter.join();
        });

        assertTrue(wasSet);
    }

    @Test
    void waiterWokenBySetReturnsEvenIfClearFollowsAtOnce() {
        var event = new Event();
        Weft.run(() -> {
            // given a blocked waiter
            var thread = new AtomicReference<Thread>();
            Task<Object> waiter = Weft.spawn(() -> {
                thread.set(Thread.currentThread());
                event.waitUntilSet();
                return null;
            });
            eventually().until(() -> thread.get() != null);
            awaitBlocked(thread.get());

            // when
            event.set();
            event.clear();

            // then
            waiter.join();
        });
        assertFalse(event.isSet());
    }

    @Test
    void cancellingAWaiterThrowsCancelledException() {
        var event = new Event();
        Weft.run(() -> {
            var thread = new AtomicReference<Thread>();
            Task<Object> waiter = Weft.spawn(() -> {
                thread.set(Thread.currentThread());
                event.waitUntilSet();
                return null;
            });
            eventually().until(() -> thread.get() != null);
            awaitBlocked(thread.get());

            waiter.cancel();

            assertThrows(CancelledException.class, waiter::join);
        });
        assertFalse(event.isSet());
    }

    @Test
    void waitUnderATimeoutThrowsTimedOutException() {
        var event = new Event();

        assertThrows(TimedOutException.class, () -> Weft.run(() -> {
            try (var t = Weft.timeout(ms(50))) {
                event.waitUntilSet();
            }
        }));
    }

    @Test
    void timedWaitRejectsANegativeTimeoutNamingIt() {
        var event = new Event();

        var e = assertThrows(IllegalArgumentException.class, () -> event.waitUntilSet(Duration.ofMillis(-1)));

        assertTrue(e.getMessage().startsWith("timeout"), e.getMessage());
    }

    /** Awaitility, polling fast: these waits are for a task to get queued, which takes microseconds. */
    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }
}
