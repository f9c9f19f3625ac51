package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.BoundedSemaphore;
import dev.weft.Event;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Trio src/trio/_tests/test_sync.py: Event, Semaphore, CapacityLimiter and the generic lock tests on Semaphore(1). */
@Tag(Peers.ONE_CARRIER)
@org.junit.jupiter.api.Timeout(60)
class TrioSyncTest {

    @Test
    void eventStartsClearAndReleasesEveryWaiterWhenSet() {
        // Trio test_sync.py: test_Event
        var record = Collections.synchronizedList(new ArrayList<String>());

        VirtualTime.run(() -> {
            Event e = new Event();
            assertFalse(e.isSet());
            spawn(() -> {
                e.waitUntilSet();
                record.add("woken 1");
                return null;
            });
            spawn(() -> {
                e.waitUntilSet();
                record.add("woken 2");
                return null;
            });
            sleep(ms(1));
            assertTrue(record.isEmpty());

            e.set();
            assertTrue(e.isSet());
            e.waitUntilSet();                 // passes at once
        });

        assertEquals(2, record.size());
    }

    @Test
    void semaphoreHandsOutPermitsWithoutWaitingUntilNoneIsLeft() {
        // Trio test_sync.py: test_Semaphore (acquire_nowait is tryAcquire)
        Semaphore s = new Semaphore(1);

        assertTrue(s.tryAcquire());
        assertFalse(s.tryAcquire());
        assertEquals(0, s.availablePermits());

        s.release();

        assertEquals(1, s.availablePermits());
        assertTrue(s.tryAcquire());
    }

    @Test
    void semaphoreWakesItsWaitersInArrivalOrder() {
        // Trio test_sync.py: test_Semaphore (the waiters part)
        var record = Collections.synchronizedList(new ArrayList<String>());

        VirtualTime.run(() -> {
            Semaphore s = new Semaphore(0);
            for (String name : List.of("a", "b", "c")) {
                spawn(() -> {
                    s.acquire();
                    record.add(name);
                    return null;
                });
                sleep(ms(1));
            }
            assertEquals(3, s.queueLength());

            for (int i = 0; i < 3; i++) {
                s.release();
                sleep(ms(1));
            }
        });

        assertEquals(List.of("a", "b", "c"), record);
    }

    @Test
    void negativeInitialValueIsRefused() {
        // Trio test_sync.py: test_Semaphore (Semaphore(-1) raises ValueError)
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    }

    @Test
    void boundedSemaphoreRefusesToGoAboveItsBound() {
        // Trio test_sync.py: test_Semaphore_bounded (max_value)
        BoundedSemaphore bs = Semaphore.bounded(1);
        assertEquals(1, bs.bound());

        assertThrows(IllegalStateException.class, bs::release);

        assertTrue(bs.tryAcquire());
        bs.release();
        assertEquals(1, bs.availablePermits());
    }

    @Test
    void semaphoreOfOneExcludesConcurrentHolders() {
        // Trio test_sync.py: test_generic_lock_exclusion (on real threads, many rounds)
        var inside = new AtomicInteger();
        var overlaps = new AtomicInteger();
        var total = new AtomicInteger();

        Weft.run(() -> {
            Semaphore lock = new Semaphore(1);
            TaskGroup.run(g -> {
                for (int t = 0; t < 8; t++) {
                    g.spawn(() -> {
                        for (int i = 0; i < 200; i++) {
                            try (var p = lock.acquire()) {
                                if (inside.incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                Thread.yield();
                                inside.decrementAndGet();
                                total.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
        });

        assertEquals(0, overlaps.get());
        assertEquals(1600, total.get());
    }

    @Test
    void semaphoreOfOneIsFairAmongTasksThatReacquire() {
        // Trio test_sync.py: test_generic_lock_fifo_fairness
        var record = Collections.synchronizedList(new ArrayList<Integer>());

        VirtualTime.run(() -> {
            Semaphore lock = new Semaphore(1);
            var held = lock.acquire();
            for (int id = 0; id < 3; id++) {
                int me = id;
                spawn(() -> {
                    for (int round = 0; round < 3; round++) {
                        try (var p = lock.acquire()) {
                            record.add(me);
                            sleep(ms(1)); // holds the lock until the releaser is back in line (Trio's checkpoint)
                        }
                    }
                    return null;
                });
                sleep(ms(1));                    // queue them 0, 1, 2
            }

            held.close();
        });

        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2), record);
    }

    @Test
    void permitTakenWithoutWaitingMakesTheNextAcquireWait() {
        // Trio test_sync.py: test_generic_lock_acquire_nowait_blocks_acquire
        var r = VirtualTime.run(() -> {
            Semaphore lock = new Semaphore(1);
            assertTrue(lock.tryAcquire());
            Task<String> waiter = spawn(() -> {
                lock.acquire();
                return "got it";
            });
            sleep(ms(10));
            assertFalse(waiter.isDone());

            lock.release();

            return waiter.join();
        });

        assertEquals("got it", r.value());
        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void semaphoreUsedAsACapacityLimiterKeepsTheCountOfWaiters() {
        // Trio test_sync.py: test_CapacityLimiter (total_tokens, borrowed and waiting counts)
        VirtualTime.run(() -> {
            Semaphore limiter = new Semaphore(2);
            var a = limiter.acquire();
            var b = limiter.acquire();
            Task<Object> waiter = spawn(() -> limiter.acquire());
            sleep(ms(1));
            assertEquals(0, limiter.availablePermits());
            assertEquals(1, limiter.queueLength());

            a.close();
            waiter.join();

            assertEquals(0, limiter.queueLength());
            b.close();
            assertEquals(1, limiter.availablePermits());
        });
    }

    @Test
    void permitIsReleasedOnlyOnceEvenIfClosedTwice() {
        // Trio test_sync.py: test_CapacityLimiter (release_on_behalf_of of a token not held raises); a
        // Weft Permit is idempotent instead
        Semaphore s = new Semaphore(1);

        Weft.run(() -> {
            var p = s.acquire();
            p.close();
            p.close();
            assertTrue(p.isReleased());
        });

        assertEquals(1, s.availablePermits());
    }
}
