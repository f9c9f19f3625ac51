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

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CancellationTest {

    @Test
    void cancellationIsLevelTriggeredForWeftCalls() {
        // given a task that catches the first CancelledException and sleeps again
        var secondSleepCancelled = new AtomicBoolean();
        Weft.run(() -> {
            var sleeping = new CountDownLatch(1);
            Task<Object> task = Weft.spawn(() -> {
                try {
                    sleeping.countDown();
                    Weft.sleep(LONG);
                } catch (CancelledException first) {
                    // swallowed on purpose
                }
                try {
                    Weft.sleep(ms(10));
                } catch (CancelledException second) {
                    secondSleepCancelled.set(true);
                    throw second;
                }
                return null;
            });
            awaitLatch(sleeping);

            // when
            task.cancel();
            assertThrows(CancelledException.class, task::join);
        });

        // then
        assertTrue(secondSleepCancelled.get());
    }

    @Test
    void taskThatSwallowsTheCancelAndReturnsStillEndsCancelled() {
        // when
        Task<String> task = Weft.run(() -> {
            var sleeping = new CountDownLatch(1);
            Task<String> t = Weft.spawn(() -> {
                try {
                    sleeping.countDown();
                    Weft.sleep(LONG);
                } catch (CancelledException e) {
                    // swallowed on purpose
                }
                return "pretends nothing happened";
            });
            awaitLatch(sleeping);
            t.cancel();
            return t;
        });

        // then
        assertEquals(Future.State.CANCELLED, task.state());
        assertThrows(CancelledException.class, task::join);
    }

    @Test
    void taskThatThrowsAnotherExceptionWhileBeingCancelledEndsFailedWithIt() {
        // given
        var cleanupFailure = new IllegalStateException("cleanup failed");

        // when
        Task<Object> task = Weft.run(() -> TaskGroup.supervise(g -> {
            var sleeping = new CountDownLatch(1);
            Task<Object> t = g.spawn(() -> {
                try {
                    sleeping.countDown();
                    Weft.sleep(LONG);
                } catch (CancelledException e) {
                    throw cleanupFailure;
                }
                return null;
            });
            awaitLatch(sleeping);
            t.cancel();
            return t;
        }));

        // then
        assertEquals(Future.State.FAILED, task.state());
        assertSame(cleanupFailure, task.exception());
    }

    @Test
    void interruptedExceptionEscapingTheBodyMakesTheTaskCancelled() {
        // when a task blocked in a JDK queue is cancelled and lets InterruptedException escape
        Task<String> task = Weft.run(() -> {
            BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
            var taker = new AtomicReference<Thread>();
            var started = new CountDownLatch(1);
            Task<String> t = Weft.spawn(() -> {
                taker.set(Thread.currentThread());
                started.countDown();
                return queue.take();
            });
            awaitLatch(started);
            awaitBlocked(taker.get());
            t.cancel();
            return t;
        });

        // then
        assertEquals(Future.State.CANCELLED, task.state());
    }

    @Test
    void jdkBlockingCallInATaskIsInterruptedByCancel() {
        // given a task blocked in CountDownLatch.await()
        var interrupted = new AtomicBoolean();
        Weft.run(() -> {
            var started = new CountDownLatch(1);
            var never = new CountDownLatch(1);
            Task<Object> task = Weft.spawn(() -> {
                try {
                    started.countDown();
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
                return null;
            });
            awaitLatch(started);

            // when
            task.cancel();
            assertThrows(CancelledException.class, task::join);
        });

        // then
        assertTrue(interrupted.get());
    }

    @Test
    void checkCancelledThrowsInACancelledTask() {
        // given a CPU-bound loop that checks for cancellation
        var sawCancel = new AtomicBoolean();
        Weft.run(() -> {
            var looping = new CountDownLatch(1);
            Task<Object> task = Weft.spawn(() -> {
                looping.countDown();
                try {
                    while (true) {
                        Weft.checkCancelled();
                        Thread.yield();
                    }
                } catch (CancelledException e) {
                    sawCancel.set(true);
                    throw e;
                }
            });
            awaitLatch(looping);

            // when
            task.cancel();
            assertThrows(CancelledException.class, task::join);
        });

        // then
        assertTrue(sawCancel.get());
    }

    @Test
    void checkCancelledReturnsInARunningTask() {
        // when
        String value = Weft.run(() -> Weft.spawn(() -> {
            Weft.checkCancelled();
            return "went on";
        }).join());

        // then
        assertEquals("went on", value);
    }

    @Test
    void currentTaskIsEmptyOnAPlainThread() {
        assertFalse(Weft.currentTask().isPresent());
    }

    @Test
    void currentTaskIsPresentInsideATask() {
        // when
        String name = Weft.run(() -> Weft.spawn("me", () -> Weft.currentTask().orElseThrow().name()).join());

        // then
        assertEquals("me", name);
    }

    @Test
    void cancelledTaskLeavesNoInterruptOnItsJoiner() {
        // given a main that cancels and joins a task
        var joinerInterrupted = new AtomicBoolean(true);
        Weft.run(() -> {
            Task<Object> task = Weft.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            task.cancel();
            assertThrows(CancelledException.class, task::join);

            // then
            joinerInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertFalse(joinerInterrupted.get());
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
