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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The asyncio-shaped form, {@code try (var g = TaskGroup.open()) { ... }}. */
@Timeout(30)
class TaskGroupTryWithResourcesTest {

    @Test
    void closeWaitsForTheChildren() {
        // given
        var finishedChildren = new AtomicInteger();
        var finishedAfterTry = new AtomicInteger(-1);

        Weft.run(() -> {
            // when
            try (var g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    g.spawn(() -> {
                        Weft.sleep(ms(100));
                        return finishedChildren.incrementAndGet();
                    });
                }
            }
            finishedAfterTry.set(finishedChildren.get());
        });

        // then
        assertEquals(3, finishedAfterTry.get());
    }

    @Test
    void childFailureMakesTheBodysBlockedWeftCallThrowThatFailure() {
        // given
        var failure = new IllegalStateException("child failed");
        var seenByBody = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when the body is blocked in Weft.sleep as the child fails
            try (var g = TaskGroup.open()) {
                Thread body = Thread.currentThread();
                g.spawn(() -> {
                    awaitBlocked(body);
                    throw failure;
                });
                try {
                    Weft.sleep(Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    seenByBody.set(e);
                }
            } catch (IllegalStateException e) {
                // close may rethrow it: not this test's concern
            }
        });

        // then it received the child's failure itself, not a CancelledException
        assertSame(failure, seenByBody.get());
    }

    @Test
    void childFailureLeavesTheTryStatementAsItselfWithoutSelfSuppression() {
        // given
        var failure = new IllegalStateException("child failed");
        var leftTheTry = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when the body's blocked call throws the failure and lets it escape
            try {
                try (var g = TaskGroup.open()) {
                    Thread body = Thread.currentThread();
                    g.spawn(() -> {
                        awaitBlocked(body);
                        throw failure;
                    });
                    Weft.sleep(Duration.ofSeconds(10));
                }
            } catch (Throwable t) {
                leftTheTry.set(t);
            }
        });

        // then the same instance left, and close() did not try to suppress it into itself
        Throwable left = leftTheTry.get();
        assertSame(failure, left, () -> "left the try: " + left);
        assertFalse(Arrays.asList(left.getSuppressed()).contains(left));
    }

    @Test
    void closeThrowsTheChildsFailureWhenTheBodyDoesNotBlock() {
        // given
        var failure = new IllegalStateException("child failed");
        var leftTheTry = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when
            try (var g = TaskGroup.open()) {
                g.spawn(() -> {
                    throw failure;
                });
            } catch (Throwable t) {
                leftTheTry.set(t);
            }
        });

        // then
        assertSame(failure, leftTheTry.get());
    }

    @Test
    void noInterruptIsLeftSetAfterTheGroup() {
        // given
        var interruptedAfterwards = new AtomicBoolean(true);

        Weft.run(() -> {
            // when a child fails while the body is blocked
            try (var g = TaskGroup.open()) {
                Thread body = Thread.currentThread();
                g.spawn(() -> {
                    awaitBlocked(body);
                    throw new IllegalStateException("child failed");
                });
                Weft.sleep(Duration.ofSeconds(10));
            } catch (IllegalStateException e) {
                // expected
            }

            // then
            interruptedAfterwards.set(Thread.currentThread().isInterrupted());
        });
        assertFalse(interruptedAfterwards.get());
    }

    @Test
    void groupOpenedOnAPlainThreadLeavesNoInterruptSetAfterAChildFailure() {
        // given a group opened on the JUnit thread, outside Weft.run
        var failure = new IllegalStateException("child failed");
        Thread body = Thread.currentThread();

        // when
        var thrown = assertThrows(IllegalStateException.class, () -> {
            try (var g = TaskGroup.open()) {
                g.spawn(() -> {
                    awaitBlocked(body);
                    throw failure;
                });
                Weft.sleep(Duration.ofSeconds(10));
            }
        });

        // then
        assertSame(failure, thrown);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void spawnAfterCloseThrowsIllegalState() {
        Weft.run(() -> {
            // given
            TaskGroup closed;
            try (var g = TaskGroup.open()) {
                closed = g;
            }

            // when / then
            assertThrows(IllegalStateException.class, () -> closed.spawn(() -> "too late"));
        });
    }

    @Test
    void aChildMaySpawnIntoTheGroupAndCloseWaitsForTheGrandchild() {
        // given
        var grandchildFinished = new AtomicBoolean();
        var finishedAfterTry = new AtomicBoolean();

        Weft.run(() -> {
            // when a child spawns into the group and returns at once
            try (var g = TaskGroup.open()) {
                g.spawn(() -> g.spawn(() -> {
                    Weft.sleep(ms(200));
                    grandchildFinished.set(true);
                    return null;
                }));
            }
            finishedAfterTry.set(grandchildFinished.get());
        });

        // then
        assertTrue(finishedAfterTry.get());
    }

    @Test
    void cancellingOneChildDoesNotFailTheGroup() {
        // given
        var other = new AtomicReference<Task<String>>();
        var cancelled = new AtomicReference<Task<Object>>();

        Weft.run(() -> {
            // when
            try (var g = TaskGroup.open()) {
                cancelled.set(g.spawn(() -> {
                    Weft.sleep(LONG);
                    return null;
                }));
                other.set(g.spawn(() -> {
                    Weft.sleep(ms(50));
                    return "fine";
                }));
                cancelled.get().cancel();
            } // then close returns normally
        });
        assertEquals(Future.State.CANCELLED, cancelled.get().state());
        assertEquals("fine", other.get().result());
    }

    @Test
    void groupCancelStopsAllChildrenPromptlyAndCloseReturnsNormally() {
        // given children sleeping for a minute
        List<Task<Object>> children = new ArrayList<>();
        var cleanedUp = new AtomicInteger();

        Weft.run(() -> {
            var sleeping = new CountDownLatch(3);
            try (var g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    children.add(g.spawn(() -> {
                        try {
                            sleeping.countDown();
                            Weft.sleep(LONG);
                        } finally {
                            cleanedUp.incrementAndGet();
                        }
                        return null;
                    }));
                }
                awaitLatch(sleeping);

                // when
                g.cancel();
            }
        });

        // then (children that ignored the cancel would sleep a minute, past the class timeout)
        assertEquals(3, cleanedUp.get());
        children.forEach(c -> assertEquals(Future.State.CANCELLED, c.state()));
    }

    @Test
    void groupCancelDoesNotCancelTheBody() {
        // given
        var bodyWentOn = new AtomicBoolean();

        Weft.run(() -> {
            try (var g = TaskGroup.open()) {
                g.spawn(() -> {
                    Weft.sleep(LONG);
                    return null;
                });

                // when
                g.cancel();

                // then the body's own Weft calls still work
                Weft.checkCancelled();
                Weft.sleep(ms(10));
                bodyWentOn.set(true);
            }
        });
        assertTrue(bodyWentOn.get());
    }

    @Test
    void childSpawnedIntoACancelledGroupNeverRunsAndEndsCancelled() {
        // given
        var ran = new AtomicBoolean();
        var late = new AtomicReference<Task<String>>();

        Weft.run(() -> {
            try (var g = TaskGroup.open()) {
                g.cancel();

                // when
                late.set(g.spawn(() -> {
                    ran.set(true);
                    return "ran";
                }));
            }
        });

        // then
        assertFalse(ran.get());
        assertEquals(Future.State.CANCELLED, late.get().state());
    }

    @Test
    void bodyFailureInTheTryFormDoesNotCancelTheChildren() {
        // given (documented limitation: close() cannot see the body's exception)
        var child = new AtomicReference<Task<String>>();
        var bodyFailure = new IllegalArgumentException("body failed");

        Weft.run(() -> {
            // when
            var thrown = assertThrows(IllegalArgumentException.class, () -> {
                try (var g = TaskGroup.open()) {
                    child.set(g.spawn(() -> {
                        Weft.sleep(ms(100));
                        return "finished";
                    }));
                    throw bodyFailure;
                }
            });

            // then
            assertSame(bodyFailure, thrown);
        });
        assertEquals("finished", child.get().result());
    }
}
