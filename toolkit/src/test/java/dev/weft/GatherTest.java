package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static dev.weft.TestSupport.spin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GatherTest {

    @Test
    void gatherReturnsResultsInArgumentOrderEvenWhenLaterBodiesFinishFirst() {
        // given bodies that finish last-to-first
        var thirdDone = new CountDownLatch(1);
        var secondDone = new CountDownLatch(1);

        // when
        List<String> results = Weft.run(() -> Weft.<String>gather(
                () -> {
                    awaitLatch(secondDone);
                    return "first";
                },
                () -> {
                    awaitLatch(thirdDone);
                    secondDone.countDown();
                    return "second";
                },
                () -> {
                    thirdDone.countDown();
                    return "third";
                }));

        // then
        assertEquals(List.of("first", "second", "third"), results);
    }

    @Test
    void gatherRunsItsBodiesConcurrently() {
        // given three bodies that each wait until all three have started
        var allStarted = new CountDownLatch(3);
        Callable<Boolean> meet = () -> {
            allStarted.countDown();
            return allStarted.await(10, TimeUnit.SECONDS);
        };

        // when
        List<Boolean> met = Weft.run(() -> Weft.<Boolean>gather(meet, meet, meet));

        // then
        assertEquals(List.of(true, true, true), met);
    }

    @Test
    void gatherOfThreeSleepsTakesTheLongestNotTheirSum() {
        // given
        Callable<String> nap = () -> {
            Weft.sleep(ms(300));
            return "rested";
        };

        // when, in virtual time (a wall-clock bound would fail on a busy machine)
        VirtualTime.Result<List<String>> r = VirtualTime.run(() -> Weft.<String>gather(nap, nap, nap));

        // then: 300 ms, not 900
        assertEquals(List.of("rested", "rested", "rested"), r.value());
        assertEquals(ms(300), r.elapsed());
    }

    @Test
    void gatherCancelsSiblingsWhenOneFails() {
        // given a sleeping sibling and a body that fails once the sibling has started
        var siblingStarted = new CountDownLatch(1);
        var siblingSawCancel = new AtomicBoolean();
        var siblingCleanedUp = new AtomicBoolean();
        var failure = new IllegalStateException("boom");

        Weft.run(() -> {
            // when
            var thrown = assertThrows(IllegalStateException.class, () -> Weft.<String>gather(
                    () -> {
                        siblingStarted.countDown();
                        try {
                            Weft.sleep(LONG);
                            return "never";
                        } catch (CancelledException e) {
                            siblingSawCancel.set(true);
                            throw e;
                        } finally {
                            siblingCleanedUp.set(true);
                        }
                    },
                    () -> {
                        awaitLatch(siblingStarted);
                        throw failure;
                    }));

            // then
            assertSame(failure, thrown);
        });
        assertTrue(siblingSawCancel.get(), "sibling saw CancelledException");
        assertTrue(siblingCleanedUp.get(), "sibling's finally ran");
    }

    @Test
    void gatherWaitsForCancelledSiblingsCleanupBeforeThrowing() {
        // given a sibling whose cleanup takes a while
        var siblingStarted = new CountDownLatch(1);
        var cleanupFinished = new AtomicBoolean();
        var cleanupFinishedWhenGatherThrew = new AtomicBoolean();

        Weft.run(() -> {
            // when
            try {
                Weft.<String>gather(
                        () -> {
                            siblingStarted.countDown();
                            try {
                                Weft.sleep(LONG);
                                return "never";
                            } finally {
                                spin(ms(200));
                                cleanupFinished.set(true);
                            }
                        },
                        () -> {
                            awaitLatch(siblingStarted);
                            throw new IllegalStateException("boom");
                        });
            } catch (IllegalStateException e) {
                cleanupFinishedWhenGatherThrew.set(cleanupFinished.get());
            }
        });

        // then
        assertTrue(cleanupFinishedWhenGatherThrew.get());
    }

    @Test
    void gatherRethrowsAnUncheckedFailureAsTheSameInstance() {
        // given
        var failure = new ArithmeticException("divide by zero");

        Weft.run(() -> {
            // when
            var thrown = assertThrows(ArithmeticException.class,
                    () -> Weft.<Integer>gather(() -> 1, () -> {
                        throw failure;
                    }));

            // then
            assertSame(failure, thrown);
        });
    }

    @Test
    void gatherWrapsACheckedFailureInTaskFailedException() {
        // given
        var failure = new IOException("no network");

        Weft.run(() -> {
            // when
            var thrown = assertThrows(TaskFailedException.class,
                    () -> Weft.<Integer>gather(() -> 1, () -> {
                        throw failure;
                    }));

            // then
            assertSame(failure, thrown.getCause());
        });
    }

    @Test
    void gatherAttachesASecondFailureAsSuppressedToTheFirst() {
        // given a sibling that fails in its own way while being cancelled
        var siblingStarted = new CountDownLatch(1);
        var first = new IllegalStateException("first");
        var second = new IllegalArgumentException("second, from the sibling's cleanup");

        Weft.run(() -> {
            // when
            var thrown = assertThrows(IllegalStateException.class, () -> Weft.<String>gather(
                    () -> {
                        siblingStarted.countDown();
                        try {
                            Weft.sleep(LONG);
                        } catch (CancelledException e) {
                            throw second;
                        }
                        return "never";
                    },
                    () -> {
                        awaitLatch(siblingStarted);
                        throw first;
                    }));

            // then
            assertSame(first, thrown);
            assertTrue(Arrays.asList(thrown.getSuppressed()).contains(second),
                    "suppressed: " + Arrays.toString(thrown.getSuppressed()));
        });
    }

    @Test
    void gatherOfAnEmptyListReturnsAnEmptyList() {
        // when
        List<Object> results = Weft.run(() -> Weft.gather(List.<Callable<Object>>of()));

        // then
        assertEquals(List.of(), results);
    }

    @Test
    void gatherAcceptsACollectionOfBodies() {
        // given
        List<Callable<Integer>> bodies = List.of(() -> 1, () -> 2, () -> 3);

        // when
        List<Integer> results = Weft.run(() -> Weft.gather(bodies));

        // then
        assertEquals(List.of(1, 2, 3), results);
    }

    @Test
    void gatherSettledReturnsOneOutcomePerBodyInOrder() {
        // given
        var failure = new IllegalStateException("second failed");

        // when
        List<Outcome<String>> outcomes = Weft.run(() -> Weft.<String>gatherSettled(
                () -> "first",
                () -> {
                    throw failure;
                },
                () -> "third"));

        // then
        assertEquals(3, outcomes.size());
        assertEquals(new Outcome.Success<>("first"), outcomes.get(0));
        assertSame(failure, assertInstanceOf(Outcome.Failure.class, outcomes.get(1)).error());
        assertEquals(new Outcome.Success<>("third"), outcomes.get(2));
    }

    @Test
    void gatherSettledKeepsACheckedExceptionUnwrapped() {
        // given
        var failure = new IOException("checked");

        // when
        List<Outcome<String>> outcomes = Weft.run(() -> Weft.gatherSettled(List.<Callable<String>>of(() -> {
            throw failure;
        })));

        // then
        assertSame(failure, assertInstanceOf(Outcome.Failure.class, outcomes.get(0)).error());
    }

    @Test
    void gatherSettledDoesNotCancelSiblingsWhenOneFails() {
        // given a sibling that keeps working after the failure
        var failed = new CountDownLatch(1);

        // when
        List<Outcome<String>> outcomes = Weft.run(() -> Weft.<String>gatherSettled(
                () -> {
                    failed.countDown();
                    throw new IllegalStateException("fails first");
                },
                () -> {
                    awaitLatch(failed);
                    Weft.sleep(ms(50));
                    return "still finished";
                }));

        // then
        assertEquals(new Outcome.Success<>("still finished"), outcomes.get(1));
    }

    @Test
    void gatherSettledReportsACancelledBodyAsFailureWithCancelledException() {
        // given a body that gets cancelled (by itself, since gather hands out no task)
        var self = new AtomicReference<Task<?>>();

        // when
        List<Outcome<String>> outcomes = Weft.run(() -> Weft.<String>gatherSettled(
                () -> {
                    self.set(Weft.currentTask().orElseThrow());
                    self.get().cancel();
                    Weft.sleep(LONG);
                    return "never";
                },
                () -> "fine"));

        // then
        assertInstanceOf(CancelledException.class,
                assertInstanceOf(Outcome.Failure.class, outcomes.get(0)).error());
        assertEquals(new Outcome.Success<>("fine"), outcomes.get(1));
    }
}
