package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitBlocked;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.Weft.await;
import static dev.weft.Weft.awaitFuture;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Futures as Weft blocking calls ({@link Weft#await}, {@link Weft#awaitFuture}) and tasks as
 * {@code CompletableFuture}s; after CPython's test_asyncio/test_futures.py wrap_future tests
 * (test_wrap_future, test_wrap_future_cancel, test_wrap_future_cancel2).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FutureInteropTest {

    @Test
    void awaitReturnsTheValueOfACompletedStage() {
        assertEquals("done", run(() -> await(CompletableFuture.completedFuture("done"))));
    }

    @Test
    void awaitWaitsForAStageCompletedLater() {
        CompletableFuture<String> f = new CompletableFuture<>();
        AtomicReference<Thread> waiter = new AtomicReference<>();

        String v = run(() -> {
            Task<String> t = spawn(() -> {
                waiter.set(Thread.currentThread());
                return await(f);
            });
            org.awaitility.Awaitility.await().until(() -> waiter.get() != null);
            awaitBlocked(waiter.get());
            f.complete("later");
            return t.join();
        });

        assertEquals("later", v);
    }

    @Test
    void awaitRethrowsAnUncheckedFailureAsItself() {
        IllegalStateException boom = new IllegalStateException("boom");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(() -> await(CompletableFuture.failedFuture(boom))));

        assertSame(boom, e);
    }

    @Test
    void awaitWrapsACheckedFailureInTaskFailedException() {
        IOException io = new IOException("disk");

        TaskFailedException e = assertThrows(TaskFailedException.class,
                () -> run(() -> await(CompletableFuture.failedFuture(io))));

        assertSame(io, e.getCause());
    }

    @Test
    void awaitOfAStageFailedThroughADependentRethrowsTheOriginal() {
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        CompletableFuture<String> dependent = CompletableFuture.<String>failedFuture(bad).thenApply(s -> s + "!");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(() -> await(dependent)));

        assertSame(bad, e);
    }

    @Test
    void cancellingTheAwaitingTaskCancelsTheFuture() {
        CompletableFuture<String> f = new CompletableFuture<>();
        AtomicReference<Thread> waiter = new AtomicReference<>();

        run(() -> {
            Task<String> t = spawn(() -> {
                waiter.set(Thread.currentThread());
                return await(f);
            });
            org.awaitility.Awaitility.await().until(() -> waiter.get() != null);
            awaitBlocked(waiter.get());
            t.cancel();
            assertThrows(CancelledException.class, t::join);
        });

        assertTrue(f.isCancelled());
    }

    @Test
    void timeoutAroundAwaitCancelsTheFutureAndThrowsTimedOut() {
        CompletableFuture<String> f = new CompletableFuture<>();

        var r = VirtualTime.run(() -> {
            try {
                return waitFor(Duration.ofSeconds(1), () -> await(f));
            } catch (TimedOutException e) {
                return "timed out";
            }
        });

        assertEquals("timed out", r.value());
        assertEquals(Duration.ofSeconds(1), r.elapsed());
        assertTrue(f.isCancelled());
    }

    @Test
    void timeoutAroundAwaitFutureInterruptsTheExecutorsWork() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try {
            Future<String> f = pool.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(LONG);
                    return "slept";
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            });
            awaitLatch(started);

            assertThrows(TimedOutException.class, () -> run(() -> waitFor(Duration.ofMillis(50), () -> awaitFuture(f))));

            awaitLatch(interrupted);
            assertTrue(f.isCancelled());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void awaitFutureRethrowsTheFailureOfAnExecutorsTask() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Object> f = pool.submit(() -> {
                throw new IOException("no route");
            });

            TaskFailedException e = assertThrows(TaskFailedException.class, () -> run(() -> awaitFuture(f)));

            assertInstanceOf(IOException.class, e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void awaitOfAFutureCancelledBySomebodyElseThrowsCancelledException() {
        CompletableFuture<String> f = new CompletableFuture<>();
        f.cancel(false);

        CancelledException e = run(() -> assertThrows(CancelledException.class, () -> await(f)));

        assertInstanceOf(CancellationException.class, e.getCause());
    }

    @Test
    void awaitOutsideWeftWorksAsAPlainWait() {
        assertEquals(7, awaitFuture(CompletableFuture.completedFuture(7)));
    }

    @Test
    void awaitRejectsNullNamingTheArgument() {
        assertEquals("stage", assertThrows(NullPointerException.class, () -> await(null)).getMessage());
        assertEquals("future", assertThrows(NullPointerException.class, () -> awaitFuture(null)).getMessage());
    }

    @Test
    void gatherOfAwaitsReturnsTheValuesInOrder() {
        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<String> fast = CompletableFuture.completedFuture("fast");

        List<String> values = run(() -> {
            Task<List<String>> both = spawn(() -> gather(() -> await(slow), () -> await(fast)));
            slow.complete("slow");
            return both.join();
        });

        assertEquals(List.of("slow", "fast"), values);
    }

    // ---- Task as a CompletableFuture --------------------------------------------------------------

    @Test
    void taskAsCompletableFutureCompletesWithItsValue() throws Exception {
        CompletableFuture<Integer> f = run(() -> spawn(() -> 42).toCompletableFuture());

        assertEquals(42, f.get());
    }

    @Test
    void taskAsCompletableFutureFailsWithTheOriginalException() {
        IOException io = new IOException("disk");

        CompletableFuture<Object> f = run(() -> {
            Task<Object> t = TaskGroup.supervise(g -> g.spawn(() -> {
                throw io;
            }));
            return t.toCompletableFuture();
        });

        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertSame(io, e.getCause());
    }

    @Test
    void cancellingTheCompletableFutureCancelsTheTask() {
        AtomicReference<Task<String>> task = new AtomicReference<>();

        CompletableFuture<String> f = run(() -> {
            Task<String> t = spawn(() -> {
                Weft.sleep(LONG);
                return "not reached";
            });
            task.set(t);
            CompletableFuture<String> cf = t.toCompletableFuture();
            cf.cancel(true);
            assertThrows(CancelledException.class, t::join);
            return cf;
        });

        assertTrue(f.isCancelled());
        assertTrue(task.get().isCancelled());
    }

    @Test
    void cancelledTaskGivesACancelledCompletableFuture() {
        CompletableFuture<String> f = run(() -> {
            Task<String> t = spawn(() -> {
                Weft.sleep(LONG);
                return "not reached";
            });
            t.cancel();
            assertThrows(CancelledException.class, t::join);
            return t.toCompletableFuture();
        });

        assertTrue(f.isCancelled());
    }

    @Test
    void completableFutureOfATaskComposesWithDependents() throws Exception {
        String v = run(() -> await(spawn(() -> "weft").toCompletableFuture().thenApply(String::toUpperCase)));

        assertEquals("WEFT", v);
    }
}
