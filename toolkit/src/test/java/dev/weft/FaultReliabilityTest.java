package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitBlocked;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static dev.weft.TestSupport.spin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults: errors thrown by tasks, exceptions from done-callbacks and from cleanup code, interrupts sent
 * by code that is not Weft's, and a task that ignores cancellation for a while. Whatever happens, the
 * scope ends, waits for every task, and reports every failure (thrown, suppressed or logged).
 */
@Timeout(30)
class FaultReliabilityTest {
    private LogCapture log;

    @BeforeEach
    void captureWeftLog() {
        log = LogCapture.of(LogCapture.SCOPE_LOGGER, LogCapture.TASK_LOGGER);
    }

    @AfterEach
    void releaseWeftLog() {
        log.close();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    /** A child that sleeps until cancelled and counts its cleanup. */
    private static Task<Object> sleeper(TaskGroup g, CountDownLatch started, AtomicInteger cleanups) {
        return g.spawn("sleeper", () -> {
            started.countDown();
            try {
                Weft.sleep(LONG);
            } finally {
                cleanups.incrementAndGet();
            }
            return null;
        });
    }

    // ---- errors ----------------------------------------------------------------------------------

    @Test
    void anOutOfMemoryErrorThrownByATaskFailsTheGroupWithThatErrorAfterCancellingTheSiblings() {
        // given
        var error = new OutOfMemoryError("simulated");
        var cleanups = new AtomicInteger();
        var sibling = new AtomicReference<Task<Object>>();

        // when
        var thrown = assertThrows(OutOfMemoryError.class, () -> TaskGroup.run(g -> {
            var started = new CountDownLatch(1);
            sibling.set(sleeper(g, started, cleanups));
            awaitLatch(started);
            g.spawn("oom", () -> {
                throw error;
            });
            return null;
        }));

        // then
        assertSame(error, thrown);
        assertEquals(Future.State.CANCELLED, sibling.get().state());
        assertEquals(1, cleanups.get());
    }

    @Test
    void aRealStackOverflowInATaskFailsTheGroupWithStackOverflowError() {
        // given
        var cleanups = new AtomicInteger();
        var sibling = new AtomicReference<Task<Object>>();

        // when
        assertThrows(StackOverflowError.class, () -> TaskGroup.run(g -> {
            var started = new CountDownLatch(1);
            sibling.set(sleeper(g, started, cleanups));
            awaitLatch(started);
            g.spawn("deep", () -> recurse(0));
            return null;
        }));

        // then
        assertEquals(Future.State.CANCELLED, sibling.get().state());
        assertEquals(1, cleanups.get());
    }

    @Test
    void anErrorThrownByTheGroupBodyCancelsTheChildrenAndLeavesTheGroup() {
        var error = new OutOfMemoryError("simulated in the body");
        var cleanups = new AtomicInteger();

        var thrown = assertThrows(OutOfMemoryError.class, () -> TaskGroup.run(g -> {
            var started = new CountDownLatch(1);
            sleeper(g, started, cleanups);
            awaitLatch(started);
            throw error;
        }));

        assertSame(error, thrown);
        assertEquals(1, cleanups.get());
    }

    @Test
    void aFailureOfCleanupCodeWhileTheGroupFailsWithAnErrorRidesAlongAsSuppressed() {
        // given a child whose finally throws when the first failure cancels it
        var error = new OutOfMemoryError("simulated");
        var cleanupFailure = new IllegalStateException("cleanup failed");

        // when
        var thrown = assertThrows(OutOfMemoryError.class, () -> TaskGroup.run(g -> {
            var started = new CountDownLatch(1);
            g.spawn("bad-cleanup", () -> {
                started.countDown();
                try {
                    Weft.sleep(LONG);
                } finally {
                    throw cleanupFailure;
                }
            });
            awaitLatch(started);
            g.spawn("oom", () -> {
                throw error;
            });
            return null;
        }));

        // then
        assertSame(error, thrown);
        assertArrayEquals(new Throwable[] {cleanupFailure}, thrown.getSuppressed());
    }

    @Test
    void anErrorOfAChildReachesTheBodyBlockedInAWeftCallAndLeavesTheTryStatementAlone() {
        // given the try-with-resources form, its body blocked in Weft.sleep
        var error = new OutOfMemoryError("simulated");

        // when a child throws an Error
        var thrown = assertThrows(OutOfMemoryError.class, () -> {
            try (var g = TaskGroup.open()) {
                g.spawn("oom", () -> {
                    throw error;
                });
                Weft.sleep(LONG);
            }
        });

        // then the body received it, and close() did not add it to itself (self-suppression)
        assertSame(error, thrown);
        assertArrayEquals(new Throwable[0], thrown.getSuppressed());
    }

    @Test
    void aLaterFailureIsNotLostWhenTheFirstIsARealStackOverflowError() {
        // given a child whose cleanup fails when the group is cancelled
        var cleanupFailure = new IllegalStateException("cleanup failed");

        // when a sibling overflows its stack for real (the JVM's error has suppression disabled)
        var thrown = assertThrows(StackOverflowError.class, () -> TaskGroup.run(g -> {
            var started = new CountDownLatch(1);
            g.spawn("bad-cleanup", () -> {
                started.countDown();
                try {
                    Weft.sleep(LONG);
                } finally {
                    throw cleanupFailure;
                }
            });
            awaitLatch(started);
            g.spawn("deep", () -> recurse(0));
            return null;
        }));

        // then the cleanup failure surfaces somewhere: suppressed, or at least logged
        boolean suppressed = List.of(thrown.getSuppressed()).contains(cleanupFailure);
        boolean logged = log.warnings().stream().anyMatch(w -> w.getThrowableProxy() != null
                && ((ch.qos.logback.classic.spi.ThrowableProxy) w.getThrowableProxy()).getThrowable() == cleanupFailure);
        assertTrue(suppressed || logged, "the cleanup failure was lost");
    }

    @Test
    void aFailingDoneCallbackOfTheRootTaskOfRunIsLogged() {
        var callbackFailure = new IllegalStateException("callback failed");

        Weft.run(() -> {
            Weft.currentTask().orElseThrow().onDone(done -> {
                throw callbackFailure;
            });
        });

        List<ILoggingEvent> warnings = log.warnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertSame(callbackFailure, ((ch.qos.logback.classic.spi.ThrowableProxy) warnings.get(0).getThrowableProxy()).getThrowable());
    }

    // ---- cleanup and callbacks -------------------------------------------------------------------

    @Test
    void anExceptionFromTheCleanupOfACancelledTaskFailsTheTaskAndTheGroup() {
        // given
        var cleanupFailure = new IllegalStateException("cleanup failed");
        var task = new AtomicReference<Task<Object>>();

        // when the task is cancelled on its own (which alone would not fail the group)
        var thrown = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
            var started = new CountDownLatch(1);
            task.set(g.spawn("bad-cleanup", () -> {
                started.countDown();
                try {
                    Weft.sleep(LONG);
                } finally {
                    throw cleanupFailure;
                }
            }));
            awaitLatch(started);
            task.get().cancel();
            return null;
        }));

        // then
        assertSame(cleanupFailure, thrown);
        assertEquals(Future.State.FAILED, task.get().state());
    }

    @Test
    void anExceptionFromADoneCallbackFailsTheGroup() {
        var callbackFailure = new IllegalStateException("callback failed");

        var thrown = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
            var release = new CountDownLatch(1);
            Task<String> t = g.spawn("fine", () -> {
                release.await();
                return "ok";
            });
            t.onDone(done -> {
                throw callbackFailure;
            });
            release.countDown();
            return null;
        }));

        assertSame(callbackFailure, thrown);
    }

    @Test
    void anExceptionFromADoneCallbackRunsTheOtherCallbacksAndRidesAlongAsSuppressed() {
        // given two failing callbacks and a healthy one on a task that is still running
        var first = new IllegalStateException("first callback failed");
        var second = new IllegalArgumentException("second callback failed");
        var healthyRan = new AtomicBoolean();

        // when
        var thrown = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
            var release = new CountDownLatch(1);
            Task<String> t = g.spawn("fine", () -> {
                release.await();
                return "ok";
            });
            t.onDone(done -> {
                throw first;
            });
            t.onDone(done -> healthyRan.set(true));
            t.onDone(done -> {
                throw second;
            });
            release.countDown();
            return null;
        }));

        // then
        assertSame(first, thrown);
        assertArrayEquals(new Throwable[] {second}, thrown.getSuppressed());
        assertTrue(healthyRan.get());
    }

    @Test
    void anExceptionFromADoneCallbackInASupervisorGroupIsLoggedWithTheTaskName() {
        var callbackFailure = new IllegalStateException("callback failed");

        TaskGroup.supervise(g -> {
            var release = new CountDownLatch(1);
            Task<String> t = g.spawn("watched", () -> {
                release.await();
                return "ok";
            });
            t.onDone(done -> {
                throw callbackFailure;
            });
            release.countDown();
            return null;
        });

        List<ILoggingEvent> warnings = log.warnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).getFormattedMessage().contains("watched"), warnings.get(0)::getFormattedMessage);
        assertSame(callbackFailure, ((ch.qos.logback.classic.spi.ThrowableProxy) warnings.get(0).getThrowableProxy()).getThrowable());
    }

    @Test
    void aDoneCallbackAddedToAFinishedTaskThrowsAtTheCaller() {
        var callbackFailure = new IllegalStateException("callback failed");

        TaskGroup.run(g -> {
            Task<String> t = g.spawn("done", () -> "ok");
            t.join();

            var thrown = assertThrows(IllegalStateException.class, () -> t.onDone(done -> {
                throw callbackFailure;
            }));

            assertSame(callbackFailure, thrown);
            return null;
        });
    }

    // ---- interrupts from foreign code -------------------------------------------------------------

    @Test
    void aForeignInterruptOfATaskThreadCancelsOnlyThatTask() throws InterruptedException {
        // given a task blocked in Weft.sleep, and a sibling
        var victimThread = new AtomicReference<Thread>();
        var started = new CountDownLatch(1);
        var cleanups = new AtomicInteger();
        var victim = new AtomicReference<Task<Object>>();

        // when a plain thread interrupts the task's thread
        String siblingValue = TaskGroup.run(g -> {
            victim.set(g.spawn("victim", () -> {
                victimThread.set(Thread.currentThread());
                started.countDown();
                try {
                    Weft.sleep(LONG);
                } finally {
                    cleanups.incrementAndGet();
                }
                return null;
            }));
            var victimDone = new CountDownLatch(1);
            Task<String> sibling = g.spawn("sibling", () -> {
                victimDone.await();
                return "still here";
            });
            awaitLatch(started);
            awaitBlocked(victimThread.get());
            Thread foreign = Thread.ofPlatform().start(() -> victimThread.get().interrupt());
            foreign.join();
            assertThrows(CancelledException.class, victim.get()::join);
            victimDone.countDown();
            return sibling.join();
        });

        // then
        assertEquals(Future.State.CANCELLED, victim.get().state());
        assertEquals(1, cleanups.get());
        assertEquals("still here", siblingValue);
    }

    @Test
    void aForeignInterruptOfAThreadClosingAGroupCancelsTheChildrenAndStaysOnTheThread() throws InterruptedException {
        // given a plain thread waiting in close() for a child that sleeps
        var cleanups = new AtomicInteger();
        var started = new CountDownLatch(1);
        var interruptedAfterClose = new AtomicBoolean();
        var escaped = new AtomicReference<Throwable>();
        Thread owner = Thread.ofPlatform().name("group-owner").start(() -> {
            try {
                try (var g = TaskGroup.open()) {
                    sleeper(g, started, cleanups);
                }
            } catch (Throwable t) {
                escaped.set(t);
            }
            interruptedAfterClose.set(Thread.currentThread().isInterrupted());
        });
        awaitLatch(started);
        awaitBlocked(owner);

        // when
        owner.interrupt();
        owner.join(10_000);

        // then the child was cancelled and cleaned up, and the owner still knows it was interrupted
        assertFalse(owner.isAlive());
        assertEquals(1, cleanups.get());
        assertTrue(interruptedAfterClose.get() || escaped.get() instanceof CancelledException,
                () -> "the interrupt was swallowed; close() threw " + escaped.get());
    }

    @Test
    void aForeignInterruptOfTheCallerOfRunCancelsTheTreeAndIsRestored() throws InterruptedException {
        var cleanups = new AtomicInteger();
        var started = new CountDownLatch(1);
        var thrown = new AtomicReference<Throwable>();
        var interruptedAfter = new AtomicBoolean();
        Thread caller = Thread.ofPlatform().name("run-caller").start(() -> {
            try {
                Weft.run(() -> TaskGroup.run(g -> sleeper(g, started, cleanups)));
            } catch (Throwable t) {
                thrown.set(t);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        awaitLatch(started);
        awaitBlocked(caller);

        caller.interrupt();
        caller.join(10_000);

        assertFalse(caller.isAlive());
        assertEquals(1, cleanups.get());
        assertTrue(thrown.get() instanceof CancelledException, () -> "threw " + thrown.get());
        assertTrue(interruptedAfter.get());
    }

    // ---- a task that ignores cancellation --------------------------------------------------------

    @Test
    void aTaskThatIgnoresCancellationForAWhileIsAwaitedAndTheFailureStillReported() {
        // given a child that spins for about 200 ms without any cancellation check
        var failure = new IllegalStateException("boom");
        var spinnerFinished = new AtomicBoolean();
        var spinner = new AtomicReference<Task<String>>();

        // when a sibling fails meanwhile
        var thrown = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
            var spinning = new CountDownLatch(1);
            spinner.set(g.spawn("stubborn", () -> {
                spinning.countDown();
                try {
                    spin(ms(200));
                } finally {
                    spinnerFinished.set(true);
                }
                return "ignored the cancel";
            }));
            awaitLatch(spinning);
            g.spawn("failing", () -> {
                throw failure;
            });
            return null;
        }));

        // then the group waited for the spinner, which ends CANCELLED (a cancel request is final)
        assertSame(failure, thrown);
        assertTrue(spinnerFinished.get());
        assertEquals(Future.State.CANCELLED, spinner.get().state());
    }

    @Test
    void aTaskThatIgnoresCancellationForAWhileStillEndsItsTimeout() {
        var spinnerFinished = new AtomicBoolean();

        assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(20), () -> {
            try {
                spin(ms(200));
            } finally {
                spinnerFinished.set(true);
            }
            Weft.checkCancelled();
            return "never";
        }));

        assertTrue(spinnerFinished.get());
    }
}
