package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitFor;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.awaitBlocked;
import static dev.weft.peers.Peers.awaitDone;
import static dev.weft.peers.Peers.awaitLatch;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Queue;
import dev.weft.QueueEmptyException;
import dev.weft.QueueFullException;
import dev.weft.QueueShutDownException;
import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPython Lib/test/test_asyncio/test_queues.py (with Python 3.13's shutdown tests), ported to
 * {@link Queue}. Tagged to run a second time on one carrier thread, where asyncio's ordering of the
 * cancel races becomes deterministic.
 */
@Tag(Peers.ONE_CARRIER)
@org.junit.jupiter.api.Timeout(60)
class AsyncioQueuesTest {
    private static final int ROUNDS = 500;

    @Test
    void emptyTellsWhetherAnItemIsQueued() {
        // CPython test_queues.py: test_empty
        Queue<Integer> q = Queue.fifo();
        assertTrue(q.isEmpty());

        q.putNowait(1);
        assertFalse(q.isEmpty());

        assertEquals(1, q.getNowait());
        assertTrue(q.isEmpty());
    }

    @Test
    void fullIsNeverTrueForAnUnboundedQueueAndTrueAtMaxsize() {
        // CPython test_queues.py: test_full
        assertFalse(Queue.<Integer>fifo().isFull());

        Queue<Integer> q = Queue.fifo(1);
        q.putNowait(1);

        assertTrue(q.isFull());
    }

    @Test
    void fifoQueueKeepsInsertionOrder() {
        // CPython test_queues.py: test_order
        Queue<Integer> q = Queue.fifo();
        for (int i : new int[] {1, 3, 2}) {
            q.putNowait(i);
        }

        assertEquals(List.of(1, 3, 2), List.of(q.getNowait(), q.getNowait(), q.getNowait()));
    }

    @Test
    void lifoQueueReturnsTheNewestFirst() {
        // CPython test_queues.py: LifoQueueTests.test_order
        Queue<Integer> q = Queue.lifo();
        for (int i : new int[] {1, 3, 2}) {
            q.putNowait(i);
        }

        assertEquals(List.of(2, 3, 1), List.of(q.getNowait(), q.getNowait(), q.getNowait()));
    }

    @Test
    void priorityQueueReturnsTheSmallestFirst() {
        // CPython test_queues.py: PriorityQueueTests.test_order
        Queue<Integer> q = Queue.priority();
        for (int i : new int[] {1, 3, 2}) {
            q.putNowait(i);
        }

        assertEquals(List.of(1, 2, 3), List.of(q.getNowait(), q.getNowait(), q.getNowait()));
    }

    @Test
    void putterBlocksAtMaxsizeUntilAnItemIsTaken() {
        // CPython test_queues.py: test_maxsize
        var havePut = Collections.synchronizedList(new ArrayList<Integer>());

        var r = VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(2);
            assertEquals(2, q.maxsize());
            Task<Boolean> putter = spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                    havePut.add(i);
                }
                return true;
            });
            sleep(ms(10));
            assertEquals(List.of(0, 1), List.copyOf(havePut));
            assertEquals(0, q.getNowait());

            sleep(ms(10));

            assertEquals(List.of(0, 1, 2), List.copyOf(havePut));
            assertEquals(1, q.getNowait());
            assertEquals(2, q.getNowait());
            assertTrue(putter.isDone());
            assertTrue(putter.result());
        });

        assertEquals(ms(20), r.elapsed());
    }

    @Test
    void getReturnsAnItemAlreadyQueued() {
        // CPython test_queues.py: test_blocking_get
        Queue<Integer> q = Queue.fifo();
        q.putNowait(1);

        assertEquals(1, Weft.run(q::get));
    }

    @Test
    void getWithAFullQueueAndAWaitingPutterLetsThePutterIn() {
        // CPython test_queues.py: test_get_with_putters
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(1);
            q.putNowait(1);
            Task<Object> putter = spawn(() -> {
                q.put(2);
                return null;
            });
            sleep(ms(1));

            assertEquals(1, q.get());

            putter.join();
            assertEquals(2, q.getNowait());
        });
    }

    @Test
    void getWaitsUntilAnItemArrives() {
        // CPython test_queues.py: test_blocking_get_wait
        var r = VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo();
            spawn(() -> {
                sleep(ms(10));
                q.putNowait(1);
                return null;
            });
            return q.get();
        });

        assertEquals(1, r.value());
        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void getNowaitOnAnEmptyQueueThrowsQueueEmpty() {
        // CPython test_queues.py: test_nonblocking_get_exception
        assertThrows(QueueEmptyException.class, () -> Queue.fifo().getNowait());
    }

    @Test
    void getUnderWaitForReturnsTheItemThatArrivesInTime() {
        // CPython test_queues.py: test_get_cancelled
        var r = VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo();
            Task<Integer> getter = spawn(() -> waitFor(ms(51), q::get));
            sleep(ms(10));
            q.putNowait(1);
            return getter.join();
        });

        assertEquals(1, r.value());
        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void cancelledGetterDoesNotTakeTheNextItem() {
        // CPython test_queues.py: test_get_cancelled_race
        VirtualTime.run(() -> {
            Queue<String> q = Queue.fifo();
            Task<String> t1 = spawn(q::get);
            Task<String> t2 = spawn(q::get);
            sleep(ms(1));

            t1.cancel();
            awaitDone(t1);
            q.putNowait("a");

            assertEquals("a", t2.join());
            assertTrue(t1.isCancelled());
        });
    }

    @Test
    void waitingPuttersAreServedInOrder() {
        // CPython test_queues.py: test_get_with_waiting_putters
        VirtualTime.run(() -> {
            Queue<String> q = Queue.fifo(1);
            spawn(() -> {
                q.put("a");
                return null;
            });
            sleep(ms(1));
            spawn(() -> {
                q.put("b");
                return null;
            });
            sleep(ms(1));

            assertEquals("a", q.get());
            assertEquals("b", q.get());
        });
    }

    @Test
    void putToAnUnboundedQueueNeverBlocks() {
        // CPython test_queues.py: test_blocking_put
        Queue<Integer> q = Queue.fifo();

        Weft.run(() -> {
            for (int i = 0; i < 1000; i++) {
                q.put(i);
            }
        });

        assertEquals(1000, q.size());
    }

    @Test
    void putWaitsForRoom() {
        // CPython test_queues.py: test_blocking_put_wait
        var finished = new AtomicBoolean();

        var r = VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(1);
            spawn(() -> {
                sleep(ms(10));
                return q.getNowait();
            });
            q.put(1);
            q.put(2);
            finished.set(true);
        });

        assertTrue(finished.get());
        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void putNowaitOnAFullQueueThrowsQueueFull() {
        // CPython test_queues.py: test_nonblocking_put_exception
        Queue<Integer> q = Queue.fifo(1);
        q.putNowait(1);

        assertThrows(QueueFullException.class, () -> q.putNowait(2));
    }

    @Test
    void cancelledPutterPutsNothingAndTheOthersKeepTheirOrder() {
        // CPython test_queues.py: test_put_cancelled_race
        VirtualTime.run(() -> {
            Queue<String> q = Queue.fifo(1);
            Task<Object> putA = spawn(() -> {
                q.put("a");
                return null;
            });
            sleep(ms(1));
            Task<Object> putB = spawn(() -> {
                q.put("b");
                return null;
            });
            sleep(ms(1));
            Task<Object> putX = spawn(() -> {
                q.put("X");
                return null;
            });
            sleep(ms(1));
            assertTrue(putA.isDone());
            assertFalse(putB.isDone());

            putX.cancel();
            awaitDone(putX);

            assertEquals("a", q.get());
            assertEquals("b", q.get());
            putB.join();
            assertTrue(q.isEmpty());
        });
    }

    @Test
    void putHandsTheItemToAWaitingGetter() {
        // CPython test_queues.py: test_put_with_waiting_getters
        VirtualTime.run(() -> {
            Queue<String> q = Queue.fifo();
            Task<String> t = spawn(q::get);
            sleep(ms(1));

            q.put("a");

            assertEquals("a", t.join());
        });
    }

    @Test
    void taskDoneMoreOftenThanPutThrows() {
        // CPython test_queues.py: test_task_done_underflow (asyncio: ValueError)
        Queue<Integer> q = Queue.fifo();

        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void joinReturnsOnceEveryItemIsMarkedDone() {
        // CPython test_queues.py: test_task_done
        var sum = new AtomicInteger();

        Weft.run(() -> {
            Queue<Integer> q = Queue.fifo();
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            List<Task<Object>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(spawn(() -> {
                    while (true) {
                        int item = q.get();
                        sum.addAndGet(item);
                        q.taskDone();
                    }
                }));
            }

            q.join();

            assertEquals(4950, sum.get());
            workers.forEach(Task::cancel);
        });
    }

    @Test
    void joinOnAnEmptyQueueReturnsAtOnce() {
        // CPython test_queues.py: test_join_empty_queue
        Queue<Integer> q = Queue.fifo();

        Weft.run(() -> {
            q.join();
            q.join();
        });
    }

    @Test
    void cancelledGettersAreNotKeptAsWaiters() {
        // CPython test_queues.py: test_cancelled_getters_not_being_held_in_self_getters
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(1);
            for (int i = 0; i < 10; i++) {
                assertThrows(TimedOutException.class, () -> waitFor(ms(1), q::get));
            }

            q.put(1);

            assertEquals(1, q.size());
            assertEquals(1, q.get());
        });
    }

    @Test
    void cancelledPuttersAreNotKeptAsWaiters() {
        // CPython test_queues.py: test_cancelled_puts_not_being_held_in_self_putters
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(1);
            q.put(1);
            for (int i = 0; i < 10; i++) {
                assertThrows(TimedOutException.class, () -> waitFor(ms(1), () -> {
                    q.put(2);
                    return null;
                }));
            }

            assertEquals(1, q.get());

            assertTrue(q.isEmpty());
        });
    }

    @Test
    void everyWaitingGetterIsServedWhenItemsArrive() {
        // CPython test_queues.py: test_why_are_getters_waiting
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(1);
            List<Task<Integer>> getters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                getters.add(spawn(q::get));
            }
            for (int i = 0; i < 5; i++) {
                q.put(i);
            }

            var got = getters.stream().map(Task::join).sorted().toList();
            assertEquals(List.of(0, 1, 2, 3, 4), got);
        });
    }

    @Test
    void everyWaitingPutterIsServedWhenItemsAreTaken() {
        // CPython test_queues.py: test_why_are_putters_waiting
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(1);
            q.put(-1);
            List<Task<Object>> putters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int item = i;
                putters.add(spawn(() -> {
                    q.put(item);
                    return null;
                }));
            }
            var got = new ArrayList<Integer>();
            for (int i = 0; i < 6; i++) {
                got.add(q.get());
            }

            putters.forEach(Task::join);
            Collections.sort(got);
            assertEquals(List.of(-1, 0, 1, 2, 3, 4), got);
        });
    }

    @Test
    void getterCancelledAsAnItemArrivesEitherTakesItOrLeavesItInTheQueue() {
        // CPython test_queues.py: test_get_cancel_drop_one_pending_reader, repeated: the cancel and the
        // put race; the item is taken exactly once or stays (issue 11, decision "prompt cancellation")
        Weft.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                Queue<Integer> q = Queue.fifo();
                var took = new ConcurrentLinkedQueue<Integer>();
                var aboutToGet = new CountDownLatch(1);
                Task<Object> getter = spawn(() -> {
                    aboutToGet.countDown();
                    took.add(q.get());
                    return null;
                });
                awaitLatch(aboutToGet);

                if (round % 2 == 0) {
                    q.putNowait(round);
                    getter.cancel();
                } else {
                    getter.cancel();
                    q.putNowait(round);
                }
                awaitDone(getter);

                assertEquals(1, took.size() + q.size(), "round " + round + ": the item is taken once or kept");
            }
        });
    }

    @Test
    void manyGettersCancelledAsItemsArriveLoseNoItem() {
        // CPython test_queues.py: test_get_cancel_drop_many_pending_readers, repeated
        Weft.run(() -> {
            for (int round = 0; round < ROUNDS / 5; round++) {
                Queue<Integer> q = Queue.fifo();
                var took = new ConcurrentLinkedQueue<Integer>();
                List<Task<Object>> getters = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    getters.add(spawn(() -> {
                        took.add(q.get());
                        return null;
                    }));
                }
                for (int i = 0; i < 3; i++) {
                    q.putNowait(i);
                }
                getters.forEach(Task::cancel);
                getters.forEach(Peers::awaitDone);

                assertEquals(3, took.size() + q.size(), "round " + round);
            }
        });
    }

    @Test
    void putterCancelledAsRoomAppearsPutsAtMostOnce() {
        // CPython test_queues.py: test_put_cancel_drop, repeated: a putter that throws put nothing, so a
        // retry never duplicates (issue 11, decision "prompt cancellation")
        Weft.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                Queue<String> q = Queue.fifo(1);
                q.putNowait("first");
                var putReturned = new AtomicBoolean();
                var aboutToPut = new CountDownLatch(1);
                Task<Object> putter = spawn(() -> {
                    aboutToPut.countDown();
                    q.put("second");
                    putReturned.set(true);
                    return null;
                });
                awaitLatch(aboutToPut);

                if (round % 2 == 0) {
                    assertEquals("first", q.getNowait());
                    putter.cancel();
                } else {
                    putter.cancel();
                    assertEquals("first", q.getNowait());
                }
                awaitDone(putter);

                assertEquals(putReturned.get() ? 1 : 0, q.size(), "round " + round);
            }
        });
    }

    @Test
    void cancelledTaskCannotGetAnItemThatIsAlreadyThere() {
        // CPython test_queues.py: test_get_cancelled (prompt cancellation, issue 11: the call throws at
        // entry even though an item is waiting, and the item stays)
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo();
            q.putNowait(1);
            var seen = new AtomicReference<Throwable>();
            Task<Object> getter = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                try {
                    return q.get();
                } catch (RuntimeException e) {
                    seen.set(e);
                    throw e;
                }
            });

            assertThrows(CancelledException.class, getter::join);
            assertTrue(seen.get() instanceof CancelledException);
            assertEquals(1, q.size());
        });
    }

    @Test
    void cancelledTaskCannotPutEvenWithRoom() {
        // CPython test_queues.py: test_put_cancelled (prompt cancellation, issue 11)
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(5);
            Task<Object> putter = spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                q.put(1);
                return null;
            });

            assertThrows(CancelledException.class, putter::join);
            assertTrue(q.isEmpty());
        });
    }

    @Test
    void shutDownEmptyQueueRefusesPutAndGet() {
        // CPython test_queues.py: test_shutdown_empty
        Queue<Integer> q = Queue.fifo();

        q.shutdown();

        assertTrue(q.isShutDown());
        assertThrows(QueueShutDownException.class, () -> q.putNowait(1));
        assertThrows(QueueShutDownException.class, q::getNowait);
        Weft.run(() -> {
            assertThrows(QueueShutDownException.class, () -> q.put(1));
            assertThrows(QueueShutDownException.class, q::get);
        });
    }

    @Test
    void shutDownQueueStillHandsOutWhatIsLeftThenRefuses() {
        // CPython test_queues.py: test_shutdown_nonempty
        Queue<Integer> q = Queue.fifo();
        q.putNowait(1);
        q.putNowait(2);

        q.shutdown();

        Weft.run(() -> {
            assertEquals(1, q.get());
            assertEquals(2, q.getNowait());
            assertThrows(QueueShutDownException.class, q::get);
        });
    }

    @Test
    void immediateShutdownDropsTheItemsAndCountsThemDone() {
        // CPython test_queues.py: test_shutdown_immediate
        Queue<Integer> q = Queue.fifo();
        q.putNowait(1);
        q.putNowait(2);

        q.shutdown(true);

        Weft.run(() -> {
            assertThrows(QueueShutDownException.class, q::get);
            q.join();
        });
        assertTrue(q.isEmpty());
    }

    @Test
    void immediateShutdownReleasesAJoinerWaitingForUnfinishedItems() {
        // CPython test_queues.py: test_shutdown_immediate_with_unfinished
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo();
            q.putNowait(1);
            q.putNowait(2);
            assertEquals(1, q.getNowait());        // taken, but never marked done
            Task<Object> joiner = spawn(() -> {
                q.join();
                return null;
            });
            sleep(ms(1));
            assertFalse(joiner.isDone());

            q.shutdown(true);
            q.taskDone();

            joiner.join();
        });
    }

    @Test
    void shutdownReleasesBlockedGettersAndPutters() {
        // CPython test_queues.py: test_shutdown_get / test_shutdown_put (3.13): waiters are woken with
        // QueueShutDown
        VirtualTime.run(() -> {
            Queue<Integer> empty = Queue.fifo(1);
            Queue<Integer> full = Queue.fifo(1);
            full.putNowait(0);
            Task<Object> getter = spawn(() -> {
                try {
                    return empty.get();
                } catch (QueueShutDownException e) {
                    return e;                       // caught here: a failed child would fail the run
                }
            });
            Task<Object> putter = spawn(() -> {
                try {
                    full.put(1);
                    return null;
                } catch (QueueShutDownException e) {
                    return e;
                }
            });
            sleep(ms(1));

            empty.shutdown();
            full.shutdown();

            assertTrue(getter.join() instanceof QueueShutDownException);
            assertTrue(putter.join() instanceof QueueShutDownException);
        });
    }

    @Test
    void shuttingDownTwiceAndThenImmediatelyIsAllowed() {
        // CPython test_queues.py: test_shutdown_allowed_transitions
        Queue<Integer> q = Queue.fifo();
        q.putNowait(1);

        q.shutdown();
        q.shutdown();
        assertEquals(1, q.size());

        q.shutdown(true);
        assertTrue(q.isEmpty());
    }

    @Test
    void forEachLoopConsumesUntilShutdown() {
        // CPython test_queues.py: the worker loops of the 3.13 shutdown tests (`while True: await q.get()`
        // ended by QueueShutDown), in Weft's for-each spelling
        var got = new ArrayList<Integer>();

        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(2);
            spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    q.put(i);
                    sleep(ms(1));
                }
                q.shutdown();
                return null;
            });
            for (int item : q) {
                got.add(item);
            }
        });

        assertEquals(List.of(0, 1, 2, 3, 4), got);
    }

    @Test
    void negativeMaxsizeIsRefusedAndNullItemsToo() {
        // CPython test_queues.py: test_float_maxsize's neighbour, bad input (asyncio accepts any maxsize;
        // Weft refuses what cannot mean anything)
        assertThrows(IllegalArgumentException.class, () -> Queue.fifo(-1));
        assertThrows(NullPointerException.class, () -> Queue.<Integer>fifo().putNowait(null));
    }

    @Test
    void getUnderATimeoutOnAnEmptyQueueTimesOutAndTakesNothingLater() {
        // CPython test_queues.py: test_get_cancelled, the expiring half
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo();

            assertNull(Weft.timeoutOrNull(ms(5), q::get));
            q.putNowait(1);

            assertEquals(1, q.size());
        });
    }

    @Test
    void blockedGetterIsWokenByAPutFromAPlainThread() {
        // CPython test_queues.py: test_put_with_waiting_getters, with the put from outside the event loop
        // (loop.call_soon_threadsafe); Weft's queue works from any thread
        Weft.run(() -> {
            Queue<String> q = Queue.fifo();
            var thread = new AtomicReference<Thread>();
            Task<String> getter = spawn(() -> {
                thread.set(Thread.currentThread());
                return q.get();
            });
            awaitBlocked(thread);
            Thread plain = new Thread(() -> q.putNowait("from outside"));
            plain.start();

            assertEquals("from outside", getter.join());
            plain.join();
        });
    }

    @Test
    void getterLongBlockedIsCancelledPromptly() {
        // CPython test_queues.py: test_get_cancelled_race, the plain cancel of a waiting getter
        VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo();
            Task<Integer> getter = spawn(q::get);
            sleep(LONG);

            getter.cancel();

            assertThrows(CancelledException.class, getter::join);
        });
    }
}
