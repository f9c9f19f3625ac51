package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.timeout;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.ms;
import static dev.weft.peers.Peers.spin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Timeout;
import dev.weft.Weft;
import dev.weft.peers.Peers.Boom;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** CPython Lib/test/test_asyncio/test_timeouts.py, ported to {@code try (var t = Weft.timeout(d))}. */
@org.junit.jupiter.api.Timeout(30)
class AsyncioTimeoutsTest {

    @Test
    void timeoutEndsABlockedSleepAtTheDeadlineAndReportsExpired() {
        // CPython test_timeouts.py: test_timeout_basic
        var cm = new AtomicReference<Timeout>();

        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(ms(10))) {
                    cm.set(t);
                    sleep(Duration.ofSeconds(10));
                }
            });
        });

        assertTrue(cm.get().expired());
        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void onlyTheTimeoutWhoseDeadlinePassedExpiresWhenTimeoutsNest() {
        // CPython test_timeouts.py: test_nested_timeouts (there with equal deadlines; here the outer one is
        // earlier, so that exactly one deadline passes)
        var outer = new AtomicReference<Timeout>();
        var inner = new AtomicReference<Timeout>();

        VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t1 = timeout(ms(10))) {
                    outer.set(t1);
                    try (var t2 = timeout(Duration.ofSeconds(1))) {
                        inner.set(t2);
                        sleep(Duration.ofSeconds(10));
                    }
                }
            });
        });

        assertTrue(outer.get().expired());
        assertFalse(inner.get().expired());
    }

    @Test
    void theBodyLearnsOfTheDeadlineAsTimedOutException() {
        // CPython test_timeouts.py: test_waiter_cancelled (asyncio's body sees CancelledError; Weft's sees
        // TimedOutException, issue 11 decision "waitFor")
        var seen = new AtomicReference<Throwable>();

        VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(ms(10))) {
                    try {
                        sleep(Duration.ofSeconds(10));
                    } catch (RuntimeException e) {
                        seen.set(e);
                        throw e;
                    }
                }
            });
        });

        assertTrue(seen.get() instanceof TimedOutException, "the body saw " + seen.get());
    }

    @Test
    void timeoutThatDidNotFireIsNotExpired() {
        // CPython test_timeouts.py: test_timeout_not_called
        var cm = new AtomicReference<Timeout>();

        VirtualTime.run(() -> {
            try (var t = timeout(Duration.ofSeconds(10))) {
                cm.set(t);
                sleep(ms(10));
            }
        });

        assertFalse(cm.get().expired());
    }

    @Test
    void closedTimeoutStaysUnexpiredAfterItsDeadlinePasses() {
        // CPython test_timeouts.py: test_timeout_not_called, looked at after the deadline (issue 11 §2 item 9)
        var cm = new AtomicReference<Timeout>();

        VirtualTime.run(() -> {
            try (var t = timeout(ms(10))) {
                cm.set(t);
            }
            sleep(ms(50));
        });

        assertFalse(cm.get().expired());
    }

    @Test
    void zeroTimeoutEndsTheSleepAtOnce() {
        // CPython test_timeouts.py: test_timeout_zero
        var cm = new AtomicReference<Timeout>();

        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(Duration.ZERO)) {
                    cm.set(t);
                    sleep(Duration.ofSeconds(10));
                }
            });
        });

        assertTrue(cm.get().expired());
        assertEquals(Duration.ZERO, r.elapsed());
    }

    @Test
    void zeroTimeoutEndsEvenAZeroSleep() {
        // CPython test_timeouts.py: test_timeout_zero_sleep_zero
        VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(Duration.ZERO)) {
                    sleep(Duration.ZERO);
                }
            });
        });
    }

    @Test
    void timeoutInThePastHasAlreadyExpired() {
        // CPython test_timeouts.py: test_timeout_in_the_past_sleep_zero
        var cm = new AtomicReference<Timeout>();

        VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(Duration.ofSeconds(-11))) {
                    cm.set(t);
                    sleep(Duration.ZERO);
                }
            });
        });

        assertTrue(cm.get().expired());
    }

    @Test
    void bodysOwnExceptionPassesThroughAnUnexpiredTimeout() {
        // CPython test_timeouts.py: test_foreign_exception_passed
        var cm = new AtomicReference<Timeout>();

        VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> {
                try (var t = timeout(ms(10))) {
                    cm.set(t);
                    throw new Boom("KeyError");
                }
            });
        });

        assertFalse(cm.get().expired());
    }

    @Test
    void exceptionThrownByTheCleanupAfterTheDeadlineIsWhatLeaves() {
        // CPython test_timeouts.py: test_foreign_exception_on_timeout
        VirtualTime.run(() -> {
            assertThrows(ArithmeticException.class, () -> {
                try (var t = timeout(ms(10))) {
                    try {
                        sleep(Duration.ofSeconds(1));
                    } finally {
                        int zero = 0;
                        System.identityHashCode(1 / zero);
                    }
                }
            });
        });
    }

    @Test
    void cancelFromOutsideStaysACancelAndDoesNotExpireTheTimeout() {
        // CPython test_timeouts.py: test_foreign_cancel_doesnt_timeout_if_not_expired
        var cm = new AtomicReference<Timeout>();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                try (var t = timeout(Duration.ofSeconds(10))) {
                    cm.set(t);
                    Weft.currentTask().orElseThrow().cancel();
                    sleep(Duration.ofSeconds(10));
                }
                return null;
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertFalse(cm.get().expired());
    }

    @Test
    void taskThatCaughtItsTimeoutEndsSuccessfullyNotCancelled() {
        // CPython test_timeouts.py: test_outer_task_is_not_cancelled
        VirtualTime.run(() -> {
            Task<String> task = spawn(() -> {
                try (var t = timeout(ms(1))) {
                    sleep(Duration.ofSeconds(10));
                } catch (TimedOutException e) {
                    return "caught";
                }
                return "not reached";
            });

            assertEquals("caught", task.join());
            assertFalse(task.isCancelled());
            assertEquals(Future.State.SUCCESS, task.state());
        });
    }

    @Test
    void outerDeadlineEndsTheWaitOfAnInnerTimeoutWithALaterOne() {
        // CPython test_timeouts.py: test_nested_timeouts_concurrent (CPU work past the outer deadline, then
        // a wait: the outer deadline has passed and reports)
        var outer = new AtomicReference<Timeout>();
        var inner = new AtomicReference<Timeout>();

        Weft.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t1 = timeout(ms(2))) {
                    outer.set(t1);
                    try (var t2 = timeout(Duration.ofSeconds(10))) {
                        inner.set(t2);
                        spin(ms(20));
                        sleep(Duration.ofSeconds(1));
                    }
                }
            });
        });

        assertTrue(outer.get().expired());
        assertFalse(inner.get().expired());
    }

    @Test
    void outerTimeoutStillFiresAfterAnInnerOneWasCaught() {
        // CPython test_timeouts.py: test_nested_timeouts_loop_busy
        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t1 = timeout(ms(100))) {
                    assertThrows(TimedOutException.class, () -> {
                        try (var t2 = timeout(ms(10))) {
                            sleep(Duration.ofSeconds(1));
                        }
                    });
                    sleep(Duration.ofSeconds(10));
                }
            });
        });

        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void timeoutOpenedInTheCleanupOfAnExpiredOneStillEndsItsWait() {
        // CPython test_timeouts.py: test_nested_timeout_in_finally
        var innerThrew = new AtomicBoolean();

        VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t1 = timeout(ms(10))) {
                    try {
                        sleep(Duration.ofSeconds(1));
                    } finally {
                        try (var t2 = timeout(ms(10))) {
                            sleep(Duration.ofSeconds(10));
                        } catch (TimedOutException e) {
                            innerThrew.set(true);
                        }
                    }
                }
            });
        });

        assertTrue(innerThrew.get());
    }

    @Test
    void timeoutInTheCleanupOfACancelledTaskReportsTheCancel() {
        // CPython test_timeouts.py: test_timeout_after_cancellation. asyncio uncancels, so the cleanup's
        // timeout fires; Weft's cancellation is level-triggered and a timeout never turns a cancel into a
        // timeout, so the cleanup's wait throws CancelledException.
        var inCleanup = new AtomicReference<Throwable>();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                try {
                    Weft.currentTask().orElseThrow().cancel();
                    sleep(Duration.ofSeconds(1));
                } catch (CancelledException e) {
                    // swallowed, as upstream does
                } finally {
                    try (var t = timeout(Duration.ZERO)) {
                        sleep(Duration.ofSeconds(1));
                    } catch (RuntimeException e) {
                        inCleanup.set(e);
                    }
                }
                return null;
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertTrue(inCleanup.get() instanceof CancelledException, "the cleanup saw " + inCleanup.get());
    }

    @Test
    void cancelInsideATimeoutInTheCleanupOfACancelledTaskIsACancel() {
        // CPython test_timeouts.py: test_cancel_in_timeout_after_cancellation
        var inCleanup = new AtomicReference<Throwable>();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                try {
                    Weft.currentTask().orElseThrow().cancel();
                    sleep(Duration.ofSeconds(1));
                } catch (CancelledException e) {
                    // swallowed, as upstream does
                } finally {
                    try (var t = timeout(Duration.ofSeconds(1))) {
                        Weft.currentTask().orElseThrow().cancel();
                        sleep(Duration.ofSeconds(2));
                    } catch (RuntimeException e) {
                        inCleanup.set(e);
                    }
                }
                return null;
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertTrue(inCleanup.get() instanceof CancelledException, "the cleanup saw " + inCleanup.get());
    }

    @Test
    void bodyThatFinishesLateWithoutBlockingGetsTheTimeoutFromClose() {
        // CPython test_timeouts.py: test_nested_timeouts_loop_busy's first half (the body overran its
        // deadline in CPU work and never blocked again: leaving the block reports it)
        var cm = new AtomicReference<Timeout>();

        Weft.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(ms(5))) {
                    cm.set(t);
                    spin(ms(30));
                }
            });
        });

        assertTrue(cm.get().expired());
    }

    @Test
    void timedOutExceptionNamesTheTaskAndTheDuration() {
        // CPython test_timeouts.py: test_repr_expired (asyncio describes an expired timeout; Weft's
        // message must name the task and the duration, issue 11 §2 item 15)
        var thrown = new AtomicReference<TimedOutException>();

        VirtualTime.run(() -> {
            Task<Object> task = spawn("fetcher", () -> {
                try (var t = timeout(ms(250))) {
                    sleep(LONG);
                } catch (TimedOutException e) {
                    thrown.set(e);
                }
                return null;
            });
            task.join();
        });

        String message = thrown.get().getMessage();
        assertTrue(message != null && message.contains("fetcher"), "names the task: " + message);
        assertTrue(message.contains("250"), "names the duration: " + message);
    }
}
