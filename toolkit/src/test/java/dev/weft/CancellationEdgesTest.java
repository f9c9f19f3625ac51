package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, section 1: prompt cancellation when entering a scope or an engine wait, who counts as
 * cancelled, born-cancelled children, an honest {@code cancel()}, and done-callbacks on a done task.
 */
@Timeout(60)
class CancellationEdgesTest {

    /** Runs {@code call} in a task that has just cancelled itself; returns what the call threw (null: nothing). */
    private static Throwable thrownInACancelledTask(ThrowingRunnable call) {
        var thrown = new AtomicReference<Throwable>();
        var task = new AtomicReference<Task<?>>();
        Weft.run(() -> {
            task.set(Weft.spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                try {
                    call.run();
                } catch (Throwable e) {
                    thrown.set(e);
                    throw e;
                }
                return null;
            }));
            assertThrows(CancelledException.class, task.get()::join);
        });
        assertTrue(task.get().isCancelled());
        return thrown.get();
    }

    // ---- prompt cancellation at entry ----------------------------------------------------------

    @Test
    void taskGroupRunInACancelledTaskThrowsAtOnceWithoutRunningTheBody() {
        var ran = new AtomicBoolean();
        Throwable e = thrownInACancelledTask(() -> TaskGroup.run(g -> ran.getAndSet(true)));
        assertInstanceOf(CancelledException.class, e);
        assertFalse(ran.get());
    }

    @Test
    void superviseInACancelledTaskThrowsAtOnceWithoutRunningTheBody() {
        var ran = new AtomicBoolean();
        Throwable e = thrownInACancelledTask(() -> TaskGroup.supervise(g -> ran.getAndSet(true)));
        assertInstanceOf(CancelledException.class, e);
        assertFalse(ran.get());
    }

    @Test
    void taskGroupOpenInACancelledTaskThrowsAtOnce() {
        Throwable e = thrownInACancelledTask(() -> TaskGroup.open().close());
        assertInstanceOf(CancelledException.class, e);
    }

    @Test
    void waitForInACancelledTaskThrowsAtOnceWithoutRunningTheBody() {
        var ran = new AtomicBoolean();
        Throwable e = thrownInACancelledTask(() -> Weft.waitFor(Duration.ofSeconds(10), () -> ran.getAndSet(true)));
        assertInstanceOf(CancelledException.class, e);
        assertFalse(ran.get());
    }

    @Test
    void timeoutOrNullInACancelledTaskThrowsAtOnceWithoutRunningTheBody() {
        var ran = new AtomicBoolean();
        Throwable e = thrownInACancelledTask(() -> Weft.timeoutOrNull(Duration.ofSeconds(10), () -> ran.getAndSet(true)));
        assertInstanceOf(CancelledException.class, e);
        assertFalse(ran.get());
    }

    @Test
    void timeoutInACancelledTaskThrowsAtOnce() {
        Throwable e = thrownInACancelledTask(() -> Weft.timeout(Duration.ofSeconds(10)).close());
        assertInstanceOf(CancelledException.class, e);
    }

    @Test
    void nestedRunInACancelledTaskThrowsAtOnceWithoutRunningMain() {
        var ran = new AtomicBoolean();
        Throwable e = thrownInACancelledTask(() -> Weft.run(() -> ran.getAndSet(true)));
        assertInstanceOf(CancelledException.class, e);
        assertFalse(ran.get());
    }

    @Test
    void zeroSleepInACancelledTaskThrows() {
        assertInstanceOf(CancelledException.class, thrownInACancelledTask(() -> Weft.sleep(Duration.ZERO)));
    }

    @Test
    void joiningAnAlreadyDoneTaskInACancelledTaskThrows() {
        var thrown = new AtomicReference<Throwable>();
        Weft.run(() -> {
            Task<String> done = Weft.spawn(() -> "value");
            done.join();
            Task<Object> joiner = Weft.spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                try {
                    return done.join();
                } catch (Throwable t) {
                    thrown.set(t);
                    throw t;
                }
            });
            assertThrows(CancelledException.class, joiner::join);
        });
        assertInstanceOf(CancelledException.class, thrown.get());
    }

    @Test
    void gatherInACancelledTaskThrowsAtOnceWithoutRunningTheBodies() {
        var ran = new AtomicInteger();
        Throwable e = thrownInACancelledTask(() -> Weft.gather(ran::incrementAndGet, ran::incrementAndGet));
        assertInstanceOf(CancelledException.class, e);
        assertEquals(0, ran.get());
    }

    @Test
    void waitTasksOnDoneTasksInACancelledTaskThrows() {
        var thrown = new AtomicReference<Throwable>();
        Weft.run(() -> {
            Task<String> done = Weft.spawn(() -> "value");
            done.join();
            Task<Object> waiter = Weft.spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                try {
                    return Weft.waitTasks(List.of(done), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(10));
                } catch (Throwable t) {
                    thrown.set(t);
                    throw t;
                }
            });
            assertThrows(CancelledException.class, waiter::join);
        });
        assertInstanceOf(CancelledException.class, thrown.get());
    }

    @Test
    void asCompletedNextOnADoneTaskInACancelledTaskThrows() {
        var thrown = new AtomicReference<Throwable>();
        Weft.run(() -> {
            Task<String> done = Weft.spawn(() -> "value");
            done.join();
            Task<Object> waiter = Weft.spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                try {
                    return Weft.asCompleted(List.of(done), Duration.ofSeconds(10)).iterator().next();
                } catch (Throwable t) {
                    thrown.set(t);
                    throw t;
                }
            });
            assertThrows(CancelledException.class, waiter::join);
        });
        assertInstanceOf(CancelledException.class, thrown.get());
    }

    @Test
    void enteringAScopeInsideAShieldOfACancelledTaskWorks() {
        var value = new AtomicReference<String>();
        thrownInACancelledTask(() -> Weft.shield(() -> {
            value.set(TaskGroup.run(g -> g.spawn(() -> "inside").join()));
            return null;
        }));
        assertEquals("inside", value.get());
    }

    // ---- who is cancelled ----------------------------------------------------------------------

    @Test
    void cancellationExceptionEscapingATaskNobodyCancelledIsAFailure() {
        var mine = new CancellationException("mine");
        Task<?> t = TaskGroup.supervise(g -> {
            Task<Object> child = g.spawn(() -> {
                throw mine;
            });
            assertSame(mine, assertThrows(CancellationException.class, child::join)); // join rethrows the original
            return child;
        });
        assertEquals(Task.State.FAILED, t.state());
        assertSame(mine, t.exception());
    }

    @Test
    void joiningACancelledTaskFailsTheJoinerInsteadOfCancellingIt() {
        Task<?> joiner = TaskGroup.supervise(g -> {
            Task<Object> victim = g.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            victim.cancel();
            Task<Object> j = g.spawn(victim::join);
            assertThrows(CancelledException.class, j::join);
            return j;
        });
        assertEquals(Task.State.FAILED, joiner.state());
        assertInstanceOf(CancelledException.class, joiner.exception());
    }

    @Test
    void failFastGroupFailsWithACancellationExceptionNobodyCancelledAndCancelsTheSiblings() {
        var mine = new CancellationException("mine");
        var sibling = new AtomicReference<Task<?>>();
        Throwable thrown = assertThrows(CancellationException.class, () -> TaskGroup.run(g -> {
            sibling.set(g.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            }));
            g.spawn(() -> {
                throw mine;
            });
            Weft.sleep(LONG);
            return null;
        }));
        assertSame(mine, thrown);
        assertTrue(sibling.get().isCancelled());
    }

    @Test
    void gatherThrowsACancellationExceptionNobodyCancelledPromptlyAndCancelsTheOthers() {
        var mine = new CancellationException("mine");
        var otherCleanedUp = new AtomicBoolean();
        Throwable thrown = assertThrows(CancellationException.class, () -> Weft.run(() -> Weft.gather(
                () -> {
                    try {
                        Weft.sleep(LONG);
                    } finally {
                        otherCleanedUp.set(true);
                    }
                    return null;
                },
                () -> {
                    throw mine;
                })));
        assertSame(mine, thrown);
        assertTrue(otherCleanedUp.get());
    }

    @Test
    void groupBodyLettingACancellationExceptionEscapeFailsTheGroup() {
        // the body joins a task that was cancelled: nobody cancelled the body, so it is a failure
        var sibling = new AtomicReference<Task<?>>();
        Throwable thrown = assertThrows(CancelledException.class, () -> Weft.run(() -> TaskGroup.run(g -> {
            Task<Object> victim = g.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            sibling.set(g.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            }));
            victim.cancel();
            return victim.join();
        })));
        assertTrue(thrown.getMessage().contains("cancelled"), thrown.getMessage());
        assertTrue(sibling.get().isCancelled());
    }

    @Test
    void cancelledTaskThatSwallowsTheCancelAndReturnsStillEndsCancelled() {
        Task<?> t = TaskGroup.run(g -> {
            var blocked = new CountDownLatch(1);
            Task<String> child = g.spawn(() -> {
                try {
                    blocked.countDown();
                    Weft.sleep(LONG);
                } catch (CancelledException swallowed) {
                    return "swallowed";
                }
                return "late";
            });
            awaitLatch(blocked);
            child.cancel();
            return child;
        });
        assertTrue(t.isCancelled());
    }

    // ---- born cancelled ------------------------------------------------------------------------

    @Test
    void childSpawnedIntoAFailingGroupByTheBodyNeverRuns() {
        var ran = new AtomicBoolean();
        var late = new AtomicReference<Task<?>>();
        assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
            g.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            try {
                Weft.sleep(LONG);
            } catch (IllegalStateException e) {
                late.set(g.spawn(() -> ran.getAndSet(true)));
            }
            return null;
        }));
        assertTrue(late.get().isCancelled());
        assertFalse(ran.get());
    }

    @Test
    void childSpawnedByAChildIntoAFailingGroupNeverRuns() {
        var ran = new AtomicBoolean();
        var late = new AtomicReference<Task<?>>();
        assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
            g.spawn(() -> {
                try {
                    Weft.sleep(LONG);
                } finally {
                    late.set(g.spawn(() -> ran.getAndSet(true))); // the group has failed: born cancelled
                }
                return null;
            });
            g.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            return null;
        }));
        assertTrue(late.get().isCancelled());
        assertFalse(ran.get());
    }

    @Test
    void childSpawnedWithWeftSpawnIntoACancelledGroupNeverRuns() {
        var ran = new AtomicBoolean();
        Task<?> late = TaskGroup.run(g -> {
            g.cancel();
            return Weft.spawn(() -> ran.getAndSet(true));
        });
        assertTrue(late.isCancelled());
        assertFalse(ran.get());
    }

    // ---- an honest cancel() ------------------------------------------------------------------------

    @Test
    void cancelThatReturnsTrueIsNeverFollowedBySuccess() {
        // racing cancel() against bodies that return at about that moment, 50k times
        int dishonest = 0;
        for (int round = 0; round < 25; round++) {
            List<Task<Integer>> tasks = new ArrayList<>();
            boolean[] accepted = new boolean[2000];
            TaskGroup.supervise(g -> {
                for (int i = 0; i < accepted.length; i++) {
                    int spins = i % 64;
                    tasks.add(g.spawn(() -> {
                        long x = 0;
                        for (int k = 0; k < spins * 16; k++) {
                            x += k;
                        }
                        return (int) x;
                    }));
                    if (i >= 8) {
                        accepted[i - 8] = tasks.get(i - 8).cancel(); // cancel a slightly older one
                    }
                }
                return null;
            });
            for (int i = 0; i < accepted.length - 8; i++) {
                if (accepted[i] && tasks.get(i).state() == Task.State.SUCCESS) {
                    dishonest++;
                }
            }
        }
        assertEquals(0, dishonest);
    }

    @Test
    void cancelReturnsFalseForADoneTaskAndTrueAgainForARequestedOne() {
        TaskGroup.run(g -> {
            Task<String> done = g.spawn(() -> "done");
            done.join();
            assertFalse(done.cancel());
            Task<Object> running = g.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            assertTrue(running.cancel());
            assertTrue(running.cancel());
            assertThrows(CancelledException.class, running::join);
            assertFalse(running.cancel());
            return null;
        });
    }

    // ---- done-callbacks ----------------------------------------------------------------------------

    @Test
    void doneCallbackOnADoneTaskRunsAtOnceWithoutLeakingAContextChange() {
        ContextVar<String> user = ContextVar.named("user");
        var seenInside = new AtomicReference<String>();
        var ranAt = new AtomicReference<Thread>();
        String after = Weft.run(() -> {
            user.set("caller");
            Task<String> t = Weft.spawn(() -> "x");
            t.join();
            t.onDone(x -> {
                ranAt.set(Thread.currentThread());
                user.set("callback");
                seenInside.set(user.get());
            });
            assertSame(Thread.currentThread(), ranAt.get()); // at once, on the caller's thread
            return user.get();
        });
        assertEquals("callback", seenInside.get());
        assertEquals("caller", after);
    }

    @Test
    void doneCallbackOnADoneTaskDoesNotLeakAContextChangeIntoAPlainThread() {
        ContextVar<String> user = ContextVar.named("user");
        Task<String> t = TaskGroup.run(g -> g.spawn(() -> "x"));
        t.onDone(x -> user.set("callback"));
        assertFalse(user.isSet());
        assertNotEquals("callback", user.get());
    }

    @Test
    void timeoutOrNullStillReturnsNullForItsOwnExpiryAfterTheseRules() {
        assertNull(Weft.run(() -> Weft.timeoutOrNull(ms(20), () -> {
            Weft.sleep(LONG);
            return "never";
        })));
    }
}
