package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prompt-cancellation contract, checked the same way over every Weft blocking call: each is a
 * cancellation point at entry (a cancelled task throws even when what the call waits for is already
 * there), cancellation is level-triggered (the next call throws again), and a shield hides it (the
 * call then does its work). The races below check the wake-up half: a cancel racing an item or a
 * permit never loses or duplicates it (asyncio's rule, test_queues' and test_locks' cancellation
 * tests).
 *
 * <p>A task cancels itself here ({@code currentTask().cancel()}), so that each call meets a cancel
 * that is already there, with the thing it waits for ready, and nothing else has to be timed.
 */
@Timeout(120)
class BlockingCallContractTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** A generous bound for a wait that must end: only a lost wake-up reaches it. */
    private static final Duration NO_HANG = Duration.ofSeconds(10);
    /** Rounds of each race; a round costs a few task starts. */
    private static final int ROUNDS = 2_000;

    // ---- the calls ---------------------------------------------------------------------------------

    /** One blocking call, set up (before the task is cancelled) so that it could return at once. */
    record Fixture(ThrowingRunnable call, BooleanSupplier untouched, ThrowingRunnable cleanup) {
        static Fixture of(ThrowingRunnable call) {
            return new Fixture(call, () -> true, () -> { });
        }

        static Fixture of(ThrowingRunnable call, BooleanSupplier untouched) {
            return new Fixture(call, untouched, () -> { });
        }
    }

    /** A named way to set a fixture up; runs on the task that will be cancelled. */
    record Row(String name, Callable<Fixture> setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> calls() {
        return Stream.of(
                new Row("Weft.sleep", () -> Fixture.of(() -> Weft.sleep(Duration.ZERO))),
                new Row("Task.join", () -> {
                    Task<Integer> done = doneTask();
                    return Fixture.of(done::join);
                }),
                new Row("Weft.gather", () -> Fixture.of(() -> Weft.gather(() -> 1))),
                new Row("Weft.waitTasks", () -> {
                    Task<Integer> done = doneTask();
                    return Fixture.of(() -> Weft.waitTasks(List.of(done), ReturnWhen.FIRST_COMPLETED));
                }),
                new Row("Weft.waitTasks with a timeout", () -> {
                    Task<Integer> done = doneTask();
                    return Fixture.of(() -> Weft.waitTasks(List.of(done), ReturnWhen.ALL_COMPLETED, MINUTE));
                }),
                new Row("Weft.asCompleted next", () -> {
                    Task<Integer> done = doneTask();
                    return Fixture.of(() -> Weft.asCompleted(List.of(done)).iterator().next());
                }),
                new Row("Weft.asCompleted with a timeout, next", () -> {
                    Task<Integer> done = doneTask();
                    return Fixture.of(() -> Weft.asCompleted(List.of(done), MINUTE).iterator().next());
                }),
                new Row("Queue.get", () -> {
                    Queue<String> q = Queue.fifo(1);
                    q.put("ready");
                    return Fixture.of(q::get, () -> q.size() == 1);
                }),
                new Row("Queue.put", () -> {
                    Queue<String> q = Queue.fifo(1);
                    return Fixture.of(() -> q.put("item"), q::isEmpty);
                }),
                new Row("Queue.join", () -> {
                    Queue<String> q = Queue.fifo();
                    return Fixture.of(q::join);
                }),
                new Row("Queue for-each hasNext", () -> {
                    Queue<String> q = Queue.fifo();
                    q.put("ready");
                    return Fixture.of(() -> q.iterator().hasNext(), () -> q.size() == 1);
                }),
                new Row("Semaphore.acquire", () -> {
                    Semaphore s = new Semaphore(1);
                    return Fixture.of(() -> s.acquire().close(), () -> s.availablePermits() == 1);
                }),
                new Row("Semaphore.withPermit", () -> {
                    Semaphore s = new Semaphore(1);
                    return Fixture.of(() -> s.withPermit(() -> { }), () -> s.availablePermits() == 1);
                }),
                new Row("BoundedSemaphore.acquire", () -> {
                    BoundedSemaphore s = Semaphore.bounded(1);
                    return Fixture.of(() -> s.acquire().close(), () -> s.availablePermits() == 1);
                }),
                new Row("Event.waitUntilSet", () -> {
                    Event e = new Event();
                    e.set();
                    return Fixture.of(e::waitUntilSet);
                }),
                new Row("Event.waitUntilSet with a timeout", () -> {
                    Event e = new Event();
                    e.set();
                    return Fixture.of(() -> e.waitUntilSet(MINUTE));
                }),
                new Row("RateLimiter.acquire", () -> {
                    RateLimiter r = RateLimiter.of(1_000, Duration.ofHours(1));
                    return Fixture.of(r::acquire, () -> r.queueLength() == 0);
                }),
                new Row("Generator hasNext", () -> {
                    Generator<String> g = Generator.of(out -> out.emit("ready"));
                    var values = g.iterator();
                    values.hasNext(); // waits until the value is buffered
                    return new Fixture(values::hasNext, () -> true, g::close);
                }),
                new Row("Generator next", () -> {
                    Generator<String> g = Generator.of(out -> out.emit("ready"));
                    var values = g.iterator();
                    values.hasNext();
                    return new Fixture(values::next, () -> true, g::close);
                }),
                new Row("Emitter.emit (Handoff)", () -> {
                    Handoff<String> h = new Handoff<>(1);
                    return Fixture.of(() -> h.emit("value"), () -> {
                        h.end();
                        return !h.awaitItem();
                    });
                }),
                new Row("Weft.mapConcurrent", () -> Fixture.of(() -> Weft.mapConcurrent(List.of(1), 1, x -> x))),
                new Row("Generator.mapConcurrent hasNext", () -> {
                    Generator<Integer> g = Generator.<Integer>of(out -> out.emit(1)).mapConcurrent(1, x -> x);
                    var values = g.iterator();
                    values.hasNext();
                    return new Fixture(values::hasNext, () -> true, g::close);
                }),
                new Row("entering TaskGroup.run", () -> Fixture.of(() -> TaskGroup.run(g -> 1))),
                new Row("entering TaskGroup.supervise", () -> Fixture.of(() -> TaskGroup.supervise(g -> 1))),
                new Row("entering TaskGroup.open", () -> Fixture.of(() -> {
                    try (var g = TaskGroup.open()) {
                        assertTrue(g != null);
                    }
                })),
                new Row("entering TaskGroup.openSupervisor", () -> Fixture.of(() -> {
                    try (var g = TaskGroup.openSupervisor()) {
                        assertTrue(g != null);
                    }
                })),
                new Row("entering Weft.waitFor", () -> Fixture.of(() -> Weft.waitFor(MINUTE, () -> 1))),
                new Row("entering Weft.timeoutOrNull", () -> Fixture.of(() -> Weft.timeoutOrNull(MINUTE, () -> 1))),
                new Row("entering Weft.timeout", () -> Fixture.of(() -> {
                    try (var t = Weft.timeout(MINUTE)) {
                        assertTrue(t != null);
                    }
                })),
                new Row("entering a nested Weft.run", () -> Fixture.of(() -> Weft.run(() -> 1))));
    }

    // ---- the contract ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aCancelledTaskThrowsAtEntryEvenWhenTheCallCouldReturnAtOnce(Row row) {
        // given a cancelled task whose call finds what it waits for ready
        AtomicReference<Fixture> fixture = new AtomicReference<>();

        // when
        Throwable thrown = inACancelledTask(row, fixture, fx -> catching(fx.call()));

        // then it threw, and did nothing
        assertInstanceOf(CancelledException.class, thrown, row.name() + " returned or threw otherwise");
        assertTrue(fixture.get().untouched().getAsBoolean(), row.name() + " did its work although it threw");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aCancelledTaskThrowsAgainOnTheNextCall(Row row) {
        // given a cancelled task that caught the first exception
        AtomicReference<Fixture> fixture = new AtomicReference<>();

        // when it calls again
        Throwable second = inACancelledTask(row, fixture, fx -> {
            catching(fx.call());
            return catching(fx.call());
        });

        // then the second call throws too (level-triggered)
        assertInstanceOf(CancelledException.class, second, row.name() + " forgot the cancel");
        assertTrue(fixture.get().untouched().getAsBoolean(), row.name() + " did its work although it threw");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aShieldedCallInACancelledTaskDoesItsWork(Row row) {
        // given a cancelled task
        AtomicReference<Throwable> inside = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();

        // when it makes the call behind a shield
        Throwable atShieldExit = inACancelledTask(row, new AtomicReference<>(), fx -> {
            catching(Weft::checkCancelled); // the cancel has been seen once; it stays pending
            return catching(() -> Weft.shield(() -> {
                inside.set(catching(fx.call()));
                returned.set(true);
                return null;
            }));
        });

        // then the call returns normally, and the pending cancel shows at the shield's exit
        assertNull(inside.get(), () -> row.name() + " threw behind a shield: " + inside.get());
        assertTrue(returned.get());
        assertInstanceOf(CancelledException.class, atShieldExit);
    }

    /**
     * Runs {@code step} on a task that set {@code row} up and then cancelled itself; returns what the
     * step returned. The fixture's cleanup runs last, in the cancelled task.
     */
    private static Throwable inACancelledTask(Row row, AtomicReference<Fixture> fixture,
            Function<Fixture, Throwable> step) {
        AtomicReference<Throwable> result = new AtomicReference<>();
        Weft.run(() -> {
            Task<Object> task = Weft.spawn("contract", () -> {
                Fixture fx = row.setup().call();
                fixture.set(fx);
                try {
                    Weft.currentTask().orElseThrow().cancel();
                    result.set(step.apply(fx));
                } finally {
                    catching(fx.cleanup()); // a generator's close: innermost first, so not behind a shield
                }
                return null;
            });
            catching(task::join);
            assertTrue(task.isCancelled(), () -> "the task ended " + task.state() + ": " + task.exception());
        });
        return result.get();
    }

    /** A task that has finished with 1, spawned into the caller's scope. */
    private static Task<Integer> doneTask() {
        Task<Integer> t = Weft.spawn(() -> 1);
        t.join();
        return t;
    }

    private static Throwable catching(ThrowingRunnable call) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    // ---- races: the wake-up half -------------------------------------------------------------------

    @Test
    void aGetterCancelledAsAnItemArrivesLeavesItForTheNextGetter() {
        // (asyncio test_queues: test_cancelled_getters_not_being_held_in_self_getters and its kin)
        Weft.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                // given two getters waiting in order on an empty queue
                Queue<Integer> q = Queue.fifo();
                AtomicInteger takenByFirst = new AtomicInteger();
                AtomicInteger takenBySecond = new AtomicInteger();
                Task<Object> first = spawnParked(() -> {
                    q.get();
                    takenByFirst.incrementAndGet();
                    return null;
                });
                Task<Object> second = spawnParked(() -> {
                    q.get();
                    takenBySecond.incrementAndGet();
                    return null;
                });

                // when an item arrives as the first getter is cancelled
                int item = round;
                Task<Object> putter = Weft.spawn(() -> {
                    q.put(item);
                    return null;
                });
                first.cancel();
                putter.join();
                catching(first::join);

                // then the item went to exactly one getter, or stayed: never lost, never twice
                if (takenByFirst.get() == 0) {
                    Weft.waitFor(NO_HANG, () -> catching(second::join)); // the item reaches the second one
                    assertEquals(1, takenBySecond.get(), "round " + round + ": the item was lost");
                } else {
                    second.cancel();
                    catching(second::join);
                    assertEquals(0, takenBySecond.get(), "round " + round);
                }
                assertEquals(1, takenByFirst.get() + takenBySecond.get() + q.size(), "round " + round);
            }
        });
    }

    @Test
    void aPutterCancelledAsRoomAppearsPutsNothingAndLeavesTheRoomForTheNextPutter() {
        // (asyncio test_queues: test_cancelled_puts_not_being_held_in_self_putters and its kin)
        Weft.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                // given a full queue with two putters waiting in order
                Queue<String> q = Queue.fifo(1);
                q.put("old");
                AtomicBoolean firstPut = new AtomicBoolean();
                AtomicBoolean secondPut = new AtomicBoolean();
                Task<Object> first = spawnParked(() -> {
                    q.put("first");
                    firstPut.set(true);
                    return null;
                });
                Task<Object> second = spawnParked(() -> {
                    q.put("second");
                    secondPut.set(true);
                    return null;
                });

                // when room appears as the first putter is cancelled
                Task<String> getter = Weft.spawn(q::get);
                first.cancel();
                assertEquals("old", getter.join());
                catching(first::join);

                // then the first put is in the queue exactly if it returned, and the room was not lost
                if (!firstPut.get()) {
                    Weft.waitFor(NO_HANG, () -> catching(second::join));
                    assertTrue(secondPut.get(), "round " + round + ": the room was lost");
                    assertEquals("second", q.getNowait());
                } else {
                    second.cancel();
                    catching(second::join);
                    assertTrue(!secondPut.get(), "round " + round);
                    assertEquals("first", q.getNowait());
                }
                assertTrue(q.isEmpty(), "round " + round + ": an item was put twice");
            }
        });
    }

    @Test
    void anEmitterCancelledAsRoomAppearsEmitsNothingAndLeavesTheRoomForTheNextEmitter() {
        Weft.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                // given a generator's full hand-off with two emitters waiting in order
                Handoff<String> handoff = new Handoff<>(1);
                handoff.emit("old");
                AtomicBoolean firstEmitted = new AtomicBoolean();
                AtomicBoolean secondEmitted = new AtomicBoolean();
                Task<Object> first = spawnParked(() -> {
                    handoff.emit("first");
                    firstEmitted.set(true);
                    return null;
                });
                Task<Object> second = spawnParked(() -> {
                    handoff.emit("second");
                    secondEmitted.set(true);
                    return null;
                });

                // when the consumer makes room as the first emitter is cancelled
                Task<String> consumer = Weft.spawn(() -> {
                    assertTrue(handoff.awaitItem());
                    return handoff.take();
                });
                first.cancel();
                assertEquals("old", consumer.join());
                catching(first::join);

                // then the first value is there exactly if its emit returned, and the room was not lost
                if (!firstEmitted.get()) {
                    Weft.waitFor(NO_HANG, () -> catching(second::join));
                    assertTrue(secondEmitted.get(), "round " + round + ": the room was lost");
                    assertEquals("second", handoff.take());
                } else {
                    second.cancel();
                    catching(second::join);
                    assertTrue(!secondEmitted.get(), "round " + round);
                    assertEquals("first", handoff.take());
                }
                handoff.end();
                assertTrue(!handoff.awaitItem(), "round " + round + ": a value was emitted twice");
            }
        });
    }

    @Test
    void aPermitReleasedAsItsAcquirerIsCancelledGoesToTheNextWaiter() {
        // (asyncio test_locks: test_acquire_cancel_after_release and kin)
        Semaphore s = new Semaphore(0);
        Weft.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                // given two acquirers waiting in order on a semaphore without permits
                AtomicBoolean firstGot = new AtomicBoolean();
                AtomicBoolean secondGot = new AtomicBoolean();
                Task<Object> first = spawnParked(() -> {
                    try (var p = s.acquire()) {
                        firstGot.set(true);
                    }
                    return null;
                });
                Task<Object> second = spawnParked(() -> {
                    try (var p = s.acquire()) {
                        secondGot.set(true);
                    }
                    return null;
                });

                // when a permit is released as the first acquirer is cancelled
                Task<Object> releaser = Weft.spawn(() -> {
                    s.release();
                    return null;
                });
                first.cancel();
                releaser.join();
                catching(first::join);

                // then the second one gets the permit in every case (the first gives back what it took)
                Weft.waitFor(NO_HANG, () -> catching(second::join));
                assertTrue(secondGot.get(), "round " + round + ": the permit was lost");
                assertEquals(1, s.availablePermits(), "round " + round + ": a permit was lost or made up");
                s.acquire().close();
                assertTrue(s.tryAcquire(), "round " + round);
            }
        });
        assertEquals(0, s.availablePermits());
    }

    @Test
    void aGetterWokenForAnItemAndCancelledBeforeItRunsLeavesTheItemToTheNextGetter() throws Exception {
        // (asyncio test_queues: test_cancelled_getters_not_being_held_in_self_getters; a getter whose
        // future was resolved, then cancelled before it ran, wakes the next getter)
        Queue<String> q = Queue.fifo();
        ReentrantLock queueLock = lockOf(q);
        Weft.run(() -> {
            // given two getters waiting in order
            Task<Object> first = spawnParked(q::get);
            Task<Object> second = spawnParked(q::get);

            // when an item wakes the first one, which is cancelled before it can run (the lock is ours)
            queueLock.lock();
            try {
                q.putNowait("item");
                first.cancel();
            } finally {
                queueLock.unlock();
            }

            // then the cancel wins and the item goes to the second getter
            assertInstanceOf(CancelledException.class, catching(first::join));
            assertEquals("item", Weft.waitFor(NO_HANG, second::join));
        });
    }

    @Test
    void aPutterWokenForRoomAndCancelledBeforeItRunsLeavesTheRoomToTheNextPutter() throws Exception {
        // (asyncio test_queues: test_cancelled_puts_not_being_held_in_self_putters)
        Queue<String> q = Queue.fifo(1);
        ReentrantLock queueLock = lockOf(q);
        Weft.run(() -> {
            // given a full queue and two putters waiting in order
            q.put("old");
            Task<Object> first = spawnParked(() -> {
                q.put("first");
                return null;
            });
            Task<Object> second = spawnParked(() -> {
                q.put("second");
                return null;
            });

            // when room wakes the first one, which is cancelled before it can run
            queueLock.lock();
            try {
                assertEquals("old", q.getNowait());
                first.cancel();
            } finally {
                queueLock.unlock();
            }

            // then the first put nothing and the second got the room
            assertInstanceOf(CancelledException.class, catching(first::join));
            Weft.waitFor(NO_HANG, second::join);
            assertEquals("second", q.getNowait());
            assertTrue(q.isEmpty());
        });
    }

    /** The queue's lock, so that a test can keep a woken waiter from running (white box). */
    private static ReentrantLock lockOf(Queue<?> q) throws ReflectiveOperationException {
        Field lock = Queue.class.getDeclaredField("lock");
        lock.setAccessible(true);
        return (ReentrantLock) lock.get(q);
    }

    /** Spawns {@code body} and waits (yielding, not sleeping) until its thread has parked in a wait. */
    private static Task<Object> spawnParked(Callable<Object> body) {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Task<Object> t = Weft.spawn(() -> {
            thread.set(Thread.currentThread());
            return body.call();
        });
        while (thread.get() == null || thread.get().getState() != Thread.State.WAITING) {
            if (t.isDone()) {
                throw new AssertionError("the task ended before it waited: " + t.exception());
            }
            Thread.yield();
        }
        return t;
    }
}
