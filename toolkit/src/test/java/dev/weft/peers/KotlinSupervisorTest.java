package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.awaitDone;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.peers.Peers.Boom;
import dev.weft.peers.Peers.OtherBoom;
import dev.weft.testing.VirtualTime;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** kotlinx.coroutines kotlinx-coroutines-core/common/test/SupervisorTest.kt: {@code supervisorScope} is {@code TaskGroup.supervise}. */
@org.junit.jupiter.api.Timeout(30)
class KotlinSupervisorTest {

    @Test
    void failedChildrenOfASupervisorLeaveItsResultAlone() {
        // kotlinx SupervisorTest.kt: testSupervisorScope
        String result = VirtualTime.run(() -> TaskGroup.supervise(g -> {
            Task<Object> a = g.spawn(() -> {
                throw new Boom("TestException1");
            });
            Task<Object> b = g.spawn(() -> {
                throw new OtherBoom("TestException2");
            });
            awaitDone(a);
            awaitDone(b);
            assertInstanceOf(Boom.class, a.exception());
            assertInstanceOf(OtherBoom.class, b.exception());
            return "OK";
        })).value();

        assertEquals("OK", result);
    }

    @Test
    void failedChildDoesNotCancelItsSibling() {
        // kotlinx SupervisorTest.kt: testSupervisorScopeIsolation
        String result = VirtualTime.run(() -> TaskGroup.supervise(g -> {
            Task<Object> job = g.spawn(() -> {
                sleep(LONG);
                return null;
            });
            Task<Object> failing = g.spawn(() -> {
                throw new OtherBoom("TestException2");
            });
            awaitDone(failing);
            sleep(ms(1));

            assertFalse(job.isDone());
            assertFalse(job.isCancelled());
            job.cancel();
            failing.exception();
            return "OK";
        })).value();

        assertEquals("OK", result);
    }

    @Test
    void bodyFailureOfASupervisorCancelsItsChildren() {
        // kotlinx SupervisorTest.kt: testThrowingSupervisorScope
        var childFinally = new AtomicBoolean();

        assertThrows(OtherBoom.class, () -> VirtualTime.run(() -> TaskGroup.supervise(g -> {
            g.spawn(() -> {
                try {
                    sleep(LONG);
                } finally {
                    childFinally.set(true);
                }
                return null;
            });
            sleep(ms(1));
            throw new OtherBoom("TestException2");
        })));

        assertTrue(childFinally.get());
    }

    @Test
    void supervisorBodyExceptionIsWhatLeavesEvenWithSleepingChildren() {
        // kotlinx SupervisorTest.kt: testSupervisorThrows
        var cancelled = new AtomicInteger();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.supervise(g -> {
            for (int i = 0; i < 2; i++) {
                g.spawn(() -> {
                    try {
                        sleep(LONG);
                    } catch (CancelledException e) {
                        cancelled.incrementAndGet();
                        throw e;
                    }
                    return null;
                });
            }
            sleep(ms(1));
            throw new Boom("TestException1");
        })));

        assertEquals(2, cancelled.get());
    }

    @Test
    void bodyExceptionWinsOverAChildThatFailsInItsCleanup() {
        // kotlinx SupervisorTest.kt: testSupervisorThrowsWithFailingChild
        var failing = new java.util.concurrent.atomic.AtomicReference<Task<Object>>();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.supervise(g -> {
            g.spawn(() -> {
                sleep(LONG);
                return null;
            });
            failing.set(g.spawn(() -> {
                try {
                    sleep(LONG);
                } finally {
                    throw new OtherBoom("TestException2");
                }
            }));
            sleep(ms(1));
            throw new Boom("TestException1");
        })));

        assertInstanceOf(OtherBoom.class, failing.get().exception(), "the child's failure stays in its Task");
        assertEquals(Future.State.FAILED, failing.get().state());
    }

    @Test
    void cancellingASupervisedChildCancelsOnlyIt() {
        // kotlinx SupervisorTest.kt: testSupervisorWithParentCancelNormally (a cancel is not a failure)
        VirtualTime.run(() -> TaskGroup.supervise(g -> {
            Task<Object> a = g.spawn(() -> {
                sleep(LONG);
                return null;
            });
            Task<String> b = g.spawn(() -> {
                sleep(ms(10));
                return "b";
            });

            a.cancel();

            assertThrows(CancelledException.class, a::join);
            assertEquals("b", b.join());
            return null;
        }));
    }

    @Test
    void supervisorBodyExceptionThrownAfterTheTaskWasCancelledWins() {
        // kotlinx SupervisorTest.kt: testSupervisorScopeCancellationVsException
        var caught = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> job = spawn(() -> {
                try {
                    TaskGroup.supervise(g -> {
                        sleep(ms(1));
                        dev.weft.Weft.currentTask().orElseThrow().cancel();
                        throw new Boom("TestException1");
                    });
                } catch (Boom e) {
                    caught.set(true);
                }
                return null;
            });
            Peers.awaitDoneInWeft(job); // the job's sleep needs the virtual clock to move
        });

        assertTrue(caught.get());
    }

    @Test
    void cancellingTheTaskThatRunsASupervisorCancelsItsChildren() {
        // kotlinx SupervisorTest.kt: testAsyncCancellation (the parent is cancelled; the child's await throws
        // a cancellation)
        VirtualTime.run(() -> {
            var child = new java.util.concurrent.atomic.AtomicReference<Task<Object>>();
            Task<Object> parent = spawn(() -> TaskGroup.supervise(g -> {
                child.set(g.spawn(() -> {
                    sleep(LONG);
                    return null;
                }));
                sleep(LONG);
                return null;
            }));
            sleep(ms(1));

            parent.cancel();

            assertThrows(CancelledException.class, parent::join);
            assertThrows(CancelledException.class, child.get()::join);
        });
    }

    @Test
    void tryWithResourcesSupervisorWaitsForItsChildrenAndDoesNotThrowTheirFailures() {
        // kotlinx SupervisorTest.kt: testSupervisorJob (SupervisorJob with two failing launches; joinAll)
        VirtualTime.run(() -> {
            Task<Object> job1;
            Task<Object> job2;
            try (var sup = TaskGroup.openSupervisor()) {
                job1 = sup.spawn(() -> {
                    sleep(ms(1));
                    throw new Boom("TestException1");
                });
                job2 = sup.spawn(() -> {
                    throw new OtherBoom("TestException2");
                });
            }

            assertInstanceOf(Boom.class, job1.exception());
            assertInstanceOf(OtherBoom.class, job2.exception());
        });
    }
}
