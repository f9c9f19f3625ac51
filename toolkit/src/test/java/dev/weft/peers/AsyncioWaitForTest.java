package dev.weft.peers;

import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitFor;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimedOutException;
import dev.weft.peers.Peers.Boom;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * CPython Lib/test/test_asyncio/test_waitfor.py, ported to {@code Weft.waitFor(d, body)}. The cases on
 * {@code wait_for(task, t)} need the {@code waitFor(Duration, Task)} overload of issue 11 and are ported
 * with {@code waitFor(d, task::join)} where Weft's documented meaning (it bounds only the join) is tested.
 */
@org.junit.jupiter.api.Timeout(30)
class AsyncioWaitForTest {

    /** asyncio's SlowTask: runs for {@code d} whatever happens, its cleanup shielded. */
    private static Void slowTask(Duration d, AtomicBoolean exited) {
        try {
            sleep(d);
        } catch (RuntimeException e) {
            // it ignores the cancel: its cleanup is the rest of the time, shielded
        } finally {
            shield(() -> {
                sleep(d);
                exited.set(true);   // inside: shield rethrows the pending cancel at its exit
                return null;
            });
        }
        return null;
    }

    @Test
    void cancellingTheWaiterWaitsForTheBodysCleanup() {
        // CPython test_waitfor.py: test_asyncio_wait_for_cancelled
        var exited = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Void> waiter = spawn(() -> waitFor(ms(400), () -> slowTask(ms(200), exited)));
            sleep(ms(1));

            waiter.cancel();

            assertThrows(CancelledException.class, waiter::join);
            assertTrue(exited.get(), "the body's cleanup ran before the waiter ended");
        });
    }

    @Test
    void timeoutWaitsForTheBodysCleanupBeforeThrowing() {
        // CPython test_waitfor.py: test_asyncio_wait_for_timeout
        var exited = new AtomicBoolean();

        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(ms(100), () -> slowTask(ms(200), exited)));
            assertTrue(exited.get());
        });

        assertEquals(ms(300), r.elapsed());
    }

    @Test
    void zeroOrNegativeTimeoutDoesNotStartTheBody() {
        // CPython test_waitfor.py: test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
        for (Duration timeout : new Duration[] {Duration.ZERO, ms(-1)}) {
            var started = new AtomicBoolean();

            VirtualTime.run(() -> {
                assertThrows(TimedOutException.class, () -> waitFor(timeout, () -> {
                    started.set(true);
                    return null;
                }));
            });

            assertFalse(started.get(), "timeout " + timeout);
        }
    }

    @Test
    void expiredTimeoutCancelsTheBodyAndRunsItsFinally() {
        // CPython test_waitfor.py: test_wait_for
        var running = new AtomicBoolean();

        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(ms(100), () -> {
                running.set(true);
                try {
                    sleep(Duration.ofSeconds(10));
                } finally {
                    running.set(false);
                }
                return "done";
            }));
        });

        assertFalse(running.get());
        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void bodyThatFinishesInTimeReturnsItsValue() {
        // CPython test_waitfor.py: test_wait_for_blocking (timeout=None; here a timeout that never fires)
        String value = VirtualTime.run(() -> waitFor(LONG, () -> "done")).value();

        assertEquals("done", value);
    }

    @Test
    void valueArrivingBeforeTheDeadlineIsReturned() {
        // CPython test_waitfor.py: test_wait_for_race_condition
        var r = VirtualTime.run(() -> {
            Queue<String> q = Queue.fifo();
            spawn(() -> {
                sleep(ms(100));
                q.put("ok");
                return null;
            });
            return waitFor(ms(200), q::get);
        });

        assertEquals("ok", r.value());
        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void bodyThatCatchesTheExpiryAndReturnsAValueMakesWaitForReturnIt() {
        // CPython test_waitfor.py: test_wait_for_cancellation_race_condition (issue 11, decision "waitFor":
        // the body learns of the expiry as TimedOutException)
        int result = VirtualTime.run(() -> waitFor(ms(10), () -> {
            assertThrows(TimedOutException.class, () -> sleep(Duration.ofSeconds(1)));
            return 1;
        })).value();

        assertEquals(1, result);
    }

    @Test
    void timedOutIsThrownOnlyAfterTheBodysSlowCleanupEnded() {
        // CPython test_waitfor.py: test_wait_for_waits_for_task_cancellation
        var taskDone = new AtomicBoolean();

        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(ms(1), () -> {
                try {
                    sleep(Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    shield(() -> {
                        sleep(ms(5));
                        return null;
                    });
                    throw e;
                } finally {
                    taskDone.set(true);
                }
                return null;
            }));
            assertTrue(taskDone.get());
        });

        assertEquals(ms(6), r.elapsed());
    }

    @Test
    void exceptionRaisedDuringTheCancellationPassesThrough() {
        // CPython test_waitfor.py: test_wait_for_reraises_exception_during_cancellation
        VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> waitFor(ms(1), () -> {
                try {
                    sleep(ms(200));
                } finally {
                    throw new Boom("FooException");
                }
            }));
        });
    }

    @Test
    void cancellingAWaitForOnAJoinLeavesTheJoinedTaskRunning() {
        // CPython test_waitfor.py: test_wait_for_self_cancellation. waitFor(d, task::join) bounds only the
        // join, and cancelling a joiner never cancels the joined task (issue 11, decision "waitFor").
        VirtualTime.run(() -> {
            Task<Integer> inner = spawn(() -> {
                sleep(ms(300));
                return 42;
            });
            Task<Integer> waiter = spawn(() -> waitFor(ms(100), inner::join));

            waiter.cancel();

            assertThrows(CancelledException.class, waiter::join);
            assertEquals(42, inner.join());
        });
    }

    @Test
    void expiryOfAWaitForOnAJoinLeavesTheJoinedTaskRunning() {
        // CPython test_waitfor.py: test_wait_for (on a task). asyncio cancels the task; Weft's
        // waitFor(d, task::join) bounds only the join (issue 11, decision "waitFor")
        VirtualTime.run(() -> {
            Task<Integer> inner = spawn(() -> {
                sleep(ms(300));
                return 42;
            });

            assertThrows(TimedOutException.class, () -> waitFor(ms(100), inner::join));

            assertFalse(inner.isDone());
            assertEquals(42, inner.join());
        });
    }

    @Test
    void cancellingTheWaiterCancelsTheBody() {
        // CPython test_waitfor.py: test_cancel_wait_for (Python issue #23219)
        var bodyCancelled = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> waiter = spawn(() -> waitFor(Duration.ofSeconds(60), () -> {
                try {
                    sleep(LONG);
                } catch (CancelledException e) {
                    bodyCancelled.set(true);
                    throw e;
                }
                return null;
            }));
            sleep(ms(1));

            waiter.cancel();

            assertThrows(CancelledException.class, waiter::join);
        });

        assertTrue(bodyCancelled.get());
    }

    @Test
    void bodyThatSuppressesTheExpiryAndReturnsAValueWins() {
        // CPython test_waitfor.py: test_wait_for_cancel_suppressed
        int result = VirtualTime.run(() -> waitFor(ms(100), () -> {
            try {
                sleep(Duration.ofSeconds(10));
            } catch (TimedOutException e) {
                return 42;
            }
            return 0;
        })).value();

        assertEquals(42, result);
    }

    @Test
    void cancelAfterAQuickWaitForReachesTheNextWait() {
        // CPython test_waitfor.py: test_wait_for_issue86296
        var reachedEnd = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                waitFor(Duration.ofSeconds(100), () -> null);
                sleep(Duration.ofSeconds(1));
                reachedEnd.set(true);
                return null;
            });
            sleep(ms(1));

            task.cancel();

            assertThrows(CancelledException.class, task::join);
        });

        assertFalse(reachedEnd.get());
    }

    @Test
    void waitForAroundAGroupWhoseChildOutlivesTheDeadlineTimesOut() {
        // CPython test_waitfor.py: test_wait_for, with a TaskGroup as the awaited body (issue 11 §2 item 3:
        // no partial value)
        var childCancelled = new AtomicBoolean();

        VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(ms(100), () -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    try {
                        sleep(Duration.ofSeconds(10));
                    } catch (CancelledException e) {
                        childCancelled.set(true);
                        throw e;
                    }
                    return null;
                });
                return "partial";
            })));
        });

        assertTrue(childCancelled.get());
    }

    @Test
    void taskSpawnedInsideWaitForBelongsToTheEnclosingGroupAndOutlivesTheDeadline() {
        // CPython test_waitfor.py: test_wait_for (asyncio's create_task inside the awaited coroutine lands in
        // the loop, not in wait_for). Weft: timeouts are not scopes (issue 11 decision).
        var finished = new AtomicInteger();

        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(ms(100), () -> {
                spawn(() -> {
                    sleep(ms(500));
                    return finished.incrementAndGet();
                });
                sleep(Duration.ofSeconds(10));
                return null;
            }));
        });

        assertEquals(1, finished.get());
        assertEquals(ms(500), r.elapsed());
    }
}
