package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static dev.weft.TestSupport.spin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: waitFor and timeouts at the edges — a group that outlives the deadline, a body that
 * handles its own expiry, {@code waitFor(d, task)}, timeouts that are not scopes, and messages.
 */
@Timeout(60)
class WaitForEdgesTest {

    // ---- defect 3: a group whose child outlives the deadline ----------------------------------------

    @Test
    void waitForAroundATaskGroupWhoseChildOutlivesTheDeadlineThrowsTimedOut() {
        assertThrows(TimedOutException.class, () -> Weft.run(() -> Weft.waitFor(ms(30), () -> TaskGroup.run(g -> {
            g.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            return "partial";
        }))));
    }

    @Test
    void timeoutOrNullAroundATaskGroupWhoseChildOutlivesTheDeadlineReturnsNull() {
        assertNull(Weft.run(() -> Weft.timeoutOrNull(ms(30), () -> TaskGroup.run(g -> {
            g.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            return "partial";
        }))));
    }

    @Test
    void timeoutOrNullAroundATryWithResourcesGroupWhoseChildOutlivesTheDeadlineReturnsNull() {
        assertNull(Weft.run(() -> Weft.timeoutOrNull(ms(30), () -> {
            try (var g = TaskGroup.open()) {
                g.spawn(() -> {
                    Weft.sleep(LONG);
                    return null;
                });
            }
            return "partial";
        })));
    }

    @Test
    void groupWhoseChildrenAllFinishedBeforeTheDeadlineKeepsItsValue() {
        assertEquals("whole", Weft.run(() -> Weft.waitFor(Duration.ofSeconds(10), () -> TaskGroup.run(g -> {
            g.spawn(() -> "child").join();
            return "whole";
        }))));
    }

    // ---- the body handles its own expiry -------------------------------------------------------------

    @Test
    void bodyThatCatchesItsTimedOutExceptionAndReturnsAValueMakesWaitForReturnIt() {
        assertEquals("fallback", Weft.run(() -> Weft.waitFor(ms(20), () -> {
            try {
                Weft.sleep(LONG);
                return "never";
            } catch (TimedOutException e) {
                return "fallback";
            }
        })));
    }

    @Test
    void bodyThatCatchesItsTimedOutExceptionAndReturnsAValueMakesTimeoutOrNullReturnIt() {
        assertEquals("fallback", Weft.run(() -> Weft.timeoutOrNull(ms(20), () -> {
            try {
                Weft.sleep(LONG);
                return "never";
            } catch (TimedOutException e) {
                return "fallback";
            }
        })));
    }

    // ---- waitFor(d, task) ------------------------------------------------------------------------------

    @Test
    void waitForTaskReturnsTheTasksValueWhenItIsFast() {
        assertEquals("fast", Weft.run(() -> Weft.waitFor(Duration.ofSeconds(10), Weft.spawn(() -> "fast"))));
    }

    @Test
    void waitForTaskCancelsTheTaskOnExpiryAndWaitsForItsCleanupBeforeThrowing() {
        var cleanedUp = new AtomicBoolean();
        var cleanedUpWhenThrown = new AtomicBoolean();
        var task = new AtomicReference<Task<String>>();
        Weft.run(() -> {
            task.set(Weft.spawn(() -> {
                try {
                    Weft.sleep(LONG);
                    return "never";
                } finally {
                    spin(ms(50));
                    cleanedUp.set(true);
                }
            }));
            assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(30), task.get()));
            cleanedUpWhenThrown.set(cleanedUp.get());
        });
        assertTrue(cleanedUpWhenThrown.get());
        assertTrue(task.get().isCancelled());
    }

    @Test
    void waitForTaskPassesTheTasksOwnFailureThrough() {
        var boom = new IllegalStateException("boom");
        Throwable thrown = assertThrows(IllegalStateException.class, () -> Weft.run(() -> {
            Task<Object> t = Weft.spawn(() -> {
                throw boom;
            });
            return Weft.waitFor(Duration.ofSeconds(10), t);
        }));
        assertSame(boom, thrown);
    }

    @Test
    void waitForTaskWithAZeroTimeoutReturnsADoneTasksValueAndCancelsARunningOne() {
        Weft.run(() -> {
            Task<String> done = Weft.spawn(() -> "done");
            done.join();
            assertEquals("done", Weft.waitFor(Duration.ZERO, done));
            Task<String> running = Weft.spawn(() -> {
                Weft.sleep(LONG);
                return "never";
            });
            assertThrows(TimedOutException.class, () -> Weft.waitFor(Duration.ZERO, running));
            assertTrue(running.isCancelled());
        });
    }

    @Test
    void waitForWithTaskJoinBoundsOnlyTheJoinAndLeavesTheTaskRunning() {
        var task = new AtomicReference<Task<String>>();
        String value = Weft.run(() -> {
            var release = new CountDownLatch(1);
            task.set(Weft.spawn(() -> {
                Weft.shield(() -> {
                    release.await();
                    return null;
                });
                return "finished later";
            }));
            assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(20), task.get()::join));
            assertFalse(task.get().isDone());
            release.countDown();
            return task.get().join();
        });
        assertEquals("finished later", value);
    }

    @Test
    void cancellingATaskBlockedInJoinDoesNotCancelTheTaskItJoins() {
        Weft.run(() -> {
            var release = new CountDownLatch(1);
            Task<String> joined = Weft.spawn(() -> {
                Weft.shield(() -> {
                    release.await();
                    return null;
                });
                return "value";
            });
            var joining = new CountDownLatch(1);
            Task<String> joiner = Weft.spawn(() -> {
                joining.countDown();
                return joined.join();
            });
            awaitLatch(joining);
            joiner.cancel();
            assertThrows(CancelledException.class, joiner::join);
            assertFalse(joined.isCancelled());
            release.countDown();
            assertEquals("value", joined.join());
        });
    }

    // ---- timeouts are not scopes -----------------------------------------------------------------

    @Test
    void taskSpawnedInsideWaitForBelongsToTheEnclosingGroupAndOutlivesTheDeadline() {
        var task = new AtomicReference<Task<String>>();
        Weft.run(() -> {
            assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(20), () -> {
                task.set(Weft.spawn(() -> {
                    Weft.sleep(ms(60));
                    return "outlived";
                }));
                Weft.sleep(LONG);
                return null;
            }));
            assertEquals("outlived", task.get().join());
        });
        assertEquals(Task.State.SUCCESS, task.get().state());
    }

    @Test
    void taskSpawnedInsideATryWithResourcesTimeoutIsNotBoundedByIt() {
        var task = new AtomicReference<Task<String>>();
        Weft.run(() -> {
            try (var t = Weft.timeout(ms(20))) {
                task.set(Weft.spawn(() -> {
                    Weft.sleep(ms(60));
                    return "outlived";
                }));
                Weft.sleep(LONG);
            } catch (TimedOutException expected) {
                // the body's sleep was bounded, the spawned task is not
            }
        });
        assertEquals("outlived", task.get().result());
    }

    // ---- defect 15: the message ---------------------------------------------------------------------

    @Test
    void timedOutExceptionNamesTheTaskAndTheDurationItFiredIn() {
        TimedOutException e = assertThrows(TimedOutException.class, () -> TaskGroup.run(g -> g.spawn("fetcher",
                () -> Weft.waitFor(ms(20), () -> {
                    Weft.sleep(LONG);
                    return null;
                })).join()));
        assertTrue(e.getMessage().contains("20 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("task fetcher"), e.getMessage());
    }

    @Test
    void timedOutExceptionFromATryWithResourcesCloseNamesTheTask() {
        TimedOutException e = assertThrows(TimedOutException.class, () -> TaskGroup.run(g -> g.spawn("slowpoke", () -> {
            try (var t = Weft.timeout(ms(10))) {
                spin(ms(30));
            }
            return null;
        }).join()));
        assertTrue(e.getMessage().contains("10 ms") && e.getMessage().contains("task slowpoke"), e.getMessage());
        assertTrue(Arrays.asList(e.getSuppressed()).isEmpty());
    }
}
