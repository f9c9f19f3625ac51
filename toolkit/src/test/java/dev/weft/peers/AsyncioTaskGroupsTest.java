package dev.weft.peers;

import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.carries;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.peers.Peers.Boom;
import dev.weft.peers.Peers.FatalBoom;
import dev.weft.peers.Peers.OtherBoom;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * CPython Lib/test/test_asyncio/test_taskgroups.py, ported to {@link TaskGroup}. asyncio wraps child
 * failures in an {@code ExceptionGroup}; Weft rethrows the first failure itself, later ones suppressed.
 */
@org.junit.jupiter.api.Timeout(30)
class AsyncioTaskGroupsTest {

    private static <T> T after(Duration d, T value) {
        sleep(d);
        return value;
    }

    private static Void failAfter(Duration d, RuntimeException e) {
        sleep(d);
        throw e;
    }

    @Test
    void groupWaitsForEveryChildAndKeepsTheirResults() {
        // CPython test_taskgroups.py: test_taskgroup_01
        var r = VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> t1 = g.spawn(() -> after(ms(100), 42));
            Task<Integer> t2 = g.spawn(() -> after(ms(200), 11));
            return List.of(t1, t2);
        }));

        assertEquals(42, r.value().get(0).result());
        assertEquals(11, r.value().get(1).result());
        assertEquals(ms(200), r.elapsed());
    }

    @Test
    void childSpawnedLaterInTheBodyIsAwaitedToo() {
        // CPython test_taskgroups.py: test_taskgroup_02
        var r = VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> t1 = g.spawn(() -> after(ms(100), 42));
            sleep(ms(150));
            Task<Integer> t2 = g.spawn(() -> after(ms(200), 11));
            return List.of(t1, t2);
        }));

        assertEquals(List.of(42, 11), r.value().stream().map(Task::result).toList());
        assertEquals(ms(350), r.elapsed());
    }

    @Test
    void cancellingOneChildExplicitlyDoesNotFailTheGroup() {
        // CPython test_taskgroups.py: test_taskgroup_03
        var r = VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> t1 = g.spawn(() -> after(ms(1000), 42));
            sleep(ms(150));
            t1.cancel();
            Task<Integer> t2 = g.spawn(() -> after(ms(200), 11));
            return List.of(t1, t2);
        }));

        assertTrue(r.value().get(0).isCancelled());
        assertEquals(11, r.value().get(1).result());
    }

    @Test
    void childFailureCancelsTheSiblingAndSkipsTheCodeAfterTheGroup() {
        // CPython test_taskgroups.py: test_taskgroup_04
        var siblingSawCancel = new AtomicBoolean();
        var afterGroup = new AtomicBoolean();
        var sibling = new AtomicReference<Task<Void>>();

        Boom thrown = assertThrows(Boom.class, () -> VirtualTime.run(() -> {
            TaskGroup.run(g -> {
                g.spawn(() -> failAfter(ms(100), new Boom("1/0")));
                sibling.set(g.spawn(() -> {
                    try {
                        sleep(ms(1000));
                    } catch (CancelledException e) {
                        siblingSawCancel.set(true);
                        throw e;
                    }
                    return null;
                }));
                return null;
            });
            afterGroup.set(true);
        }));

        assertEquals("1/0", thrown.getMessage());
        assertFalse(afterGroup.get());
        assertTrue(siblingSawCancel.get());
        assertTrue(sibling.get().isCancelled());
    }

    @Test
    void childFailureCancelsTheBodyAndTheOtherChildren() {
        // CPython test_taskgroups.py: test_cancel_children_on_child_error
        var bodySawIt = new AtomicBoolean();
        var sleeperCancelled = new AtomicBoolean();

        Boom thrown = assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            for (int i = 0; i < 3; i++) {
                g.spawn(() -> failAfter(ms(100), new Boom("1/0")));
            }
            g.spawn(() -> {
                try {
                    sleep(ms(5000));
                } catch (CancelledException e) {
                    sleeperCancelled.set(true);
                    throw e;
                }
                return null;
            });
            try {
                sleep(ms(10_000));
            } catch (RuntimeException e) {
                bodySawIt.set(true);
                throw e;
            }
            return null;
        })));

        assertEquals("1/0", thrown.getMessage());
        assertTrue(bodySawIt.get());
        assertTrue(sleeperCancelled.get());
        for (Throwable s : thrown.getSuppressed()) {
            assertInstanceOf(Boom.class, s, "only the children's failures ride along, no cancellation");
        }
    }

    @Test
    void cancellingTheTaskThatRunsTheGroupCancelsEveryChild() {
        // CPython test_taskgroups.py: test_cancellation
        var cancelledChildren = new AtomicInteger();

        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.spawn(() -> {
                        try {
                            sleep(ms(5000));
                        } catch (CancelledException e) {
                            cancelledChildren.incrementAndGet();
                            throw e;
                        }
                        return null;
                    });
                }
                return null;
            }));
            sleep(ms(100));
            assertFalse(runner.isDone());

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
            assertTrue(runner.isCancelled());
        });

        assertEquals(5, cancelledChildren.get());
    }

    @Test
    void cancellingTheRunnerReachesTheBodyAsWellAsTheChildren() {
        // CPython test_taskgroups.py: test_taskgroup_07
        var num = new AtomicInteger();

        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.spawn(() -> {
                        try {
                            sleep(ms(5000));
                        } catch (CancelledException e) {
                            num.incrementAndGet();
                            throw e;
                        }
                        return null;
                    });
                }
                try {
                    sleep(ms(10_000));
                } catch (CancelledException e) {
                    num.addAndGet(10);
                    throw e;
                }
                return null;
            }));
            sleep(ms(100));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
        });

        assertEquals(15, num.get());
    }

    @Test
    void runnerCancelledBeforeItsChildrenFailEndsCancelledNotFailed() {
        // CPython test_taskgroups.py: test_cancellation_in_body
        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.spawn(() -> failAfter(ms(100), new Boom("1/0")));
                }
                sleep(ms(10_000));
                return null;
            }));
            sleep(ms(50));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
            assertEquals(Future.State.CANCELLED, runner.state());
        });
    }

    @Test
    void bodyFailureAfterASleepCancelsTheChildren() {
        // CPython test_taskgroups.py: test_taskgroup_09
        var tasks = new ArrayList<Task<Integer>>();

        assertThrows(ArithmeticException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            tasks.add(g.spawn(() -> after(ms(1000), 42)));
            tasks.add(g.spawn(() -> after(ms(2000), 11)));
            sleep(ms(100));
            return 1 / (tasks.size() - 2);
        })));

        assertTrue(tasks.get(0).isCancelled());
        assertTrue(tasks.get(1).isCancelled());
    }

    @Test
    void bodyFailureAtOnceCancelsTheChildren() {
        // CPython test_taskgroups.py: test_taskgroup_10
        var tasks = new ArrayList<Task<Integer>>();

        assertThrows(ArithmeticException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            tasks.add(g.spawn(() -> after(ms(1000), 42)));
            tasks.add(g.spawn(() -> after(ms(2000), 11)));
            return 1 / (tasks.size() - 2);
        })));

        assertTrue(tasks.get(0).isCancelled());
        assertTrue(tasks.get(1).isCancelled());
    }

    @Test
    void cancellingARunnerOfNestedGroupsEndsItCancelled() {
        // CPython test_taskgroups.py: test_taskgroup_11
        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(outer -> TaskGroup.run(inner -> {
                for (int i = 0; i < 5; i++) {
                    inner.spawn(() -> failAfter(ms(100), new Boom("1/0")));
                }
                sleep(ms(10_000));
                return null;
            })));
            sleep(ms(50));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
        });
    }

    @Test
    void cancellingARunnerWhoseOuterGroupHasAChildEndsItCancelled() {
        // CPython test_taskgroups.py: test_taskgroup_12
        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g1 -> {
                Task<Object> sleeper = g1.spawn(() -> after(ms(10_000), null));
                TaskGroup.run(g2 -> {
                    for (int i = 0; i < 5; i++) {
                        g2.spawn(() -> failAfter(ms(100), new Boom("1/0")));
                    }
                    sleep(ms(10_000));
                    return null;
                });
                return sleeper;
            }));
            sleep(ms(50));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
        });
    }

    @Test
    void outerChildFailureCancelsTheNestedGroupAndIsWhatRunThrows() {
        // CPython test_taskgroups.py: test_taskgroup_13
        var innerChild = new AtomicReference<Task<Void>>();

        Boom thrown = assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(g1 -> {
            g1.spawn(() -> failAfter(ms(100), new Boom("outer")));
            return TaskGroup.run(g2 -> {
                innerChild.set(g2.spawn(() -> failAfter(ms(10_000), new Boom("inner"))));
                return null;
            });
        })));

        assertEquals("outer", thrown.getMessage());
        assertTrue(innerChild.get().isCancelled());
    }

    @Test
    void nestedGroupFailureFailsTheOuterGroupAndCancelsItsChild() {
        // CPython test_taskgroups.py: test_taskgroup_14 (asyncio nests the ExceptionGroups; Weft throws
        // the failure itself)
        var outerChild = new AtomicReference<Task<Void>>();

        Boom thrown = assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(g1 -> {
            outerChild.set(g1.spawn(() -> failAfter(ms(10_000), new Boom("outer"))));
            return TaskGroup.run(g2 -> {
                g2.spawn(() -> failAfter(ms(100), new Boom("inner")));
                return null;
            });
        })));

        assertEquals("inner", thrown.getMessage());
        assertTrue(outerChild.get().isCancelled());
    }

    @Test
    void waitInTheCleanupOfACancelledBodyThrowsAgainBecauseCancellationIsLevelTriggered() {
        // CPython test_taskgroups.py: test_taskgroup_15. asyncio lets the cleanup sleep 0.5 s; Weft's
        // cancellation is level-triggered (Trio), so the cleanup's sleep throws at once.
        var secondCancel = new AtomicBoolean();

        var r = VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                g.spawn(() -> failAfter(ms(300), new Boom("1/0")));
                try {
                    sleep(ms(10_000));
                } catch (CancelledException e) {
                    try {
                        sleep(ms(500));
                    } catch (CancelledException again) {
                        secondCancel.set(true);
                    }
                    throw e;
                }
                return null;
            }));
            sleep(ms(100));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
        });

        assertTrue(secondCancel.get());
        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void shieldedCleanupOfACancelledBodyRunsToItsEnd() {
        // CPython test_taskgroups.py: test_taskgroup_15, with the cleanup in a shield as Weft spells it
        var r = VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                g.spawn(() -> failAfter(ms(300), new Boom("1/0")));
                try {
                    sleep(ms(10_000));
                } catch (CancelledException e) {
                    shield(() -> after(ms(500), null));
                    throw e;
                }
                return null;
            }));
            sleep(ms(100));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
            assertEquals(Future.State.CANCELLED, runner.state());
        });

        assertEquals(ms(600), r.elapsed());
    }

    @Test
    void cancellingATaskBlockedInJoinDoesNotCancelTheTaskItJoins() {
        // CPython test_taskgroups.py: test_taskgroup_16. asyncio's `await t` passes the cancel on to t;
        // Weft's join() is Kotlin's await: only the joiner is cancelled (issue 11, decision "waitFor").
        VirtualTime.run(() -> {
            Task<Integer> nested = spawn(() -> after(ms(300), 7));
            Task<Integer> runner = spawn(nested::join);
            sleep(ms(100));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
            assertFalse(nested.isDone());
            assertEquals(7, nested.join());
        });
    }

    @Test
    void bodyOfAGroupWithoutChildrenSeesTheCancel() {
        // CPython test_taskgroups.py: test_taskgroup_17
        var num = new AtomicInteger();

        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                try {
                    sleep(ms(10_000));
                } catch (CancelledException e) {
                    num.addAndGet(10);
                    throw e;
                }
                return null;
            }));
            sleep(ms(100));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
        });

        assertEquals(10, num.get());
    }

    @Test
    void bodyThatTurnsTheCancelIntoAnotherExceptionEndsTheRunnerFailedWithIt() {
        // CPython test_taskgroups.py: test_taskgroup_18
        VirtualTime.run(() -> TaskGroup.supervise(sup -> {
            Task<Object> runner = sup.spawn(() -> TaskGroup.run(g -> {
                try {
                    sleep(ms(10_000));
                } catch (CancelledException e) {
                    throw new Boom("instead of the cancel");
                }
                return null;
            }));
            sleep(ms(100));

            runner.cancel();

            assertThrows(Boom.class, runner::join);
            assertEquals(Future.State.FAILED, runner.state());
            return null;
        }));
    }

    @Test
    void failureOfTheBodysCleanupRidesAlongWithTheChildsFailure() {
        // CPython test_taskgroups.py: test_taskgroup_19 (asyncio reports both in one ExceptionGroup)
        Throwable thrown = assertThrows(RuntimeException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> failAfter(ms(100), new Boom("1/0")));
            try {
                sleep(ms(10_000));
            } finally {
                throw new OtherBoom("from the finally");
            }
        })));

        assertTrue(carries(thrown, Boom.class), "the child's failure is reported: " + thrown);
        assertTrue(carries(thrown, OtherBoom.class), "the body's failure is not lost: " + thrown);
    }

    @Test
    void errorFromTheBodysCleanupAndTheChildsFailureAreBothReported() {
        // CPython test_taskgroups.py: test_taskgroup_20a (a BaseException; in Java, an Error)
        Throwable thrown = assertThrows(Throwable.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> failAfter(ms(100), new Boom("1/0")));
            try {
                sleep(ms(10_000));
            } finally {
                throw new FatalBoom("from the finally");
            }
        })));

        assertTrue(carries(thrown, Boom.class), "the child's failure is reported: " + thrown);
        assertTrue(carries(thrown, FatalBoom.class), "the body's error is not lost: " + thrown);
    }

    @Test
    void childErrorAndTheBodysCleanupFailureAreBothReported() {
        // CPython test_taskgroups.py: test_taskgroup_21a
        Throwable thrown = assertThrows(Throwable.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                sleep(ms(100));
                throw new FatalBoom("child");
            });
            try {
                sleep(ms(10_000));
            } finally {
                throw new OtherBoom("from the finally");
            }
        })));

        assertTrue(carries(thrown, FatalBoom.class), "the child's error is reported: " + thrown);
        assertTrue(carries(thrown, OtherBoom.class), "the body's failure is not lost: " + thrown);
    }

    @Test
    void cancellingARunnerWhoseGroupOnlyWaitsForChildrenEndsItCancelled() {
        // CPython test_taskgroups.py: test_taskgroup_22
        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                g.spawn(() -> after(ms(1000), 42));
                g.spawn(() -> after(ms(2000), 11));
                return null;
            }));
            sleep(ms(50));

            runner.cancel();

            assertThrows(CancelledException.class, runner::join);
        });
    }

    @Test
    void childMaySpawnSiblingsIntoTheGroup() {
        // CPython test_taskgroups.py: test_taskgroup_24
        var done = new AtomicInteger();

        var r = VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> {
                sleep(ms(100));
                g.spawn(() -> after(ms(100), done.incrementAndGet()));
                g.spawn(() -> after(ms(200), done.incrementAndGet()));
                return null;
            });
            return null;
        }));

        assertEquals(2, done.get());
        assertEquals(ms(300), r.elapsed());
    }

    @Test
    void failureStopsAGroupWhoseChildrenKeepSpawningChildren() {
        // CPython test_taskgroups.py: test_taskgroup_25 (the hydra and Hercules)
        var hydras = new AtomicInteger();

        assertThrows(ArithmeticException.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            class Hydra {
                Void grow() {
                    hydras.incrementAndGet();
                    sleep(ms(10));
                    g.spawn(this::grow);
                    g.spawn(this::grow);
                    return null;
                }
            }
            g.spawn(new Hydra()::grow);
            g.spawn(() -> {
                while (hydras.get() < 10) {
                    sleep(ms(15));
                }
                return 1 / 0;
            });
            return null;
        })));

        assertTrue(hydras.get() >= 10);
    }

    @Test
    void spawnedChildKeepsTheNameItWasGiven() {
        // CPython test_taskgroups.py: test_taskgroup_task_name
        String name = TaskGroup.run(g -> g.spawn("yolo", () -> null).name());

        assertEquals("yolo", name);
    }

    @Test
    void spawningIntoAFinishedGroupThrowsIllegalState() {
        // CPython test_taskgroups.py: test_coro_closed_when_tg_closed (asyncio: RuntimeError "is finished")
        Weft.run(() -> {
            TaskGroup finished = TaskGroup.run(g -> g);

            assertThrows(IllegalStateException.class, () -> finished.spawn(() -> 1));
        });
    }

    @Test
    void taskSpawnedIntoAFailingGroupIsBornCancelledAndNeverRuns() {
        // CPython test_taskgroups.py: after test_taskgroup_04 (a group shutting down after a child failed).
        // asyncio raises RuntimeError from create_task there; Weft's decision (issue 11, "born
        // cancelled", Kotlin's rule) is a task that is cancelled before its body runs.
        var ran = new AtomicBoolean();
        var late = new AtomicReference<Task<Object>>();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            g.spawn(() -> failAfter(ms(10), new Boom("first")));
            try {
                sleep(LONG);
            } catch (RuntimeException e) {
                late.set(g.spawn(() -> {
                    ran.set(true);
                    return null;
                }));
                throw e;
            }
            return null;
        })));

        assertFalse(ran.get());
        assertTrue(late.get().isCancelled());
    }

    @Test
    void taskSpawnedIntoACancelledGroupIsBornCancelledAndNeverRuns() {
        // CPython test_taskgroups.py: after test_taskgroup_03 (a cancelled group); asyncio raises here,
        // Weft's decision is Kotlin's: born cancelled (issue 11)
        var ran = new AtomicBoolean();

        VirtualTime.run(() -> {
            try (var g = TaskGroup.open()) {
                g.spawn(() -> after(LONG, null));
                g.cancel();

                Task<Object> late = g.spawn(() -> {
                    ran.set(true);
                    return null;
                });

                assertThrows(CancelledException.class, late::join);
                assertTrue(late.isCancelled());
            }
        });

        assertFalse(ran.get());
    }

    @Test
    void bodyCancelledFromOutsideBeforeItLeavesAGroupStillAwaitsTheChildrensCleanup() {
        // CPython test_taskgroups.py: after test_taskgroup_17 (the runner cancels itself, then leaves the
        // group: the children are cancelled and awaited, the cancel propagates)
        var childCleanedUp = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> runner = spawn(() -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    try {
                        sleep(LONG);
                    } finally {
                        shield(() -> {
                            sleep(ms(50));
                            childCleanedUp.set(true);   // inside: shield rethrows the pending cancel at its exit
                            return null;
                        });
                    }
                    return null;
                });
                sleep(ms(1));                      // the child is in its sleep now
                Weft.currentTask().orElseThrow().cancel();
                return null;
            }));

            assertThrows(CancelledException.class, runner::join);
            assertTrue(childCleanedUp.get());
        });
    }

    @Test
    void nestedGroupFailureSurvivesAnOuterSiblingWhoseCleanupFails() {
        // CPython test_taskgroups.py: test_taskgroup_14 combined with test_taskgroup_19 (the nested group fails,
        // the outer sibling's cleanup fails while being cancelled); issue 11 §2 item 4: X must surface
        Throwable thrown = assertThrows(RuntimeException.class, () -> VirtualTime.run(() -> TaskGroup.run(outer -> {
            outer.spawn(() -> {
                try {
                    sleep(LONG);
                } finally {
                    throw new OtherBoom("Z, from the sibling's cleanup");
                }
            });
            return TaskGroup.run(inner -> {
                inner.spawn(() -> failAfter(ms(10), new Boom("X, from the nested group")));
                sleep(LONG);
                return null;
            });
        })));

        assertTrue(Peers.mentions(thrown, Boom.class), "the nested group's failure is not lost: " + thrown);
        assertTrue(Peers.mentions(thrown, OtherBoom.class), "nor the cleanup's: " + thrown);
    }
}
