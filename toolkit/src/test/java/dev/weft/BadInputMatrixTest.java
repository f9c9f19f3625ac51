package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public method of Weft, Task, TaskGroup, Timeout, Semaphore, RateLimiter, Event and ContextVar
 * against null, negative, zero, closed and already-done arguments: a clear exception at the call (or a
 * prompt answer where the input is legal), never a hang, nothing lost. One table per kind of bad input.
 * (The older BadInputTest is folded in: its cases are rows here, and its scope message test below.)
 */
@Timeout(60)
class BadInputMatrixTest {
    private static final Duration NO_HANG = Duration.ofSeconds(5);
    private static final Callable<String> BODY = () -> "ok";
    private static final ThrowingRunnable RUNNABLE = () -> { };
    private static final Duration D = ms(10);

    /** One call of the matrix: what it is (the test's name), the call, and the argument its message must name. */
    record Row(String call, Executable action, String argument) {
        @Override
        public String toString() {
            return call;
        }
    }

    private static Row row(String call, String argument, Executable action) {
        return new Row(call, action, argument);
    }

    private static Row row(String call, Executable action) {
        return new Row(call, action, null);
    }

    /** Runs {@code action} inside {@code Weft.run}; what it throws leaves {@code run} as itself. */
    private static Executable inRun(Executable action) {
        return () -> Weft.run(() -> {
            try {
                action.execute();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        });
    }

    /** Runs {@code action} in {@code Weft.run} with a task that stays running until the action is over. */
    private static Executable withRunningTask(Consumer<Task<String>> action) {
        return inRun(() -> {
            var release = new CountDownLatch(1);
            Task<String> running = Weft.spawn("running", () -> {
                release.await();
                return "done";
            });
            try {
                action.accept(running);
            } finally {
                release.countDown();
            }
        });
    }

    /** Runs {@code action} in {@code Weft.run} with a task that has already completed with "done". */
    private static Executable withDoneTask(Consumer<Task<String>> action) {
        return inRun(() -> {
            Task<String> done = Weft.spawn("done", () -> "done");
            done.join();
            action.accept(done);
        });
    }

    private static void assertPrompt(Executable call) {
        assertTimeoutPreemptively(NO_HANG, call, "the call hung");
    }

    // ---- null ------------------------------------------------------------------------------------

    static Stream<Row> nullArguments() {
        var event = new Event();
        var semaphore = new Semaphore(1);
        ContextVar<String> var = ContextVar.named("v");
        return Stream.of(
                row("Weft.run(null callable)", "main", () -> Weft.run((Callable<String>) null)),
                row("Weft.run(null runnable)", "main", () -> Weft.run((ThrowingRunnable) null)),
                row("Weft.sleep(null)", "duration", inRun(() -> Weft.sleep(null))),
                row("Weft.spawn(null)", "body", inRun(() -> Weft.spawn((Callable<String>) null))),
                row("Weft.spawn(null name, body)", "name", inRun(() -> Weft.spawn(null, BODY))),
                row("Weft.spawn(name, null body)", "body", inRun(() -> Weft.spawn("n", (Callable<String>) null))),
                row("Weft.spawn(null runnable)", "body", inRun(() -> Weft.spawn((ThrowingRunnable) null))),
                row("Weft.spawn(null name, runnable)", "name", inRun(() -> Weft.spawn(null, RUNNABLE))),
                row("Weft.spawn(name, null runnable)", "body", inRun(() -> Weft.spawn("n", (ThrowingRunnable) null))),
                row("Weft.gather(null array)", "bodies", inRun(() -> Weft.gather((Callable<String>[]) null))),
                row("Weft.gather(null collection)", "bodies", inRun(() -> Weft.gather((Collection<Callable<String>>) null))),
                row("Weft.gather(body, null)", "bodies[1]", inRun(() -> Weft.gather(BODY, null))),
                row("Weft.gather([body, null])", "bodies[1]", inRun(() -> Weft.gather(Arrays.asList(BODY, null)))),
                row("Weft.gather(null stream)", "bodies", inRun(() -> Weft.gather((Stream<Callable<String>>) null))),
                row("Weft.gather(null items, fn)", "items", inRun(() -> Weft.gather(null, (String x) -> x))),
                row("Weft.gather(items, null fn)", "body", inRun(() -> Weft.gather(List.of("a"), null))),
                row("Weft.gatherSettled(null array)", "bodies", inRun(() -> Weft.gatherSettled((Callable<String>[]) null))),
                row("Weft.gatherSettled(null collection)", "bodies",
                        inRun(() -> Weft.gatherSettled((Collection<Callable<String>>) null))),
                row("Weft.gatherSettled(body, null)", "bodies[1]", inRun(() -> Weft.gatherSettled(BODY, null))),
                row("Weft.waitFor(null, body)", "timeout", inRun(() -> Weft.waitFor(null, BODY))),
                row("Weft.waitFor(d, null)", "body", inRun(() -> Weft.waitFor(D, (Callable<String>) null))),
                row("Weft.waitFor(d, null task)", "task", inRun(() -> Weft.waitFor(D, (Task<String>) null))),
                row("Weft.timeout(null)", "duration", inRun(() -> Weft.timeout(null))),
                row("Weft.timeoutOrNull(null, body)", "timeout", inRun(() -> Weft.timeoutOrNull(null, BODY))),
                row("Weft.timeoutOrNull(d, null)", "body", inRun(() -> Weft.timeoutOrNull(D, null))),
                row("Weft.shield(null)", "body", inRun(() -> Weft.shield(null))),
                row("Weft.asCompleted(null)", "tasks", () -> Weft.asCompleted(null)),
                row("Weft.asCompleted([null])", "tasks[0]", () -> Weft.asCompleted(Arrays.asList((Task<String>) null))),
                row("Weft.asCompleted(tasks, null)", "timeout", withDoneTask(t -> Weft.asCompleted(List.of(t), null))),
                row("Weft.waitTasks(null, ALL)", "tasks", inRun(() -> Weft.waitTasks(null, ReturnWhen.ALL_COMPLETED))),
                row("Weft.waitTasks([null], ALL)", "tasks[0]",
                        inRun(() -> Weft.waitTasks(Arrays.asList((Task<String>) null), ReturnWhen.ALL_COMPLETED))),
                row("Weft.waitTasks(tasks, null)", "when", withDoneTask(t -> Weft.waitTasks(List.of(t), null))),
                row("Weft.waitTasks(tasks, ALL, null)", "timeout",
                        withDoneTask(t -> Weft.waitTasks(List.of(t), ReturnWhen.ALL_COMPLETED, null))),
                row("Task.onDone(null)", "callback", withRunningTask(t -> t.onDone(null))),
                row("Task.get(1, null unit)", "unit", withDoneTask(t -> {
                    try {
                        t.get(1, null);
                    } catch (InterruptedException | java.util.concurrent.ExecutionException | TimeoutException e) {
                        throw new AssertionError(e);
                    }
                })),
                row("TaskGroup.run(null)", "body", () -> TaskGroup.run(null)),
                row("TaskGroup.supervise(null)", "body", () -> TaskGroup.supervise(null)),
                row("TaskGroup.spawn(null)", "body", () -> TaskGroup.run(g -> g.spawn((Callable<String>) null))),
                row("TaskGroup.spawn(null name, body)", "name", () -> TaskGroup.run(g -> g.spawn(null, BODY))),
                row("TaskGroup.spawn(name, null body)", "body", () -> TaskGroup.run(g -> g.spawn("n", (Callable<String>) null))),
                row("TaskGroup.spawn(null runnable)", "body", () -> TaskGroup.run(g -> g.spawn((ThrowingRunnable) null))),
                row("TaskGroup.spawn(null name, runnable)", "name", () -> TaskGroup.run(g -> g.spawn(null, RUNNABLE))),
                row("TaskGroup.spawn(name, null runnable)", "body",
                        () -> TaskGroup.run(g -> g.spawn("n", (ThrowingRunnable) null))),
                row("TaskGroup.execute(null)", "body", () -> TaskGroup.execute(null)),
                row("TaskGroup.executeSupervised(null)", "body", () -> TaskGroup.executeSupervised(null)),
                row("Semaphore.withPermit(null callable)", "body", () -> semaphore.withPermit((Callable<String>) null)),
                row("Semaphore.withPermit(null runnable)", "body", () -> semaphore.withPermit((ThrowingRunnable) null)),
                row("RateLimiter.of(n, null)", "period", () -> RateLimiter.of(1, null)),
                row("RateLimiter.of(n, null, burst)", "period", () -> RateLimiter.of(1, null, 1)),
                row("Event.waitUntilSet(null)", "timeout", () -> event.waitUntilSet(null)),
                row("ContextVar.named(null)", "name", () -> ContextVar.named(null)),
                row("ContextVar.withDefault(null, value)", "name", () -> ContextVar.withDefault(null, "x")),
                row("ContextVar.where(value, null)", "body", () -> var.where("x", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullArguments")
    void aNullArgumentThrowsNullPointerNamingIt(Row row) {
        assertPrompt(() -> {
            var thrown = assertThrows(NullPointerException.class, row.action());
            assertNotNull(thrown.getMessage(), "no message");
            assertTrue(thrown.getMessage().contains(row.argument()),
                    () -> "message '" + thrown.getMessage() + "' does not name '" + row.argument() + "'");
        });
    }

    @Test
    void aNullBodyAmongOthersIsRejectedBeforeAnyBodyRuns() {
        var ran = new AtomicInteger();
        Callable<String> counted = () -> {
            ran.incrementAndGet();
            return "ran";
        };

        Weft.run(() -> {
            assertThrows(NullPointerException.class, () -> Weft.gather(counted, counted, null));
            assertThrows(NullPointerException.class, () -> Weft.gatherSettled(Arrays.asList(counted, null)));
        });

        assertEquals(0, ran.get());
    }

    @Test
    void spawnOutsideAnyScopeSaysHowToFixIt() {
        // when called on a plain thread, outside Weft.run and any TaskGroup (folded in from BadInputTest)
        var thrown = assertThrows(IllegalStateException.class, () -> Weft.spawn(() -> "orphan"));

        // then the message names both ways in
        assertNotNull(thrown.getMessage(), "no message");
        assertTrue(thrown.getMessage().contains("Weft.run") && thrown.getMessage().contains("TaskGroup"),
                () -> "message '" + thrown.getMessage() + "' names neither Weft.run nor TaskGroup");
    }

    // ---- negative and zero -----------------------------------------------------------------------

    static Stream<Row> invalidNumbers() {
        var event = new Event();
        return Stream.of(
                row("Weft.sleep(-1 ms)", inRun(() -> Weft.sleep(ms(-1)))),
                row("new Semaphore(-1)", () -> new Semaphore(-1)),
                row("Semaphore.bounded(-1)", () -> Semaphore.bounded(-1)),
                row("new BoundedSemaphore(-1)", () -> new BoundedSemaphore(-1)),
                row("RateLimiter.of(0, 1 s)", () -> RateLimiter.of(0, Duration.ofSeconds(1))),
                row("RateLimiter.of(-1, 1 s)", () -> RateLimiter.of(-1, Duration.ofSeconds(1))),
                row("RateLimiter.of(1, 0 s)", () -> RateLimiter.of(1, Duration.ZERO)),
                row("RateLimiter.of(1, -1 s)", () -> RateLimiter.of(1, Duration.ofSeconds(-1))),
                row("RateLimiter.of(1, 1 s, burst 0)", () -> RateLimiter.of(1, Duration.ofSeconds(1), 0)),
                row("RateLimiter.of(1, 1 s, burst -1)", () -> RateLimiter.of(1, Duration.ofSeconds(1), -1)),
                row("Event.waitUntilSet(-1 ms)", () -> event.waitUntilSet(ms(-1))),
                row("Weft.waitTasks([], ALL)", inRun(() -> Weft.waitTasks(List.<Task<String>>of(), ReturnWhen.ALL_COMPLETED))),
                row("Weft.waitTasks(tasks, ALL, -1 ms)",
                        withRunningTask(t -> Weft.waitTasks(List.of(t), ReturnWhen.ALL_COMPLETED, ms(-1)))),
                row("Weft.asCompleted(tasks, -1 ms)", withRunningTask(t -> Weft.asCompleted(List.of(t), ms(-1)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidNumbers")
    void anInvalidNumberThrowsIllegalArgumentWithAMessage(Row row) {
        assertPrompt(() -> {
            var thrown = assertThrows(IllegalArgumentException.class, row.action());
            assertNotNull(thrown.getMessage(), "no message");
        });
    }

    static Stream<Row> zeroOrNegativeDeadlines() {
        var event = new Event();
        var bodyRan = new AtomicBoolean();
        Callable<String> marking = () -> {
            bodyRan.set(true);
            return "ran";
        };
        return Stream.of(
                row("Weft.sleep(0) returns", inRun(() -> Weft.sleep(Duration.ZERO))),
                row("Weft.waitFor(0, body) times out without running it", inRun(() -> {
                    assertThrows(TimedOutException.class, () -> Weft.waitFor(Duration.ZERO, marking));
                    assertFalse(bodyRan.get());
                })),
                row("Weft.waitFor(-1 ms, body) times out", inRun(() ->
                        assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(-1), BODY)))),
                row("Weft.timeoutOrNull(0, body) is null", inRun(() -> assertNull(Weft.timeoutOrNull(Duration.ZERO, BODY)))),
                row("Weft.timeout(0) fires at the first Weft call", inRun(() ->
                        assertThrows(TimedOutException.class, () -> {
                            try (var t = Weft.timeout(Duration.ZERO)) {
                                Weft.sleep(LONG);
                            }
                        }))),
                row("Weft.timeout(-1 ms) fires at the first Weft call", inRun(() ->
                        assertThrows(TimedOutException.class, () -> {
                            try (var t = Weft.timeout(ms(-1))) {
                                Weft.sleep(LONG);
                            }
                        }))),
                row("Event.waitUntilSet(0) is false", () -> assertFalse(event.waitUntilSet(Duration.ZERO))),
                row("Weft.waitTasks(running, ALL, 0) leaves it pending", withRunningTask(t ->
                        assertEquals(1, Weft.waitTasks(List.of(t), ReturnWhen.ALL_COMPLETED, Duration.ZERO).pending().size()))),
                row("Weft.asCompleted(running, 0).next() times out", withRunningTask(t ->
                        assertThrows(TimedOutException.class, () -> Weft.asCompleted(List.of(t), Duration.ZERO).iterator().next()))),
                row("Task.get(0 s) of a running task times out", withRunningTask(t ->
                        assertThrows(TimeoutException.class, () -> t.get(0, TimeUnit.SECONDS)))),
                row("Task.get(-1 s) of a running task times out", withRunningTask(t ->
                        assertThrows(TimeoutException.class, () -> t.get(-1, TimeUnit.SECONDS)))),
                row("new Semaphore(0).tryAcquire() is false", () -> assertFalse(new Semaphore(0).tryAcquire())),
                row("new Semaphore(0).acquire() in a zero timeout times out", inRun(() ->
                        assertThrows(TimedOutException.class, () -> {
                            try (var t = Weft.timeout(Duration.ZERO)) {
                                new Semaphore(0).acquire();
                            }
                        }))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zeroOrNegativeDeadlines")
    void aZeroOrNegativeDeadlineAnswersAtOnce(Row row) {
        assertPrompt(row.action());
    }

    // ---- closed, finished, wrong thread ----------------------------------------------------------

    static Stream<Row> closedOrWrongState() {
        return Stream.of(
                row("Weft.spawn outside any scope", () -> Weft.spawn(BODY)),
                row("TaskGroup.spawn after run returned", () -> {
                    TaskGroup finished = TaskGroup.run(g -> g);
                    finished.spawn(BODY);
                }),
                row("TaskGroup.spawn after close", () -> {
                    TaskGroup closed;
                    try (var g = TaskGroup.open()) {
                        closed = g;
                    }
                    closed.spawn(BODY);
                }),
                row("TaskGroup.close on another thread", () -> {
                    try (var g = TaskGroup.open()) {
                        var thrown = new AtomicReference<Throwable>();
                        Thread other = Thread.ofPlatform().start(() -> {
                            try {
                                g.close();
                            } catch (Throwable t) {
                                thrown.set(t);
                            }
                        });
                        other.join();
                        if (thrown.get() != null) {
                            throw thrown.get();
                        }
                    }
                }),
                row("Timeout.close on another thread", () -> {
                    try (var t = Weft.timeout(LONG)) {
                        var thrown = new AtomicReference<Throwable>();
                        Thread other = Thread.ofPlatform().start(() -> {
                            try {
                                t.close();
                            } catch (Throwable e) {
                                thrown.set(e);
                            }
                        });
                        other.join();
                        if (thrown.get() != null) {
                            throw thrown.get();
                        }
                    }
                }),
                row("Timeout.close before an inner one", inRun(() -> {
                    var outer = Weft.timeout(LONG);
                    var inner = Weft.timeout(LONG);
                    try {
                        outer.close();
                    } finally {
                        inner.close();
                        outer.close();
                    }
                })),
                row("BoundedSemaphore.release without a held permit", () -> Semaphore.bounded(1).release()),
                row("Task.result of a running task", withRunningTask(Task::result)),
                row("Task.exception of a running task", withRunningTask(Task::exception)),
                row("Task.join of itself", inRun(() -> {
                    var self = new AtomicReference<Task<Object>>();
                    var ready = new CountDownLatch(1);
                    Task<Object> t = Weft.spawn(() -> {
                        ready.await();
                        return self.get().join();
                    });
                    self.set(t);
                    ready.countDown();
                    t.join();
                })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closedOrWrongState")
    void useOfSomethingClosedFinishedOrOnTheWrongThreadThrowsIllegalState(Row row) {
        assertPrompt(() -> {
            var thrown = assertThrows(IllegalStateException.class, row.action());
            assertNotNull(thrown.getMessage(), "no message");
        });
    }

    // ---- already done ----------------------------------------------------------------------------

    static Stream<Row> alreadyDone() {
        return Stream.of(
                row("Task.cancel of a done task is false", withDoneTask(t -> assertFalse(t.cancel()))),
                row("Task.join of a done task returns its value", withDoneTask(t -> assertEquals("done", t.join()))),
                row("Task.onDone of a done task runs at once", withDoneTask(t -> {
                    var ran = new AtomicBoolean();
                    t.onDone(x -> ran.set(true));
                    assertTrue(ran.get());
                })),
                row("Weft.waitTasks of done tasks returns them done", withDoneTask(t ->
                        assertEquals(1, Weft.waitTasks(List.of(t), ReturnWhen.ALL_COMPLETED).done().size()))),
                row("Weft.asCompleted of done tasks yields each once", withDoneTask(t -> {
                    List<Task<String>> seen = new ArrayList<>();
                    Weft.asCompleted(List.of(t, t)).forEach(seen::add);
                    assertEquals(List.of(t), seen);
                })),
                row("Task.result of a cancelled task throws CancelledException", inRun(() -> {
                    var release = new CountDownLatch(1);
                    Task<String> t = Weft.spawn(() -> {
                        release.await();
                        return "never";
                    });
                    t.cancel();
                    assertThrows(CancelledException.class, t::join);
                    assertThrows(CancelledException.class, t::result);
                    assertTrue(t.exception() instanceof CancelledException);
                    assertFalse(t.cancel());
                })),
                row("TaskGroup.close twice does nothing more", inRun(() -> {
                    var g = TaskGroup.open();
                    g.spawn(BODY);
                    g.close();
                    g.close();
                })),
                row("TaskGroup.cancel after close does nothing", () -> {
                    TaskGroup finished = TaskGroup.run(g -> g);
                    finished.cancel();
                }),
                row("Timeout.close twice does nothing more", inRun(() -> {
                    var t = Weft.timeout(LONG);
                    t.close();
                    t.close();
                })),
                row("Permit.close twice releases once", () -> {
                    var semaphore = new Semaphore(1);
                    var permit = semaphore.acquire();
                    permit.close();
                    permit.close();
                    assertEquals(1, semaphore.availablePermits());
                    assertTrue(permit.isReleased());
                }),
                row("ContextVar.Token.close twice restores once", () -> {
                    ContextVar<String> v = ContextVar.withDefault("v", "default");
                    var outer = v.set("outer");
                    var inner = v.set("inner");
                    inner.close();
                    outer.close();
                    inner.close();
                    assertEquals("default", v.get());
                }),
                row("Event.set twice keeps it set; waiting returns at once", () -> {
                    var event = new Event();
                    event.set();
                    event.set();
                    event.waitUntilSet();
                    assertTrue(event.waitUntilSet(Duration.ZERO));
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alreadyDone")
    void anAlreadyDoneArgumentAnswersAtOnce(Row row) {
        assertPrompt(row.action());
    }

    @Test
    void closingAGroupTwiceOnAPlainThreadDoesNothingMore() {
        assertPrompt(() -> {
            var g = TaskGroup.open();
            g.spawn(BODY);
            g.close();

            g.close();
        });
    }

    @Test
    void closingATimeoutTwiceOnAPlainThreadDoesNothingMore() {
        assertPrompt(() -> {
            var t = Weft.timeout(LONG);
            t.close();

            t.close();
        });
    }
}
