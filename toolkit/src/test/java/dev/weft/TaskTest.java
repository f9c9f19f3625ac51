package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskTest {

    /** A task that failed with {@code failure}, finished inside a supervisor so nothing else fails. */
    private static Task<Object> failedTask(Exception failure) {
        return Weft.run(() -> TaskGroup.supervise(g -> g.spawn(() -> {
            throw failure;
        })));
    }

    @Test
    void spawnedTaskCarriesItsNameOnTheTaskAndOnItsThread() {
        // when
        var threadName = new AtomicReference<String>();
        Task<String> task = Weft.run(() -> {
            Task<String> t = Weft.spawn("fetch-user", () -> {
                threadName.set(Thread.currentThread().getName());
                return "u";
            });
            t.join();
            return t;
        });

        // then
        assertEquals("fetch-user", task.name());
        assertEquals("fetch-user", threadName.get());
    }

    @Test
    void spawnedTaskWithoutANameGetsAGeneratedOne() {
        // when
        Task<String> task = Weft.run(() -> Weft.spawn(() -> "x"));

        // then
        assertTrue(task.name().matches("task-\\d+"), task.name());
    }

    @Test
    void spawnedTaskRunsOnAVirtualThread() {
        // when
        boolean virtual = Weft.run(() -> Weft.spawn(() -> Thread.currentThread().isVirtual()).join());

        // then
        assertTrue(virtual);
    }

    @Test
    void joinReturnsTheTasksValue() {
        // when
        int value = Weft.run(() -> Weft.spawn(() -> 6 * 7).join());

        // then
        assertEquals(42, value);
    }

    @Test
    void resultAndExceptionThrowIllegalStateWhileTheTaskRuns() {
        Weft.run(() -> {
            // given a running task
            var release = new CountDownLatch(1);
            Task<String> task = Weft.spawn(() -> {
                awaitLatch(release);
                return "done";
            });

            // when / then
            try {
                assertThrows(IllegalStateException.class, task::result);
                assertThrows(IllegalStateException.class, task::exception);
            } finally {
                release.countDown();
            }
        });
    }

    @Test
    void resultReturnsTheValueAndExceptionIsNullAfterSuccess() {
        // when
        Task<String> task = Weft.run(() -> Weft.spawn(() -> "ok"));

        // then
        assertEquals("ok", task.result());
        assertNull(task.exception());
    }

    @Test
    void exceptionIsTheOriginalCheckedExceptionAfterFailure() {
        // given
        var failure = new IOException("original");

        // when
        Task<Object> task = failedTask(failure);

        // then
        assertSame(failure, task.exception());
    }

    @Test
    void resultRethrowsAnUncheckedFailureAsItself() {
        // given
        var failure = new IllegalArgumentException("bad");

        // when
        Task<Object> task = failedTask(failure);

        // then
        assertSame(failure, assertThrows(IllegalArgumentException.class, task::result));
    }

    @Test
    void cancelReturnsTrueWhileTheTaskRuns() {
        Weft.run(() -> {
            // given
            Task<Object> task = Weft.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });

            // when / then
            assertTrue(task.cancel());
        });
    }

    @Test
    void cancelReturnsFalseOnceTheTaskIsDone() {
        // given
        Task<String> task = Weft.run(() -> Weft.spawn(() -> "done"));

        // when / then
        assertFalse(task.cancel());
        assertEquals(Future.State.SUCCESS, task.state());
    }

    @Test
    void joinThrowsCancelledExceptionAfterCancel() {
        Weft.run(() -> {
            // given
            Task<Object> task = Weft.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });

            // when
            task.cancel();

            // then
            assertThrows(CancelledException.class, task::join);
        });
    }

    @Test
    void exceptionIsACancelledExceptionAfterCancel() {
        // when
        Task<Object> task = Weft.run(() -> {
            Task<Object> t = Weft.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            t.cancel();
            return t;
        });

        // then
        assertInstanceOf(CancelledException.class, task.exception());
    }

    @Test
    void cancelledTaskIsNeitherDoneNorCancelledUntilItsCleanupHasRun() {
        Weft.run(() -> {
            // given a task whose cleanup waits for our signal
            var sleeping = new CountDownLatch(1);
            var inCleanup = new CountDownLatch(1);
            var finishCleanup = new AtomicBoolean();
            Task<Object> task = Weft.spawn(() -> {
                try {
                    sleeping.countDown();
                    Weft.sleep(LONG);
                } finally {
                    inCleanup.countDown();
                    while (!finishCleanup.get()) {
                        Thread.yield();
                    }
                }
                return null;
            });
            awaitLatch(sleeping);

            // when
            task.cancel();
            awaitLatch(inCleanup);

            // then: not done while cleaning up...
            assertFalse(task.isDone(), "done during cleanup");
            assertFalse(task.isCancelled(), "cancelled during cleanup");

            // ...but done and cancelled once the cleanup has finished
            finishCleanup.set(true);
            await().atMost(Duration.ofSeconds(10)).until(task::isDone);
            assertTrue(task.isCancelled());
        });
    }

    @Test
    void stateIsRunningWhileTheTaskRuns() {
        Weft.run(() -> {
            // given
            var release = new CountDownLatch(1);
            Task<String> task = Weft.spawn(() -> {
                awaitLatch(release);
                return "done";
            });

            // when / then
            try {
                assertEquals(Future.State.RUNNING, task.state());
            } finally {
                release.countDown();
            }
        });
    }

    @Test
    void stateIsSuccessAfterANormalCompletion() {
        assertEquals(Future.State.SUCCESS, Weft.run(() -> Weft.spawn(() -> 1)).state());
    }

    @Test
    void stateIsFailedAfterAFailure() {
        assertEquals(Future.State.FAILED, failedTask(new IllegalStateException("x")).state());
    }

    @Test
    void stateIsCancelledAfterCancel() {
        // when
        Task<Object> task = Weft.run(() -> {
            Task<Object> t = Weft.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            t.cancel();
            return t;
        });

        // then
        assertEquals(Future.State.CANCELLED, task.state());
    }

    @Test
    void onDoneCallbackRunsExactlyOnceWhenTheTaskCompletes() {
        // given
        var calls = new AtomicInteger();
        var seen = new AtomicReference<Task<?>>();

        // when
        Task<String> task = Weft.run(() -> {
            var release = new CountDownLatch(1);
            Task<String> t = Weft.spawn(() -> {
                awaitLatch(release);
                return "v";
            });
            t.onDone(done -> {
                calls.incrementAndGet();
                seen.set(done);
            });
            release.countDown();
            t.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 1);
            return t;
        });

        // then
        assertEquals(1, calls.get());
        assertSame(task, seen.get());
    }

    @Test
    void onDoneRegisteredAfterCompletionRunsAtOnceOnTheCallersThread() {
        // given a finished task
        Task<String> task = Weft.run(() -> Weft.spawn(() -> "v"));
        var callbackThread = new AtomicReference<Thread>();
        var calls = new AtomicInteger();

        // when
        task.onDone(done -> {
            calls.incrementAndGet();
            callbackThread.set(Thread.currentThread());
        });

        // then
        assertEquals(1, calls.get());
        assertSame(Thread.currentThread(), callbackThread.get());
    }

    @Test
    void futureGetReturnsTheValue() throws Exception {
        // when
        Task<String> task = Weft.run(() -> Weft.spawn(() -> "value"));

        // then
        assertEquals("value", task.get());
    }

    @Test
    void futureGetThrowsExecutionExceptionWithTheOriginalCauseAfterFailure() {
        // given
        var failure = new IOException("original");
        Task<Object> task = failedTask(failure);

        // when
        var thrown = assertThrows(ExecutionException.class, task::get);

        // then
        assertSame(failure, thrown.getCause());
    }

    @Test
    void futureGetThrowsCancellationExceptionAfterCancel() {
        // given
        Task<Object> task = Weft.run(() -> {
            Task<Object> t = Weft.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });
            t.cancel();
            return t;
        });

        // when / then
        assertThrows(CancellationException.class, task::get);
    }
}
