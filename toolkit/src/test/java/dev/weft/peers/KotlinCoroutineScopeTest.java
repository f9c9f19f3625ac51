package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.peers.Peers.Boom;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** kotlinx.coroutines kotlinx-coroutines-core/common/test/CoroutineScopeTest.kt: {@code coroutineScope} is {@code TaskGroup.run}. */
@org.junit.jupiter.api.Timeout(30)
class KotlinCoroutineScopeTest {

    @Test
    void scopeWaitsForChildrenAndGrandchildrenAndReturnsItsValue() {
        // kotlinx CoroutineScopeTest.kt: testScope
        var ran = Collections.synchronizedList(new ArrayList<String>());

        int result = VirtualTime.run(() -> {
            int v = TaskGroup.run(g -> {
                g.spawn(() -> ran.add("child 1"));
                g.spawn(() -> {
                    sleep(ms(1));
                    g.spawn(() -> {
                        sleep(ms(1));
                        return ran.add("grandchild");
                    });
                    return ran.add("child 2");
                });
                return 42;
            });
            assertEquals(3, ran.size());
            sleep(ms(0));                    // not cancelled afterwards
            return v;
        }).value();

        assertEquals(42, result);
    }

    @Test
    void childFailureCancelsTheOtherChildAndLeavesTheCallerUncancelled() {
        // kotlinx CoroutineScopeTest.kt: testScopeCancelledFromWithin
        var sleeperCancelled = new AtomicBoolean();

        VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    try {
                        sleep(LONG);
                    } catch (CancelledException e) {
                        sleeperCancelled.set(true);
                        throw e;
                    }
                    return null;
                });
                g.spawn(() -> {
                    throw new Boom("TestException2");
                });
                return null;
            }));
            sleep(ms(0));                      // the caller goes on uncancelled
        });

        assertTrue(sleeperCancelled.get());
    }

    @Test
    void bodyExceptionLeavesTheScope() {
        // kotlinx CoroutineScopeTest.kt: testExceptionFromWithin
        assertThrows(Boom.class, () -> Weft.run(() -> TaskGroup.run(g -> {
            throw new Boom("TestException1");
        })));
    }

    @Test
    void bodyExceptionCancelsASleepingChildAndTheCallerGoesOn() {
        // kotlinx CoroutineScopeTest.kt: testScopeBlockThrows
        var childCancelled = new AtomicBoolean();

        VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> TaskGroup.run(g -> {
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
                throw new Boom("TestException1");
            }));
            sleep(ms(0));
        });

        assertTrue(childCancelled.get());
    }

    @Test
    void cancellingTheOuterTaskCancelsTheScopeBodyAndItsChildAfterItsFinally() {
        // kotlinx CoroutineScopeTest.kt: testOuterJobIsCancelled
        var childFinally = new AtomicBoolean();
        var outerSawCancel = new AtomicBoolean();

        VirtualTime.run(() -> TaskGroup.supervise(sup -> {
            Task<Object> outer = sup.spawn(() -> {
                try {
                    return TaskGroup.run(g -> {
                        g.spawn(() -> {
                            try {
                                sleep(LONG);
                            } finally {
                                childFinally.set(true);
                            }
                            return null;
                        });
                        sleep(LONG);
                        return 42;
                    });
                } catch (CancelledException e) {
                    outerSawCancel.set(childFinally.get());
                    throw e;
                }
            });
            sleep(ms(1));

            outer.cancel();

            assertThrows(CancelledException.class, outer::join);
            return null;
        }));

        assertTrue(outerSawCancel.get(), "the child's finally ran before the scope let the cancel out");
    }

    @Test
    void firstAsyncFailingCancelsTheSecondAndTheSumFails() {
        // kotlinx CoroutineScopeTest.kt: testAsyncCancellationFirst
        var secondFinally = new AtomicBoolean();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> one = g.spawn(() -> {
                sleep(ms(1));                    // Kotlin starts `two` ATOMIC; here it gets to run first
                throw new Boom("TestException1");
            });
            Task<Integer> two = g.spawn(() -> {
                try {
                    sleep(LONG);
                    return 42;
                } finally {
                    secondFinally.set(true);
                }
            });
            return one.join() + two.join();
        })));

        assertTrue(secondFinally.get());
    }

    @Test
    void secondAsyncFailingCancelsTheFirstAndTheSumFails() {
        // kotlinx CoroutineScopeTest.kt: testAsyncCancellationSecond
        var firstFinally = new AtomicBoolean();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> one = g.spawn(() -> {
                try {
                    sleep(LONG);
                    return 42;
                } finally {
                    firstFinally.set(true);
                }
            });
            Task<Integer> two = g.spawn(() -> {
                sleep(ms(1));
                throw new Boom("TestException1");
            });
            return one.join() + two.join();
        })));

        assertTrue(firstFinally.get());
    }

    @Test
    void exceptionThrownAfterTheTaskWasCancelledWinsOverTheCancel() {
        // kotlinx CoroutineScopeTest.kt: testCoroutineScopeCancellationVsException
        var caught = new AtomicBoolean();

        VirtualTime.run(() -> {
            Task<Object> job = spawn(() -> {
                try {
                    TaskGroup.run(g -> {
                        sleep(ms(1));
                        Weft.currentTask().orElseThrow().cancel();
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
    void finishedScopeIsCompletedAndNotCancelled() {
        // kotlinx CoroutineScopeTest.kt: testIncompleteScopeState (the scope's job completes, not cancelled)
        VirtualTime.run(() -> {
            Task<Object> scopeTask = spawn(() -> TaskGroup.run(g -> {
                g.spawn(() -> null);
                return null;
            }));

            scopeTask.join();

            assertEquals(Future.State.SUCCESS, scopeTask.state());
            assertFalse(scopeTask.isCancelled());
        });
    }

    @Test
    void concurrentSumOfTwoChildrenTakesTheLongerTime() {
        // kotlinx CoroutineScopeTest.kt: failedConcurrentSumFirst's happy twin (the guide's concurrentSum)
        var r = VirtualTime.run(() -> TaskGroup.run(g -> {
            Task<Integer> one = g.spawn(() -> {
                sleep(ms(100));
                return 13;
            });
            Task<Integer> two = g.spawn(() -> {
                sleep(ms(100));
                return 29;
            });
            return one.join() + two.join();
        }));

        assertEquals(42, r.value());
        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void nestedScopeFailureCancelsTheOuterScopesChildren() {
        // kotlinx CoroutineScopeTest.kt: CoroutineScopeIsDecomposingLexicalScope (the shared lexical-scope
        // tests: a failure inside a nested scope propagates through the outer one)
        var outerChildCancelled = new AtomicInteger();

        assertThrows(Boom.class, () -> VirtualTime.run(() -> TaskGroup.run(outer -> {
            outer.spawn(() -> {
                try {
                    sleep(LONG);
                } catch (CancelledException e) {
                    outerChildCancelled.incrementAndGet();
                    throw e;
                }
                return null;
            });
            return TaskGroup.run(inner -> inner.spawn(() -> {
                sleep(ms(5));
                throw new Boom("inner");
            }).join());
        })));

        assertEquals(1, outerChildCancelled.get());
    }
}
