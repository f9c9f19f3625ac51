package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.mapConcurrent;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.toThread;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * {@link Weft#toThread}: a body on a platform thread, cancellable and structured; after CPython's
 * test_asyncio/test_threads.py (test_to_thread, test_to_thread_exception, test_to_thread_contextvars)
 * and the run_in_executor tests of test_events.py.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ToThreadTest {

    @Test
    void bodyRunsOnANamedDaemonPlatformThread() {
        List<Object> where = run(() -> toThread(() -> {
            Thread t = Thread.currentThread();
            return List.of(t.isVirtual(), t.isDaemon(), t.getName().startsWith("weft-to-thread-"));
        }));

        assertEquals(List.of(false, true, true), where);
    }

    @Test
    void valueOfTheBodyIsReturned() {
        assertEquals(6, run(() -> toThread(() -> 2 * 3)));
    }

    @Test
    void uncheckedFailureIsRethrownAsItself() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertSame(boom, assertThrows(IllegalStateException.class, () -> run(() -> toThread(() -> {
            throw boom;
        }))));
    }

    @Test
    void checkedFailureIsWrappedInTaskFailedException() {
        IOException io = new IOException("disk");

        TaskFailedException e = assertThrows(TaskFailedException.class, () -> run(() -> toThread(() -> {
            throw io;
        })));

        assertSame(io, e.getCause());
    }

    @Test
    void cancellingTheTaskInterruptsTheBodyAndWaitsForItsEnd() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean bodyEnded = new AtomicBoolean();
        AtomicBoolean endedBeforeTheCallReturned = new AtomicBoolean();

        run(() -> {
            Task<Object> t = spawn(() -> {
                try {
                    return toThread(() -> {
                        started.countDown();
                        try {
                            Thread.sleep(LONG);
                        } finally {
                            TestSupport.spin(Duration.ofMillis(50)); // slow cleanup on the platform thread
                            bodyEnded.set(true);
                        }
                        return null;
                    });
                } finally {
                    endedBeforeTheCallReturned.set(bodyEnded.get());
                }
            });
            awaitLatch(started);
            t.cancel();
            assertThrows(CancelledException.class, t::join);
        });

        assertTrue(endedBeforeTheCallReturned.get(), "toThread returned before its body ended");
    }

    @Test
    void timeoutAroundToThreadInterruptsTheBody() {
        AtomicBoolean interrupted = new AtomicBoolean();

        assertThrows(TimedOutException.class, () -> run(() -> waitFor(Duration.ofMillis(50), () -> toThread(() -> {
            try {
                Thread.sleep(LONG);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return null;
        }))));

        assertTrue(interrupted.get());
    }

    @Test
    void givenExecutorRunsTheBody() {
        ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "mine"));
        try {
            assertEquals("mine", run(() -> toThread(mine, () -> Thread.currentThread().getName())));
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void rejectedExecutionLeavesTheCall() {
        ExecutorService closed = Executors.newSingleThreadExecutor();
        closed.shutdown();

        assertThrows(RejectedExecutionException.class, () -> run(() -> toThread(closed, () -> 1)));
    }

    @Test
    void bodyWithdrawnBeforeThePoolStartedItNeverRuns() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        CountDownLatch blockerStarted = new CountDownLatch(1);
        CountDownLatch releaseBlocker = new CountDownLatch(1);
        AtomicBoolean queuedBodyRan = new AtomicBoolean();
        try {
            one.execute(() -> {
                blockerStarted.countDown();
                try {
                    releaseBlocker.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            awaitLatch(blockerStarted);

            assertThrows(TimedOutException.class, () -> run(() -> waitFor(Duration.ofMillis(50),
                    () -> toThread(one, () -> queuedBodyRan.getAndSet(true)))));
            releaseBlocker.countDown();
            one.shutdown();
            assertTrue(one.awaitTermination(10, TimeUnit.SECONDS));

            assertFalse(queuedBodyRan.get());
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void poolThreadStartsTheNextBodyWithoutTheInterruptOfACancelledOne() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        try {
            run(() -> {
                Task<Object> t = spawn(() -> toThread(one, () -> {
                    started.countDown();
                    Thread.sleep(LONG);
                    return null;
                }));
                awaitLatch(started);
                t.cancel();
                assertThrows(CancelledException.class, t::join);
            });

            assertFalse(run(() -> toThread(one, () -> Thread.currentThread().isInterrupted())));
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void mapConcurrentWithToThreadBodiesReturnsTheResultsInOrder() {
        List<Integer> squares = run(() -> mapConcurrent(List.of(1, 2, 3, 4, 5, 6), 3, i -> toThread(() -> i * i)));

        assertEquals(List.of(1, 4, 9, 16, 25, 36), squares);
    }

    @Test
    void gatherFailureInterruptsASiblingsToThreadBodyAndWaitsForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean siblingBodyEnded = new AtomicBoolean();
        AtomicBoolean endedWhenGatherThrew = new AtomicBoolean();

        assertThrows(IllegalStateException.class, () -> run(() -> {
            try {
                return gather(() -> toThread(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(LONG);
                    } finally {
                        siblingBodyEnded.set(true);
                    }
                    return "not reached";
                }), () -> {
                    awaitLatch(started);
                    throw new IllegalStateException("sibling failed");
                });
            } finally {
                endedWhenGatherThrew.set(siblingBodyEnded.get());
            }
        }));

        assertTrue(endedWhenGatherThrew.get());
    }

    @Test
    void bodySeesTheCallersContextAndThePoolThreadIsCleanAfter() {
        ContextVar<String> request = ContextVar.named("request");
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            String seen = run(() -> {
                MDC.put("user", "alice");
                request.set("r-7");
                return toThread(one, () -> MDC.get("user") + "/" + request.get());
            });
            String after = run(() -> toThread(one, () -> MDC.get("user") + "/" + request.get()));

            assertEquals("alice/r-7", seen);
            assertEquals("null/null", after);
        } finally {
            one.shutdownNow();
            MDC.clear();
        }
    }

    @Test
    void toThreadRejectsNullNamingTheArgument() {
        assertEquals("body", assertThrows(NullPointerException.class, () -> toThread(null)).getMessage());
        assertEquals("executor", assertThrows(NullPointerException.class, () -> toThread(null, () -> 1)).getMessage());
    }
}
