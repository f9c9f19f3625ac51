package dev.weft.peers;

import static dev.weft.Weft.asCompleted;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitTasks;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.awaitDone;
import static dev.weft.peers.Peers.awaitLatch;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.ContextVar;
import dev.weft.DoneAndPending;
import dev.weft.Outcome;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.peers.Peers.Boom;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPython Lib/test/test_asyncio/test_tasks.py, the gather, shield, wait, as_completed and cancel parts.
 * The cancel races also run on one carrier thread.
 */
@Tag(Peers.ONE_CARRIER)
@org.junit.jupiter.api.Timeout(60)
class AsyncioTasksTest {
    private static final int ROUNDS = 1000;
    private static final int CANCEL_RACE_ROUNDS = 20_000;

    private static <T> Callable<T> after(Duration d, T value) {
        return () -> {
            sleep(d);
            return value;
        };
    }

    private static <T> Callable<T> failAfter(Duration d, RuntimeException e) {
        return () -> {
            sleep(d);
            throw e;
        };
    }

    // ---- gather ----

    @Test
    void gatherReturnsTheResultsInArgumentOrderAfterTheSlowest() {
        // CPython test_tasks.py: GatherTests test_result (gather of futures done out of order)
        var r = VirtualTime.run(() -> gather(after(ms(30), "a"), after(ms(10), "b"), after(ms(20), "c")));

        assertEquals(List.of("a", "b", "c"), r.value());
        assertEquals(ms(30), r.elapsed());
    }

    @Test
    void gatherOfNothingIsAnEmptyList() {
        // CPython test_tasks.py: test_constructor_empty_sequence
        List<Object> none = Weft.run(() -> gather(List.<Callable<Object>>of()));

        assertTrue(none.isEmpty());
    }

    @Test
    void gatherFailsFastAndCancelsTheOthers() {
        // CPython test_tasks.py: test_one_exception. asyncio's gather lets the others run on; Weft's is
        // fail-fast like TaskGroup (README, Semantics)
        var othersCancelled = new AtomicInteger();

        var r = VirtualTime.run(() -> {
            Callable<String> slow = () -> {
                try {
                    sleep(LONG);
                } catch (CancelledException e) {
                    othersCancelled.incrementAndGet();
                    throw e;
                }
                return "never";
            };
            assertThrows(Boom.class, () -> gather(slow, failAfter(ms(10), new Boom("one")), slow));
        });

        assertEquals(2, othersCancelled.get());
        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void gatherSettledReturnsEveryOutcomeLikeReturnExceptions() {
        // CPython test_tasks.py: test_return_exceptions
        var boom = new Boom("b");

        List<Outcome<String>> outcomes = VirtualTime.run(() -> gatherSettled(
                after(ms(10), "a"), failAfter(ms(5), boom), after(ms(20), "c"))).value();

        assertEquals("a", outcomes.get(0).valueOrThrow());
        assertSame(boom, ((Outcome.Failure<String>) outcomes.get(1)).error());
        assertEquals("c", outcomes.get(2).valueOrThrow());
    }

    @Test
    void cancellingTheTaskInGatherCancelsEveryChild() {
        // CPython test_tasks.py: test_cancel_gather_1
        var cancelled = new AtomicInteger();

        VirtualTime.run(() -> {
            Callable<Object> child = () -> {
                try {
                    sleep(LONG);
                } catch (CancelledException e) {
                    cancelled.incrementAndGet();
                    throw e;
                }
                return null;
            };
            Task<List<Object>> outer = spawn(() -> gather(child, child, child));
            sleep(ms(1));

            outer.cancel();

            assertThrows(CancelledException.class, outer::join);
        });

        assertEquals(3, cancelled.get());
    }

    @Test
    void cancelledChildInGatherSettledIsAFailureWithCancelledException() {
        // CPython test_tasks.py: test_gather_shield / return_exceptions with a cancelled child
        List<Outcome<Object>> outcomes = VirtualTime.run(() -> Weft.<Object>gatherSettled(
                () -> {
                    Weft.currentTask().orElseThrow().cancel();
                    sleep(LONG);
                    return null;
                },
                () -> "ok")).value();

        assertInstanceOf(CancelledException.class, ((Outcome.Failure<Object>) outcomes.get(0)).error());
        assertEquals("ok", outcomes.get(1).valueOrThrow());
    }

    @Test
    void cancellationEscapingAGatheredChildNobodyCancelledIsAFailure() {
        // CPython test_tasks.py: the gather tests with a cancelled child (here one that lets a foreign
        // CancellationException out); Weft's decision (issue 11, "who is cancelled"): a failure, thrown promptly, siblings cancelled
        var siblingCancelled = new AtomicBoolean();
        var foreign = new CancellationException("not from Weft");

        var r = VirtualTime.run(() -> {
            Throwable thrown = assertThrows(CancellationException.class, () -> gather(
                    () -> {
                        sleep(ms(10));
                        throw foreign;
                    },
                    () -> {
                        try {
                            sleep(LONG);
                        } catch (CancelledException e) {
                            siblingCancelled.set(true);
                            throw e;
                        }
                        return null;
                    }));
            assertSame(foreign, thrown);
        });

        assertTrue(siblingCancelled.get());
        assertEquals(ms(10), r.elapsed());
    }

    // ---- shield ----

    @Test
    void shieldReturnsTheBodysResult() {
        // CPython test_tasks.py: test_shield_result
        assertEquals(42, Weft.run(() -> shield(() -> 42)));
    }

    @Test
    void shieldPassesTheBodysExceptionThrough() {
        // CPython test_tasks.py: test_shield_exception
        assertThrows(Boom.class, () -> Weft.run(() -> shield(() -> {
            throw new Boom("inner");
        })));
    }

    @Test
    void cancelledCallerSeesTheCancelOnlyAfterTheShieldedBodyFinished() {
        // CPython test_tasks.py: test_shield_cancel_outer (asyncio's inner future goes on in the background
        // while the outer await raises at once; Weft runs the body on the calling thread, so the caller
        // waits for it and then sees the cancel)
        var bodyFinished = new AtomicBoolean();

        var r = VirtualTime.run(() -> {
            Task<Object> outer = spawn(() -> shield(() -> {
                sleep(ms(100));
                bodyFinished.set(true);
                return null;
            }));
            sleep(ms(10));

            outer.cancel();

            assertThrows(CancelledException.class, outer::join);
            assertTrue(bodyFinished.get());
        });

        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void bodyCancellingItselfInsideAShieldIsCancelled() {
        // CPython test_tasks.py: test_shield_cancel_inner (the shielded work itself is cancelled)
        VirtualTime.run(() -> {
            Task<Object> outer = spawn(() -> shield(() -> {
                Weft.currentTask().orElseThrow().cancel();
                sleep(ms(1));
                return "shielded";
            }));

            assertThrows(CancelledException.class, outer::join);
        });
    }

    @Test
    void shieldedGatherCompletesWhenTheCallerIsCancelled() {
        // CPython test_tasks.py: test_shield_gather
        var results = new AtomicReference<List<String>>();

        VirtualTime.run(() -> {
            Task<Object> outer = spawn(() -> shield(() -> {
                results.set(gather(after(ms(10), "a"), after(ms(20), "b")));
                return null;
            }));
            sleep(ms(1));

            outer.cancel();

            assertThrows(CancelledException.class, outer::join);
        });

        assertEquals(List.of("a", "b"), results.get());
    }

    // ---- wait ----

    @Test
    void waitFirstCompletedReturnsAsSoonAsOneTaskIsDone() {
        // CPython test_tasks.py: test_wait_first_completed
        VirtualTime.run(() -> {
            Task<String> a = spawn(after(ms(10), "a"));
            Task<String> b = spawn(after(ms(100), "b"));

            DoneAndPending<String> dp = waitTasks(List.of(a, b), ReturnWhen.FIRST_COMPLETED);

            assertEquals(Set.of(a), dp.done());
            assertEquals(Set.of(b), dp.pending());
            assertFalse(b.isDone());
            assertEquals(ms(10), VirtualTime.elapsed());
            b.cancel();
        });
    }

    @Test
    void waitFirstExceptionReturnsAtTheFirstFailure() {
        // CPython test_tasks.py: test_wait_first_exception
        VirtualTime.run(() -> TaskGroup.supervise(g -> {
            Task<String> ok = g.spawn(after(ms(100), "ok"));
            Task<String> bad = g.spawn(failAfter(ms(10), new Boom("x")));

            DoneAndPending<String> dp = waitTasks(List.of(ok, bad), ReturnWhen.FIRST_EXCEPTION);

            assertEquals(Set.of(bad), dp.done());
            assertEquals(Set.of(ok), dp.pending());
            assertEquals(ms(10), VirtualTime.elapsed());
            bad.exception();
            ok.cancel();
            return null;
        }));
    }

    @Test
    void waitFirstExceptionWithoutFailuresWaitsForAll() {
        // CPython test_tasks.py: test_wait_first_exception_in_wait (no exception: behaves like ALL_COMPLETED)
        VirtualTime.run(() -> {
            Task<String> a = spawn(after(ms(10), "a"));
            Task<String> b = spawn(after(ms(20), "b"));

            DoneAndPending<String> dp = waitTasks(List.of(a, b), ReturnWhen.FIRST_EXCEPTION);

            assertEquals(Set.of(a, b), dp.done());
            assertTrue(dp.pending().isEmpty());
        });
    }

    @Test
    void waitAllCompletedDoesNotThrowForAFailedTask() {
        // CPython test_tasks.py: test_wait_with_exception
        VirtualTime.run(() -> TaskGroup.supervise(g -> {
            Task<String> ok = g.spawn(after(ms(20), "ok"));
            Task<String> bad = g.spawn(failAfter(ms(10), new Boom("x")));

            DoneAndPending<String> dp = waitTasks(List.of(ok, bad), ReturnWhen.ALL_COMPLETED);

            assertEquals(Set.of(ok, bad), dp.done());
            assertInstanceOf(Boom.class, bad.exception());
            return null;
        }));
    }

    @Test
    void waitWithATimeoutReturnsThePendingTasksWithoutCancellingThem() {
        // CPython test_tasks.py: test_wait_with_timeout
        VirtualTime.run(() -> {
            Task<String> a = spawn(after(ms(10), "a"));
            Task<String> b = spawn(after(ms(150), "b"));

            DoneAndPending<String> dp = waitTasks(List.of(a, b), ReturnWhen.ALL_COMPLETED, ms(110));

            assertEquals(Set.of(a), dp.done());
            assertEquals(Set.of(b), dp.pending());
            assertEquals(ms(110), VirtualTime.elapsed());
            assertEquals("b", b.join());
        });
    }

    @Test
    void waitOnTasksAlreadyDoneReturnsAtOnce() {
        // CPython test_tasks.py: test_wait_really_done
        VirtualTime.run(() -> {
            Task<String> a = spawn(() -> "a");
            Task<String> b = spawn(() -> "b");
            a.join();
            b.join();

            DoneAndPending<String> dp = waitTasks(List.of(a, b), ReturnWhen.FIRST_COMPLETED);

            assertEquals(2, dp.done().size());
        });
    }

    @Test
    void waitIsACancellationPoint() {
        // CPython test_tasks.py: the wait tests (cancelling a task blocked in asyncio.wait); the watched
        // tasks are not cancelled
        VirtualTime.run(() -> {
            Task<String> watched = spawn(after(ms(100), "w"));
            Task<Object> waiter = spawn(() -> waitTasks(List.of(watched), ReturnWhen.ALL_COMPLETED));
            sleep(ms(1));

            waiter.cancel();

            assertThrows(CancelledException.class, waiter::join);
            assertEquals("w", watched.join());
        });
    }

    // ---- as_completed ----

    @Test
    void asCompletedYieldsTasksInCompletionOrder() {
        // CPython test_tasks.py: test_as_completed
        var order = new ArrayList<String>();

        VirtualTime.run(() -> {
            List<Task<String>> tasks = List.of(
                    spawn(after(ms(30), "c")), spawn(after(ms(10), "a")), spawn(after(ms(20), "b")));
            for (Task<String> t : asCompleted(tasks)) {
                order.add(t.join());
            }
        });

        assertEquals(List.of("a", "b", "c"), order);
    }

    @Test
    void asCompletedWithATimeoutThrowsAndCancelsNothing() {
        // CPython test_tasks.py: test_as_completed_with_timeout
        VirtualTime.run(() -> {
            Task<String> fast = spawn(after(ms(10), "a"));
            Task<String> slow = spawn(after(ms(500), "b"));
            Iterator<Task<String>> it = asCompleted(List.of(fast, slow), ms(100)).iterator();

            assertSame(fast, it.next());
            assertThrows(TimedOutException.class, it::next);

            assertFalse(slow.isCancelled());
            assertEquals("b", slow.join());
        });
    }

    @Test
    void asCompletedHandsOutTasksThatFinishedBeforeTheLoop() {
        // CPython test_tasks.py: test_as_completed_reverse_wait
        VirtualTime.run(() -> {
            Task<String> a = spawn(after(ms(10), "a"));
            Task<String> b = spawn(after(ms(20), "b"));
            sleep(ms(30));

            var seen = new ArrayList<String>();
            for (Task<String> t : asCompleted(List.of(a, b))) {
                seen.add(t.join());
            }

            assertEquals(Set.of("a", "b"), Set.copyOf(seen));
        });
    }

    @Test
    void asCompletedOfSimultaneousTasksYieldsEachOnce() {
        // CPython test_tasks.py: test_as_completed_concurrent
        VirtualTime.run(() -> {
            Task<String> a = spawn(after(ms(10), "a"));
            Task<String> b = spawn(after(ms(10), "b"));

            var seen = new ArrayList<String>();
            for (Task<String> t : asCompleted(List.of(a, b))) {
                seen.add(t.join());
            }

            assertEquals(2, seen.size());
            assertEquals(Set.of("a", "b"), Set.copyOf(seen));
        });
    }

    // ---- cancel ----

    @Test
    void cancelMarksTheTaskCancelledOnceItsCleanupRan() {
        // CPython test_tasks.py: test_cancel
        var cleanedUp = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                try {
                    sleep(LONG);
                } finally {
                    cleanedUp.set(true);
                }
                return null;
            });
            sleep(ms(1));

            assertTrue(task.cancel());

            assertThrows(CancelledException.class, task::join);
            assertTrue(task.isCancelled());
            assertTrue(cleanedUp.get());
            assertInstanceOf(CancelledException.class, task.exception());
        });
    }

    @Test
    void cancelOfADoneTaskReturnsFalse() {
        // CPython test_tasks.py: test_cancel (cancel() is False once the task is done)
        VirtualTime.run(() -> {
            Task<String> task = spawn(() -> "done");
            task.join();

            assertFalse(task.cancel());
            assertEquals("done", task.result());
        });
    }

    @Test
    void taskThatCatchesTheCancelAndReturnsStillEndsCancelled() {
        // CPython test_tasks.py: test_cancel_task_catching. asyncio's task returns 42 and is not cancelled;
        // Weft's cancellation is level-triggered and a cancel that returned true ends the task cancelled
        // (issue 11 §2 item 8)
        VirtualTime.run(() -> {
            Task<Integer> task = spawn(() -> {
                try {
                    sleep(LONG);
                } catch (CancelledException e) {
                    return 42;
                }
                return 0;
            });
            sleep(ms(1));

            assertTrue(task.cancel());

            awaitDone(task);
            assertNotEquals(Future.State.SUCCESS, task.state());
        });
    }

    @Test
    void taskThatIgnoresTheCancelFindsItsNextWaitCancelledToo() {
        // CPython test_tasks.py: test_cancel_task_ignoring (asyncio's next await runs normally; Weft's
        // cancel is level-triggered like Trio's)
        var secondWaitThrew = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                try {
                    sleep(LONG);
                } catch (CancelledException ignored) {
                    // ignored
                }
                try {
                    sleep(ms(1));
                } catch (CancelledException again) {
                    secondWaitThrew.set(true);
                    throw again;
                }
                return null;
            });
            sleep(ms(1));

            task.cancel();

            assertThrows(CancelledException.class, task::join);
        });

        assertTrue(secondWaitThrew.get());
    }

    @Test
    void taskCancellingItselfSeesItAtItsNextWait() {
        // CPython test_tasks.py: test_cancel_current_task
        var afterCancel = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                assertTrue(Weft.currentTask().orElseThrow().cancel());
                afterCancel.set(true);             // cancel() does not throw by itself
                sleep(ms(1));
                return "not reached";
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertTrue(afterCancel.get());
    }

    @Test
    void cancellingAJoinerDoesNotCancelTheJoinedTask() {
        // CPython test_tasks.py: test_task_cancel_waiter_future / test_cancel_inner_future. asyncio cancels
        // the awaited future; Weft's join is Kotlin's await (issue 11, decision "waitFor")
        VirtualTime.run(() -> {
            Task<String> inner = spawn(after(ms(100), "inner"));
            Task<String> outer = spawn(inner::join);
            sleep(ms(1));

            outer.cancel();

            assertThrows(CancelledException.class, outer::join);
            assertEquals("inner", inner.join());
        });
    }

    @Test
    void joiningACancelledTaskFailsTheJoinerWithoutCancellingIt() {
        // CPython test_tasks.py: test_cancel_inner_future (asyncio propagates the inner cancel as the outer
        // task's cancel); Weft's decision (issue 11, "who is cancelled"): the escaping cancel is a failure
        VirtualTime.run(() -> TaskGroup.supervise(g -> {
            Task<String> inner = g.spawn(after(LONG, "inner"));
            inner.cancel();
            Task<String> outer = g.spawn(inner::join);

            awaitDone(outer);

            assertEquals(Future.State.FAILED, outer.state());
            assertInstanceOf(CancellationException.class, outer.exception());
            return null;
        }));
    }

    @Test
    void cancelThatRacesTheTasksReturnNeverReportsTrueForASuccess() {
        // CPython test_tasks.py: test_cancel_at_end, repeated (issue 11 §2 item 8): cancel() returns true
        // only if the task then ends not SUCCESS
        Weft.run(() -> {
            int wrong = 0;
            for (int round = 0; round < CANCEL_RACE_ROUNDS; round++) {
                var go = new CountDownLatch(1);
                Task<Integer> task = spawn(() -> {
                    go.countDown();
                    return 1;
                });
                awaitLatch(go);

                boolean accepted = task.cancel();
                awaitDone(task);

                if (accepted && task.state() == Future.State.SUCCESS) {
                    wrong++;
                }
            }
            assertEquals(0, wrong, "cancel() returned true for tasks that then succeeded");
        });
    }

    @Test
    void resultAndExceptionOfARunningTaskThrowIllegalState() {
        // CPython test_tasks.py: test_exception / test_result (InvalidStateError while pending)
        VirtualTime.run(() -> {
            Task<String> task = spawn(after(ms(10), "v"));

            assertThrows(IllegalStateException.class, task::result);
            assertThrows(IllegalStateException.class, task::exception);

            assertEquals("v", task.join());
            assertNull(task.exception());
        });
    }

    @Test
    void doneCallbackOnADoneTaskRunsAtOnce() {
        // CPython test_tasks.py: test_add_done_callback (asyncio schedules it soon; Weft runs it at once)
        VirtualTime.run(() -> {
            Task<String> task = spawn(() -> "v");
            task.join();
            var seen = new AtomicReference<Task<String>>();

            task.onDone(seen::set);

            assertSame(task, seen.get());
        });
    }

    @Test
    void doneCallbackRunsWhenTheTaskCompletes() {
        // CPython test_tasks.py: test_add_done_callback, on a pending task
        var calls = new AtomicInteger();

        VirtualTime.run(() -> {
            Task<String> task = spawn(after(ms(10), "v"));
            task.onDone(t -> calls.incrementAndGet());
            assertEquals(0, calls.get());

            task.join();
        });

        assertEquals(1, calls.get());
    }

    @Test
    void currentTaskIsTheRunningTask() {
        // CPython test_tasks.py: test_current_task
        VirtualTime.run(() -> {
            var inside = new AtomicReference<Task<?>>();
            Task<Object> task = spawn(() -> {
                inside.set(Weft.currentTask().orElseThrow());
                return null;
            });
            task.join();

            assertSame(task, inside.get());
        });
    }

    @Test
    void cancellingATaskBeforeItStartsMeansItsBodyNeverRuns() {
        // CPython test_tasks.py: test_cancel (a task cancelled before its first step never runs its
        // coroutine) with the TaskGroup's born-cancelled rule of issue 11; repeated, as the start races the cancel
        Weft.run(() -> {
            for (int round = 0; round < 200; round++) {
                var ran = new AtomicBoolean();
                TaskGroup.run(g -> {
                    g.cancel();
                    Task<Object> t = g.spawn(() -> {
                        ran.set(true);
                        return null;
                    });
                    awaitDone(t);
                    assertTrue(t.isCancelled());
                    return null;
                });
                assertFalse(ran.get(), "round " + round);
            }
        });
    }

    // ---- context ----

    @Test
    void childSeesTheSpawnersContextAndItsChangesStayInTheChild() {
        // CPython test_tasks.py: test_context_1 (a task runs in a copy of its creator's context)
        var id = ContextVar.<String>named("request-id");
        var inChild = new AtomicReference<String>();

        String after = Weft.run(() -> {
            try (var token = id.set("outer")) {
                spawn(() -> {
                    inChild.set(id.get());
                    id.set("changed in the child");
                    return null;
                }).join();
                return id.get();
            }
        });

        assertEquals("outer", inChild.get());
        assertEquals("outer", after);
    }

    @Test
    void contextChangeInsideADoneCallbackDoesNotLeakIntoTheCaller() {
        // CPython test_tasks.py: test_context_3 (callbacks run in a context of their own); issue 11 decision
        // "done-callbacks": on a done task the callback runs at once, its ContextVar change stays inside
        var id = ContextVar.<String>named("request-id");

        String seen = Weft.run(() -> {
            try (var token = id.set("caller")) {
                Task<String> task = spawn(() -> "v");
                task.join();
                var ran = new AtomicBoolean();

                task.onDone(t -> {
                    id.set("set by the callback");
                    ran.set(true);
                });

                assertTrue(ran.get(), "ran at once");
                return id.get();
            }
        });

        assertEquals("caller", seen);
    }

    // ---- all_tasks ----

    @Test
    void liveTasksAndTheDumpShowATaskOfAGroupNestedInAGroupOnAPlainThread() {
        // CPython test_tasks.py: the all_tasks tests (every running task is listed), for the HTTP-handler case
        // of issue 11 §2 item 13: groups opened on a plain thread, one inside the other
        try (var outer = TaskGroup.open()) {
            try (var inner = TaskGroup.open()) {
                Task<Object> sleeper = inner.spawn("nested-sleeper", () -> {
                    sleep(LONG);
                    return null;
                });
                try {
                    assertTrue(Weft.liveTasks().contains(sleeper), "liveTasks: " + Weft.liveTasks());
                    assertTrue(Weft.dumpTaskTree().contains("nested-sleeper"), Weft.dumpTaskTree());
                } finally {
                    inner.cancel();
                }
            }
        }
    }

    // ---- prompt cancellation (issue 11 §1): a Weft wait in a cancelled task throws even if it need not wait ----

    @Test
    void joinOfAFinishedTaskInACancelledTaskThrows() {
        // CPython test_tasks.py: test_cancel_inner_future (awaiting in a cancelled task raises CancelledError
        // at once), with an awaited task that is already done
        VirtualTime.run(() -> {
            Task<String> done = spawn(() -> "v");
            done.join();
            Task<Object> joiner = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                return done.join();
            });

            assertThrows(CancelledException.class, joiner::join);
        });
    }

    @Test
    void gatherInACancelledTaskRunsNoBody() {
        // CPython test_tasks.py: test_cancel_gather_2 (the gather is cancelled as it starts)
        var ran = new AtomicInteger();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                return gather(() -> ran.incrementAndGet(), () -> ran.incrementAndGet());
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertEquals(0, ran.get());
    }

    @Test
    void waitOnDoneTasksInACancelledTaskThrows() {
        // CPython test_tasks.py: test_wait_really_done, from a cancelled task
        VirtualTime.run(() -> {
            Task<String> done = spawn(() -> "v");
            done.join();
            Task<Object> waiter = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                return waitTasks(List.of(done), ReturnWhen.ALL_COMPLETED);
            });

            assertThrows(CancelledException.class, waiter::join);
        });
    }

    @Test
    void asCompletedNextInACancelledTaskThrows() {
        // CPython test_tasks.py: test_as_completed_reverse_wait, from a cancelled task
        VirtualTime.run(() -> {
            Task<String> done = spawn(() -> "v");
            done.join();
            Task<Object> consumer = spawn(() -> {
                Iterator<Task<String>> it = asCompleted(List.of(done)).iterator();
                Weft.currentTask().orElseThrow().cancel();
                return it.next();
            });

            assertThrows(CancelledException.class, consumer::join);
        });
    }
}
