package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitFor;
import static dev.weft.peers.Peers.awaitDone;
import static dev.weft.peers.Peers.awaitLatch;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.BoundedSemaphore;
import dev.weft.CancelledException;
import dev.weft.Event;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPython Lib/test/test_asyncio/test_locks.py, the Semaphore, BoundedSemaphore and Event parts (Lock and
 * Condition map to the JDK's types). The permit races also run on one carrier thread.
 */
@Tag(Peers.ONE_CARRIER)
@org.junit.jupiter.api.Timeout(60)
class AsyncioLocksTest {
    private static final int ROUNDS = 500;

    // ---- Semaphore ----

    @Test
    void semaphoreWithZeroPermitsIsLockedUntilReleased() {
        // CPython test_locks.py: SemaphoreTests.test_initial_value_zero
        var r = VirtualTime.run(() -> {
            Semaphore sem = new Semaphore(0);
            assertTrue(sem.locked());
            spawn(() -> {
                sleep(ms(10));
                sem.release();
                return null;
            });

            sem.acquire().close();

            assertFalse(sem.locked());
        });

        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void semaphoreCountsPermitsDownAndUp() {
        // CPython test_locks.py: SemaphoreTests.test_semaphore
        Weft.run(() -> {
            Semaphore sem = new Semaphore(1);
            assertEquals(1, sem.availablePermits());
            assertFalse(sem.locked());

            var permit = sem.acquire();
            assertTrue(sem.locked());
            assertEquals(0, sem.availablePermits());

            permit.close();
            assertFalse(sem.locked());
            assertEquals(1, sem.availablePermits());
        });
    }

    @Test
    void negativePermitCountIsRefused() {
        // CPython test_locks.py: SemaphoreTests.test_semaphore_value (ValueError)
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    @Test
    void waitersGetReleasedPermitsFirstComeFirstServed() {
        // CPython test_locks.py: SemaphoreTests.test_acquire
        var order = Collections.synchronizedList(new ArrayList<Integer>());

        VirtualTime.run(() -> {
            Semaphore sem = new Semaphore(1);
            sem.acquire();
            List<Task<Object>> waiters = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int id = i;
                waiters.add(spawn(() -> {
                    try (var p = sem.acquire()) {
                        order.add(id);
                        sleep(ms(1));
                    }
                    return null;
                }));
                sleep(ms(1));                        // queue them in order
            }

            sem.release();

            waiters.forEach(Task::join);
        });

        assertEquals(List.of(1, 2, 3), order);
    }

    @Test
    void cancelledAcquireTakesNoPermitAndLeavesNoWaiter() {
        // CPython test_locks.py: SemaphoreTests.test_acquire_cancel
        VirtualTime.run(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Object> waiter = spawn(() -> sem.acquire());
            sleep(ms(1));

            waiter.cancel();

            assertThrows(CancelledException.class, waiter::join);
            assertEquals(0, sem.queueLength());
            sem.release();
            assertEquals(1, sem.availablePermits());
        });
    }

    @Test
    void permitReleasedToAWaiterCancelledAtThatMomentGoesOnToTheNextWaiter() {
        // CPython test_locks.py: SemaphoreTests.test_acquire_cancel_before_awoken, repeated: release and
        // cancel race; the permit is used once and never lost
        Weft.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                Semaphore sem = new Semaphore(0);
                var acquired = new AtomicInteger();
                var queued = new CountDownLatch(2);
                Task<Object> first = spawn(() -> {
                    queued.countDown();
                    try (var p = sem.acquire()) {
                        acquired.incrementAndGet();
                    }
                    return null;
                });
                Task<Object> second = spawn(() -> {
                    queued.countDown();
                    try (var p = sem.acquire()) {
                        acquired.incrementAndGet();
                    }
                    return null;
                });
                awaitLatch(queued);

                if (round % 2 == 0) {
                    sem.release();
                    first.cancel();
                } else {
                    first.cancel();
                    sem.release();
                }
                awaitDone(first);
                if (acquired.get() == 0) {
                    awaitDone(second);                 // the first did not take it: the second must
                }

                if (!second.isDone()) {
                    second.cancel();
                    awaitDone(second);
                }
                assertTrue(acquired.get() >= 1, "round " + round + ": the released permit was used");
                assertEquals(1, sem.availablePermits(), "round " + round + ": no permit lost or made up");
            }
        });
    }

    @Test
    void waiterCancelledAfterAReleaseDoesNotHangTheNextOne() {
        // CPython test_locks.py: SemaphoreTests.test_acquire_hang
        VirtualTime.run(() -> {
            Semaphore sem = new Semaphore(0);
            // t1 runs in parallel with this task: it may take the permit and pass its wake-up checkpoint
            // before the cancel below, and a cancel that lands after its body returned still ends it
            // cancelled, dropping a returned permit. So t1 gives back what it got; a permit that reaches
            // it cancelled must still go on to t2 (or t2 hangs).
            Task<Object> t1 = spawn(() -> {
                try (var p = sem.acquire()) {
                    return null;
                }
            });
            sleep(ms(1));
            Task<Object> t2 = spawn(() -> sem.acquire());
            sleep(ms(1));

            sem.release();
            t1.cancel();

            awaitDone(t1);
            awaitDone(t2);                           // t2 ends up with the permit either way
            assertTrue(sem.locked());
        });
    }

    @Test
    void cancelledWaiterAheadInLineDoesNotBlockARelease() {
        // CPython test_locks.py: SemaphoreTests.test_acquire_no_hang
        VirtualTime.run(() -> {
            Semaphore sem = new Semaphore(1);
            sem.acquire();
            Task<Object> t1 = spawn(() -> sem.acquire());
            Task<Object> t2 = spawn(() -> sem.acquire());
            sleep(ms(1));

            t1.cancel();
            awaitDone(t1);
            sem.release();

            t2.join();
            assertThrows(TimedOutException.class, () -> waitFor(ms(1), sem::acquire));
        });
    }

    @Test
    void boundedSemaphoreRefusesAReleaseWithoutAcquire() {
        // CPython test_locks.py: BoundedSemaphoreTests.test_release_not_acquired (ValueError)
        BoundedSemaphore sem = Semaphore.bounded(1);

        assertThrows(IllegalStateException.class, sem::release);
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void plainSemaphoreMayBeReleasedAboveItsStart() {
        // CPython test_locks.py: SemaphoreTests.test_release_no_waiters
        Semaphore sem = new Semaphore(1);

        sem.release();

        assertEquals(2, sem.availablePermits());
    }

    @Test
    void permitInTryWithResourcesIsReleasedEvenOnFailure() {
        // CPython test_locks.py: SemaphoreTests.test_context_manager
        Semaphore sem = new Semaphore(2);

        Weft.run(() -> {
            try (var p = sem.acquire()) {
                assertEquals(1, sem.availablePermits());
                throw new IllegalStateException("body fails");
            } catch (IllegalStateException expected) {
                // the permit was returned on the way out
            }
        });

        assertEquals(2, sem.availablePermits());
    }

    @Test
    void withPermitReturnsTheBodysValueAndThePermit() {
        // CPython test_locks.py: SemaphoreTests.test_context_manager, withPermit spelling
        Semaphore sem = new Semaphore(1);

        int v = Weft.run(() -> sem.withPermit(() -> 7));

        assertEquals(7, v);
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void tryAcquireDoesNotJumpAheadOfWaiters() {
        // CPython test_locks.py: SemaphoreTests.test_acquire_fifo_order_2 (no barging)
        VirtualTime.run(() -> {
            Semaphore sem = new Semaphore(1);
            var held = sem.acquire();
            Task<Object> waiter = spawn(() -> sem.acquire());
            sleep(ms(1));

            held.close();

            assertFalse(sem.tryAcquire(), "the waiter was first");
            waiter.join();
        });
    }

    @Test
    void cancelledTaskCannotAcquireAFreePermit() {
        // CPython test_locks.py: SemaphoreTests.test_acquire_cancel (prompt cancellation, issue 11)
        Semaphore sem = new Semaphore(1);

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                return sem.acquire();
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertEquals(1, sem.availablePermits());
    }

    @Test
    void semaphoreBoundsHowManyRunAtOnce() {
        // CPython test_locks.py: SemaphoreTests.test_semaphore (value 3, many tasks)
        var inside = new AtomicInteger();
        var most = new AtomicInteger();

        var r = VirtualTime.run(() -> {
            Semaphore sem = new Semaphore(3);
            for (int i = 0; i < 9; i++) {
                spawn(() -> sem.withPermit(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    sleep(ms(10));
                    inside.decrementAndGet();
                    return null;
                }));
            }
        });

        assertEquals(3, most.get());
        assertEquals(ms(30), r.elapsed());
    }

    // ---- Event ----

    @Test
    void setWakesEveryWaiter() {
        // CPython test_locks.py: EventTests.test_wait
        var woken = new AtomicInteger();

        VirtualTime.run(() -> {
            Event ev = new Event();
            List<Task<Object>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(spawn(() -> {
                    ev.waitUntilSet();
                    woken.incrementAndGet();
                    return null;
                }));
            }
            sleep(ms(1));
            assertEquals(0, woken.get());

            ev.set();

            waiters.forEach(Task::join);
        });

        assertEquals(3, woken.get());
    }

    @Test
    void waitOnASetEventReturnsAtOnce() {
        // CPython test_locks.py: EventTests.test_wait_on_set
        Event ev = new Event();
        ev.set();

        var r = VirtualTime.run(() -> {
            ev.waitUntilSet();
        });

        assertEquals(ms(0), r.elapsed());
    }

    @Test
    void cancelledWaiterLeavesTheOthersWaiting() {
        // CPython test_locks.py: EventTests.test_wait_cancel
        VirtualTime.run(() -> {
            Event ev = new Event();
            Task<Object> cancelled = spawn(() -> {
                ev.waitUntilSet();
                return null;
            });
            Task<Object> other = spawn(() -> {
                ev.waitUntilSet();
                return "woken";
            });
            sleep(ms(1));

            cancelled.cancel();
            assertThrows(CancelledException.class, cancelled::join);
            ev.set();

            assertEquals("woken", other.join());
        });
    }

    @Test
    void clearResetsTheFlag() {
        // CPython test_locks.py: EventTests.test_clear
        Event ev = new Event();
        assertFalse(ev.isSet());

        ev.set();
        assertTrue(ev.isSet());

        ev.clear();
        assertFalse(ev.isSet());
    }

    @Test
    void waitersWokenBySetReturnEvenIfClearFollowsAtOnce() {
        // CPython test_locks.py: EventTests.test_clear_with_waiters
        VirtualTime.run(() -> {
            Event ev = new Event();
            Task<Object> waiter = spawn(() -> {
                ev.waitUntilSet();
                return "woken";
            });
            sleep(ms(1));

            ev.set();
            ev.clear();

            assertEquals("woken", waiter.join());
            assertFalse(ev.isSet());
        });
    }

    @Test
    void cancelledTaskCannotPassASetEvent() {
        // CPython test_locks.py: EventTests.test_wait_cancel (prompt cancellation, issue 11: a Weft wait
        // throws in a cancelled task even if what it waits for is there)
        Event ev = new Event();
        ev.set();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                ev.waitUntilSet();
                return null;
            });

            assertThrows(CancelledException.class, task::join);
        });
    }

    @Test
    void timedWaitReportsWhetherTheEventWasSet() {
        // CPython test_locks.py: EventTests.test_wait (under wait_for)
        Weft.run(() -> {
            Event ev = new Event();
            assertFalse(ev.waitUntilSet(ms(5)));

            ev.set();

            assertTrue(ev.waitUntilSet(ms(5)));
        });
    }

    @Test
    void eventCanBeSetFromAPlainThread() {
        // CPython test_locks.py: EventTests (loop.call_soon_threadsafe(ev.set) in the thread-safety tests)
        var woke = new AtomicBoolean();

        Weft.run(() -> {
            Event ev = new Event();
            Task<Object> waiter = spawn(() -> {
                ev.waitUntilSet();
                woke.set(true);
                return null;
            });
            Thread plain = new Thread(ev::set);
            plain.start();

            waiter.join();
            plain.join();
        });

        assertTrue(woke.get());
    }
}
