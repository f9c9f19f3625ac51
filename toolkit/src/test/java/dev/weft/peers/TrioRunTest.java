package dev.weft.peers;

import static dev.weft.Weft.checkCancelled;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.timeoutOrNull;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.awaitDone;
import static dev.weft.peers.Peers.carries;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimedOutException;
import dev.weft.Timeout;
import dev.weft.Weft;
import dev.weft.peers.Peers.Boom;
import dev.weft.peers.Peers.OtherBoom;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Trio src/trio/_core/_tests/test_run.py, the cancellation and nursery tests: a nursery is a
 * {@link TaskGroup}, a cancel scope's {@code cancel()} is the group's, and {@code shield=True} is
 * {@code Weft.shield}. Weft's cancellation is level-triggered like Trio's.
 */
@Tag(Peers.ONE_CARRIER)
@org.junit.jupiter.api.Timeout(60)
class TrioRunTest {

    @Test
    void runReturnsWhatMainReturns() {
        // Trio test_run.py: test_basic
        assertEquals(3, Weft.run(() -> 1 + 2));
    }

    @Test
    void runRethrowsTheFailureOfMain() {
        // Trio test_run.py: test_initial_task_error
        Boom thrown = assertThrows(Boom.class, () -> Weft.run(() -> {
            throw new Boom("main");
        }));

        assertEquals("main", thrown.getMessage());
    }

    @Test
    void childCrashIsWhatTheNurseryThrows() {
        // Trio test_run.py: test_child_crash_basic
        Boom thrown = assertThrows(Boom.class, () -> TaskGroup.run(g -> {
            g.spawn(() -> {
                throw new Boom("child");
            });
            return null;
        }));

        assertEquals("child", thrown.getMessage());
    }

    @Test
    void childrenInterleaveAtTheirSleeps() {
        // Trio test_run.py: test_basic_interleave
        var record = Collections.synchronizedList(new ArrayList<String>());

        VirtualTime.run(() -> TaskGroup.run(g -> {
            for (String who : List.of("a", "b")) {
                g.spawn(() -> {
                    record.add(who + "0");
                    sleep(ms(who.equals("a") ? 10 : 15));
                    record.add(who + "1");
                    sleep(ms(10));
                    record.add(who + "2");
                    return null;
                });
            }
            return null;
        }));

        assertEquals(List.of("a1", "b1", "a2", "b2"), record.subList(2, 6));
        assertEquals(java.util.Set.of("a0", "b0"), java.util.Set.copyOf(record.subList(0, 2)));
    }

    @Test
    void crashOfOneChildCancelsALoopingSibling() {
        // Trio test_run.py: test_task_crash_propagation
        var looperCancelled = new AtomicBoolean();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                try {
                    while (true) {
                        sleep(Duration.ZERO);
                        sleep(ms(1));
                    }
                } catch (CancelledException e) {
                    looperCancelled.set(true);
                    throw e;
                }
            });
            g.spawn(() -> {
                sleep(ms(5));
                throw new Boom("crasher");
            });
            return null;
        })));

        assertTrue(looperCancelled.get());
    }

    @Test
    void whenMainAndAChildBothCrashNeitherFailureIsLost() {
        // Trio test_run.py: test_main_and_task_both_crash
        Throwable thrown = assertThrows(RuntimeException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                throw new Boom("child");
            });
            try {
                sleep(LONG);
            } finally {
                throw new OtherBoom("main");
            }
        })));

        assertTrue(carries(thrown, Boom.class), thrown.toString());
        assertTrue(carries(thrown, OtherBoom.class), thrown.toString());
    }

    @Test
    void twoChildCrashesAreBothReported() {
        // Trio test_run.py: test_two_child_crashes
        Throwable thrown = assertThrows(RuntimeException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            var both = new java.util.concurrent.CyclicBarrier(2);
            g.spawn(() -> {
                both.await();
                throw new Boom("one");
            });
            g.spawn(() -> {
                both.await();
                throw new OtherBoom("two");
            });
            return null;
        })));

        // both throw right after the barrier, without another Weft call: a task that fails while being
        // cancelled ends failed, so both failures are reported
        assertTrue(carries(thrown, Boom.class), thrown.toString());
        assertTrue(carries(thrown, OtherBoom.class), thrown.toString());
    }

    @Test
    void childCrashWakesTheSleepingBody() {
        // Trio test_run.py: test_child_crash_wakes_parent
        var r = VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    sleep(ms(10));
                    throw new Boom("child");
                });
                sleep(LONG);
                return null;
            }));
        });

        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void everyCheckpointOfACancelledTaskThrows() {
        // Trio test_run.py: test_cancel_points (level-triggered: each later wait raises again)
        var raised = new AtomicInteger();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                for (int i = 0; i < 3; i++) {
                    try {
                        sleep(Duration.ZERO);
                    } catch (CancelledException e) {
                        raised.incrementAndGet();
                    }
                }
                try {
                    checkCancelled();
                } catch (CancelledException e) {
                    raised.incrementAndGet();
                }
                return null;
            });
            awaitDone(task);
            assertTrue(task.isCancelled());
        });

        assertEquals(4, raised.get());
    }

    @Test
    void cancelledGroupCancelsItsChildrenWithoutFailing() {
        // Trio test_run.py: test_cancel_scope_nesting / nursery.cancel_scope.cancel()
        var cancelledChildren = new AtomicInteger();

        String result = VirtualTime.run(() -> TaskGroup.run(g -> {
            for (int i = 0; i < 3; i++) {
                g.spawn(() -> {
                    try {
                        sleep(LONG);
                    } catch (CancelledException e) {
                        cancelledChildren.incrementAndGet();
                        throw e;
                    }
                    return null;
                });
            }
            sleep(ms(1));
            g.cancel();
            return "ok";
        })).value();

        assertEquals("ok", result);
        assertEquals(3, cancelledChildren.get());
    }

    @Test
    void shieldProtectsItsBodyFromAnOuterCancel() {
        // Trio test_run.py: test_cancel_shielding
        var shieldedSlept = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                assertThrows(CancelledException.class, () -> sleep(Duration.ZERO));
                shield(() -> {
                    sleep(ms(10));
                    shieldedSlept.set(true);
                    return null;
                });
                return null;
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertTrue(shieldedSlept.get());
    }

    @Test
    void timeoutInsideAShieldStillFires() {
        // Trio test_run.py: test_cancel_shielding (a shielded scope's own deadline still applies)
        VirtualTime.run(() -> shield(() -> {
            assertNull(timeoutOrNull(ms(5), () -> {
                sleep(LONG);
                return "not reached";
            }));
            return null;
        }));
    }

    @Test
    void shieldEnteredWhileATimeoutIsPendingRunsItsBodyAndThenReportsTheTimeout() {
        // Trio test_run.py: test_cancel_shielding, entered after the deadline passed during CPU work
        // (issue 11 §2 item 1): the shielded sleep completes, the timeout stays a timeout
        var bodyDone = new AtomicBoolean();

        Weft.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(ms(5))) {
                    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < end) {
                        Thread.yield();                 // lets other virtual threads run, also on one carrier
                    }
                    shield(() -> {
                        sleep(ms(10));
                        bodyDone.set(true);
                        return 1;
                    });
                }
            });
            sleep(Duration.ZERO);                    // the task itself is not cancelled
        });

        assertTrue(bodyDone.get());
    }

    @Test
    void shieldEnteredWhileACancelIsPendingRunsItsBodyAndThenReportsTheCancel() {
        // Trio test_run.py: test_cancel_shield_abort, with the cancel arriving during CPU work (issue 11 §2
        // item 1)
        var bodyDone = new AtomicBoolean();

        Weft.run(() -> {
            var computing = new java.util.concurrent.CountDownLatch(1);
            Task<Object> task = spawn(() -> {
                computing.countDown();
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!Thread.currentThread().isInterrupted() && System.nanoTime() < end) {
                    Thread.yield();                 // lets other virtual threads run, also on one carrier
                }
                shield(() -> {
                    sleep(ms(10));
                    bodyDone.set(true);
                    return null;
                });
                return null;
            });
            Peers.awaitLatch(computing);

            task.cancel();

            assertThrows(CancelledException.class, task::join);
        });

        assertTrue(bodyDone.get());
    }

    @Test
    void groupRunInsideAShieldIsNotCancelledByThePendingCancel() {
        // Trio test_run.py: test_cancel_shielding with a nursery inside the shield (issue 11 §2 item 1)
        var groupResult = new AtomicReference<String>();

        Weft.run(() -> {
            var computing = new java.util.concurrent.CountDownLatch(1);
            Task<Object> task = spawn(() -> {
                computing.countDown();
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!Thread.currentThread().isInterrupted() && System.nanoTime() < end) {
                    Thread.yield();                 // lets other virtual threads run, also on one carrier
                }
                shield(() -> {
                    groupResult.set(TaskGroup.run(g -> g.spawn(() -> {
                        sleep(ms(5));
                        return "inner";
                    }).join()));
                    return null;
                });
                return null;
            });
            Peers.awaitLatch(computing);

            task.cancel();

            assertThrows(CancelledException.class, task::join);
        });

        assertEquals("inner", groupResult.get());
    }

    @Test
    void taskSpawnedIntoACancelledNurseryNeverRuns() {
        // Trio test_run.py: test_precancelled_task (Trio runs it up to its first checkpoint; Weft's tasks
        // are born cancelled and never run, issue 11)
        var ran = new AtomicBoolean();

        VirtualTime.run(() -> TaskGroup.run(g -> {
            g.cancel();
            Task<Object> t = g.spawn(() -> {
                ran.set(true);
                return null;
            });
            awaitDone(t);
            assertTrue(t.isCancelled());
            return null;
        }));

        assertFalse(ran.get());
    }

    @Test
    void exceptionOfTheNurseryBodyCancelsTheChildrenAndPropagates() {
        // Trio test_run.py: test_nursery_explicit_exception
        var childCancelled = new AtomicBoolean();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                try {
                    sleep(LONG);
                } catch (CancelledException e) {
                    childCancelled.set(true);
                    throw e;
                }
                return null;
            });
            sleep(ms(1));
            throw new Boom("body");
        })));

        assertTrue(childCancelled.get());
    }

    @Test
    void spawningIntoAClosedNurseryThrows() {
        // Trio test_run.py: test_nursery_closure ("Nursery is closed to new arrivals")
        TaskGroup closed;
        try (var g = TaskGroup.open()) {
            closed = g;
        }

        assertThrows(IllegalStateException.class, () -> closed.spawn(() -> 1));
    }

    @Test
    void spawnedTaskHasTheGivenNameOrAGeneratedOne() {
        // Trio test_run.py: test_spawn_name
        Weft.run(() -> {
            assertEquals("hello", spawn("hello", () -> null).name());
            assertFalse(spawn(() -> null).name().isBlank());
        });
    }

    @Test
    void currentTaskIsEmptyOutsideAndPresentInside() {
        // Trio test_run.py: test_current_task
        assertTrue(Weft.currentTask().isEmpty());

        Weft.run(() -> {
            Task<Object> t = spawn(() -> Weft.currentTask().orElseThrow());
            assertEquals(t, t.join());
        });
    }

    @Test
    void timekeepingFollowsTheClock() {
        // Trio test_run.py: test_timekeeping (with the mock clock)
        var r = VirtualTime.run(() -> {
            var before = VirtualTime.elapsed();
            sleep(ms(1234));
            return VirtualTime.elapsed().minus(before);
        });

        assertEquals(ms(1234), r.value());
    }

    @Test
    void spawningOutsideAnyScopeFailsAtOnce() {
        // Trio test_run.py: test_current_task outside of a run / nursery ("must be called from async context")
        assertThrows(IllegalStateException.class, () -> spawn(() -> 1));
    }

    @Test
    void cancelledNurseryBodyStopsAtItsNextCheckpointAndTheNurseryDoesNotFail() {
        // Trio test_run.py: test_cancel_edge_cases (cancel a scope before its body's first checkpoint)
        var reached = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                Weft.currentTask().orElseThrow().cancel();
                sleep(Duration.ZERO);
                reached.set(true);
                return null;
            }));
            assertThrows(CancelledException.class, runner::join);
        });

        assertFalse(reached.get());
    }

    @Test
    void scopesClosedOutOfOrderAreRefusedAndCanThenBeClosedInOrder() {
        // Trio test_run.py: test_cancel_scope_misnesting (exiting scopes in the wrong order is an error; issue 11
        // §2 item 10: the refused close leaves nothing half-closed)
        String result = Weft.run(() -> {
            Timeout t = timeout(LONG);
            TaskGroup g = TaskGroup.open();

            assertThrows(IllegalStateException.class, t::close);

            g.close();
            t.close();
            sleep(Duration.ZERO);
            return "ok";
        });

        assertEquals("ok", result);
    }

    @Test
    void enteringANurseryInACancelledTaskThrowsBeforeTheBodyRuns() {
        // Trio test_run.py: test_cancel_edge_cases (a nursery opened in a cancelled scope); issue 11 §1, prompt
        // cancellation covers entering a scope
        var bodyRan = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                return TaskGroup.run(g -> {
                    bodyRan.set(true);
                    return null;
                });
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertFalse(bodyRan.get());
    }

    @Test
    void enteringATimeoutOrNullInACancelledTaskThrowsBeforeTheBodyRuns() {
        // Trio test_run.py: test_cancel_edge_cases (move_on_after entered in a cancelled scope); issue 11 §1
        var bodyRan = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> task = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                return timeoutOrNull(LONG, () -> {
                    bodyRan.set(true);
                    return "x";
                });
            });

            assertThrows(CancelledException.class, task::join);
        });

        assertFalse(bodyRan.get());
    }

    @Test
    void taskReturningWithAGroupLeftOpenKeepsTheChildsFailure() {
        // Trio test_run.py: test_nursery_warn_use_async_with (a nursery must be used as a context manager);
        // Java's try-with-resources can be skipped, so Weft closes a left-open group for the task and fails it
        // (README "What a body received is the body's"); issue 11 §2 item 7: the child's failure is attached
        VirtualTime.run(() -> TaskGroup.supervise(sup -> {
            Task<String> task = sup.spawn(() -> {
                TaskGroup g = TaskGroup.open();
                Task<Object> child = g.spawn(() -> {
                    throw new Boom("child");
                });
                while (!child.isDone()) {
                    Thread.yield();
                }
                return "returned with the group open";
            });

            awaitDone(task);

            assertEquals(java.util.concurrent.Future.State.FAILED, task.state());
            assertTrue(Peers.mentions(task.exception(), Boom.class), "the child's failure: " + task.exception());
            return null;
        }));
    }
}
