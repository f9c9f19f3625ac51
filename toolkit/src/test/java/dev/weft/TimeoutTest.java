package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code try (var t = Weft.timeout(d)) { ... }}; JUnit's own annotation is spelled out: the names clash. */
@org.junit.jupiter.api.Timeout(30)
class TimeoutTest {

    @Test
    void blockedSleepThrowsTimedOutExceptionThatLeavesTheTry() {
        // given
        var reachedAfterSleep = new AtomicBoolean();
        var caught = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when
            try (var t = Weft.timeout(ms(100))) {
                Weft.sleep(Duration.ofSeconds(10));
                reachedAfterSleep.set(true);
            } catch (Throwable e) {
                caught.set(e);
            }
        });

        // then
        assertInstanceOf(TimedOutException.class, caught.get());
        assertFalse(reachedAfterSleep.get());
    }

    @Test
    void taskGoesOnUncancelledAfterTheTimeout() {
        // given
        var wentOn = new AtomicBoolean();

        Weft.run(() -> {
            try (var t = Weft.timeout(ms(50))) {
                Weft.sleep(Duration.ofSeconds(10));
            } catch (TimedOutException e) {
                // expected
            }

            // when
            Weft.sleep(ms(10));
            Weft.checkCancelled();

            // then
            wentOn.set(true);
        });
        assertTrue(wentOn.get());
    }

    @Test
    void jdkBlockingCallIsInterruptedAtTheDeadline() {
        // given
        var interrupted = new AtomicBoolean();
        var interruptFlagAfterwards = new AtomicBoolean(true);

        Weft.run(() -> {
            var never = new CountDownLatch(1);

            // when
            try (var t = Weft.timeout(ms(100))) {
                never.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            } catch (TimedOutException e) {
                // close() may report the deadline the body did not receive: fine here
            }
            interruptFlagAfterwards.set(Thread.currentThread().isInterrupted());
        });

        // then
        assertTrue(interrupted.get());
        assertFalse(interruptFlagAfterwards.get());
    }

    @Test
    void closeThrowsTimedOutWhenTheBodyFinishesAfterTheDeadlineWithoutBlocking() {
        Weft.run(() -> {
            // when the body busy-waits past its deadline, making no Weft call
            assertThrows(TimedOutException.class, () -> {
                try (var t = Weft.timeout(ms(50))) {
                    while (!t.expired()) {
                        Thread.yield();
                    }
                }
            });
        });
    }

    @Test
    void nestedShortOuterFiresThroughALongInnerAndLeavesTheOuterTry() {
        // given
        var outer = new AtomicReference<dev.weft.Timeout>();
        var inner = new AtomicReference<dev.weft.Timeout>();
        var reachedAfterInner = new AtomicBoolean();
        var caught = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when
            try (var o = Weft.timeout(ms(100))) {
                outer.set(o);
                try (var i = Weft.timeout(Duration.ofSeconds(10))) {
                    inner.set(i);
                    Weft.sleep(LONG);
                }
                reachedAfterInner.set(true);
            } catch (Throwable e) {
                caught.set(e);
            }
        });

        // then only the outer deadline passed, and its exception left the outer try
        assertInstanceOf(TimedOutException.class, caught.get());
        assertFalse(reachedAfterInner.get());
        assertTrue(outer.get().expired());
        assertFalse(inner.get().expired());
    }

    @Test
    void nestedInnerRethrownTimedOutStillLeavesTheOuterTry() {
        // given an inner block that catches and rethrows what it sees
        var innerSaw = new AtomicReference<Throwable>();
        var caught = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when
            try (var o = Weft.timeout(ms(100))) {
                try (var i = Weft.timeout(Duration.ofSeconds(10))) {
                    Weft.sleep(LONG);
                } catch (TimedOutException e) {
                    innerSaw.set(e);
                    throw e;
                }
            } catch (Throwable e) {
                caught.set(e);
            }
        });

        // then
        assertInstanceOf(TimedOutException.class, innerSaw.get());
        assertInstanceOf(TimedOutException.class, caught.get());
    }

    @Test
    void nestedShortInnerFiresAndTheOuterBodyGoesOn() {
        // given
        var outer = new AtomicReference<dev.weft.Timeout>();
        var innerCaught = new AtomicBoolean();
        var outerBodyFinished = new AtomicBoolean();

        Weft.run(() -> {
            // when
            try (var o = Weft.timeout(Duration.ofSeconds(10))) {
                outer.set(o);
                try (var i = Weft.timeout(ms(50))) {
                    Weft.sleep(LONG);
                } catch (TimedOutException e) {
                    innerCaught.set(true);
                }
                Weft.sleep(ms(10));
                outerBodyFinished.set(true);
            }
        });

        // then
        assertTrue(innerCaught.get());
        assertTrue(outerBodyFinished.get());
        assertFalse(outer.get().expired());
    }

    @Test
    void outsideCancelInsideATimeoutStaysACancel() {
        // given a task sleeping inside a timeout
        var seenInside = new AtomicReference<Throwable>();
        var task = new AtomicReference<Task<Object>>();

        Weft.run(() -> {
            var sleeping = new CountDownLatch(1);
            task.set(Weft.spawn(() -> {
                try (var t = Weft.timeout(Duration.ofSeconds(10))) {
                    sleeping.countDown();
                    Weft.sleep(LONG);
                } catch (Throwable e) {
                    seenInside.set(e);
                    throw e;
                }
                return null;
            }));
            awaitLatch(sleeping);

            // when
            task.get().cancel();
        });

        // then
        assertInstanceOf(CancelledException.class, seenInside.get());
        assertEquals(Future.State.CANCELLED, task.get().state());
    }

    @Test
    void childrenOfAGroupOpenedInsideAnExpiredTimeoutAreCancelled() {
        // given
        var child = new AtomicReference<Task<Object>>();
        var childSawCancel = new AtomicBoolean();
        var caught = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when the deadline passes while the group waits for its child
            try (var t = Weft.timeout(ms(100))) {
                try (var g = TaskGroup.open()) {
                    child.set(g.spawn(() -> {
                        try {
                            Weft.sleep(LONG);
                        } catch (CancelledException e) {
                            childSawCancel.set(true);
                            throw e;
                        }
                        return null;
                    }));
                }
            } catch (Throwable e) {
                caught.set(e);
            }
        });

        // then
        assertTrue(childSawCancel.get());
        assertEquals(Future.State.CANCELLED, child.get().state());
        assertInstanceOf(TimedOutException.class, caught.get());
    }
}
