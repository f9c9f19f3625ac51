package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitBlocked;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lambda form, {@link TaskGroup#run(GroupBody)}. */
@Timeout(30)
class TaskGroupTest {

    @Test
    void runReturnsTheBodysValueAfterAllChildrenFinished() {
        // given children the body does not join
        var finishedChildren = new AtomicInteger();
        var finishedWhenRunReturned = new AtomicInteger(-1);

        Weft.run(() -> {
            // when
            String value = TaskGroup.run(g -> {
                for (int i = 0; i < 3; i++) {
                    g.spawn(() -> {
                        Weft.sleep(ms(100));
                        return finishedChildren.incrementAndGet();
                    });
                }
                return "body value";
            });
            finishedWhenRunReturned.set(finishedChildren.get());

            // then
            assertEquals("body value", value);
        });
        assertEquals(3, finishedWhenRunReturned.get());
    }

    @Test
    void childFailureCancelsItsSiblings() {
        // given
        var siblingStarted = new CountDownLatch(1);
        var siblingSawCancel = new AtomicBoolean();
        var siblingCleanedUp = new AtomicBoolean();

        Weft.run(() -> {
            // when
            assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    siblingStarted.countDown();
                    try {
                        Weft.sleep(LONG);
                    } catch (CancelledException e) {
                        siblingSawCancel.set(true);
                        throw e;
                    } finally {
                        siblingCleanedUp.set(true);
                    }
                    return null;
                });
                g.spawn(() -> {
                    awaitLatch(siblingStarted);
                    throw new IllegalStateException("child failed");
                });
                return null;
            }));
        });

        // then
        assertTrue(siblingSawCancel.get(), "sibling saw CancelledException");
        assertTrue(siblingCleanedUp.get(), "sibling's finally ran");
    }

    @Test
    void childFailureMakesTheBodysBlockedWeftCallThrowThatFailure() {
        // given
        var failure = new IllegalStateException("child failed");
        var seenByBody = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when the body is blocked in Weft.sleep as the child fails
            assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
                Thread body = Thread.currentThread();
                g.spawn(() -> {
                    awaitBlocked(body);
                    throw failure;
                });
                try {
                    Weft.sleep(LONG);
                } catch (RuntimeException e) {
                    seenByBody.set(e);
                    throw e;
                }
                return "never";
            }));
        });

        // then
        assertSame(failure, seenByBody.get());
    }

    @Test
    void childFailureMakesTheBodysJoinThrowThatFailure() {
        // given a body joining a sibling that never ends by itself
        var failure = new IllegalStateException("child failed");
        var seenByBody = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when
            assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
                Thread body = Thread.currentThread();
                Task<Object> slow = g.spawn(() -> {
                    Weft.sleep(LONG);
                    return null;
                });
                g.spawn(() -> {
                    awaitBlocked(body);
                    throw failure;
                });
                try {
                    return slow.join();
                } catch (RuntimeException e) {
                    seenByBody.set(e);
                    throw e;
                }
            }));
        });

        // then the body's join throws the group's failure, not the sibling's cancellation
        assertSame(failure, seenByBody.get());
    }

    @Test
    void runThrowsTheChildsFailureEvenWhenTheBodySwallowedIt() {
        // given
        var failure = new IllegalStateException("child failed");

        Weft.run(() -> {
            // when the body catches what its blocked call threw and returns normally
            var thrown = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
                Thread body = Thread.currentThread();
                g.spawn(() -> {
                    awaitBlocked(body);
                    throw failure;
                });
                try {
                    Weft.sleep(LONG);
                } catch (RuntimeException e) {
                    // swallowed on purpose
                }
                return "body done";
            }));

            // then
            assertSame(failure, thrown);
        });
    }

    @Test
    void runThrowsTheChildsFailureWithoutSelfSuppressionWhenTheBodyRethrowsIt() {
        // given
        var failure = new IllegalStateException("child failed");

        Weft.run(() -> {
            // when the body lets the failure it received escape
            var thrown = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
                Thread body = Thread.currentThread();
                g.spawn(() -> {
                    awaitBlocked(body);
                    throw failure;
                });
                Weft.sleep(LONG);
                return "never";
            }));

            // then
            assertSame(failure, thrown);
            assertFalse(Arrays.asList(thrown.getSuppressed()).contains(thrown));
        });
    }

    @Test
    void bodyFailureCancelsTheChildrenAndIsWhatRunThrows() {
        // given two sleeping children
        var bodyFailure = new IllegalArgumentException("body failed");
        var childrenCleanedUp = new AtomicInteger();
        var cleanedUpWhenRunThrew = new AtomicInteger(-1);

        Weft.run(() -> {
            var started = new CountDownLatch(2);

            // when
            var thrown = assertThrows(IllegalArgumentException.class, () -> TaskGroup.run(g -> {
                for (int i = 0; i < 2; i++) {
                    g.spawn(() -> {
                        started.countDown();
                        try {
                            Weft.sleep(LONG);
                        } finally {
                            childrenCleanedUp.incrementAndGet();
                        }
                        return null;
                    });
                }
                awaitLatch(started);
                throw bodyFailure;
            }));
            cleanedUpWhenRunThrew.set(childrenCleanedUp.get());

            // then
            assertSame(bodyFailure, thrown);
        });
        assertEquals(2, cleanedUpWhenRunThrew.get());
    }

    @Test
    void checkedBodyFailureArrivesWrappedInTaskFailedException() {
        // given
        var failure = new IOException("checked");

        Weft.run(() -> {
            // when
            var thrown = assertThrows(TaskFailedException.class, () -> TaskGroup.run(g -> {
                throw failure;
            }));

            // then
            assertSame(failure, thrown.getCause());
        });
    }

    @Test
    void laterChildFailureIsSuppressedOnTheFirst() {
        // given a sibling that fails in its own way while being cancelled
        var first = new IllegalStateException("first");
        var second = new UnsupportedOperationException("second");

        Weft.run(() -> {
            var siblingStarted = new CountDownLatch(1);

            // when
            var thrown = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    siblingStarted.countDown();
                    try {
                        Weft.sleep(LONG);
                    } catch (CancelledException e) {
                        throw second;
                    }
                    return null;
                });
                g.spawn(() -> {
                    awaitLatch(siblingStarted);
                    throw first;
                });
                return null;
            }));

            // then
            assertSame(first, thrown);
            assertTrue(Arrays.asList(thrown.getSuppressed()).contains(second),
                    "suppressed: " + Arrays.toString(thrown.getSuppressed()));
        });
    }

    @Test
    void weftSpawnInsideAChildGoesIntoTheGroupThatOwnsTheChild() {
        // given a child that spawns a slow grandchild with Weft.spawn and returns at once
        var grandchildFinished = new AtomicBoolean();
        var finishedWhenGroupEnded = new AtomicBoolean();

        Weft.run(() -> {
            // when
            TaskGroup.run(g -> {
                g.spawn(() -> Weft.spawn(() -> {
                    Weft.sleep(ms(200));
                    grandchildFinished.set(true);
                    return null;
                }));
                return null;
            });
            finishedWhenGroupEnded.set(grandchildFinished.get());
        });

        // then the group, not the root scope, waited for the grandchild
        assertTrue(finishedWhenGroupEnded.get());
    }

    @Test
    void groupLeavesNoInterruptSetOnTheBodysThreadAfterAChildFailure() {
        // given
        var interruptedAfterwards = new AtomicBoolean(true);

        Weft.run(() -> {
            // when
            assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
                Thread body = Thread.currentThread();
                g.spawn(() -> {
                    awaitBlocked(body);
                    throw new IllegalStateException("child failed");
                });
                Weft.sleep(LONG);
                return null;
            }));

            // then
            interruptedAfterwards.set(Thread.currentThread().isInterrupted());
        });
        assertFalse(interruptedAfterwards.get());
    }
}
