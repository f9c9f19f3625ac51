package dev.weft;

import static dev.weft.TestSupport.awaitBlocked;
import static dev.weft.TestSupport.awaitLatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Queue}: orders, waiting, the nowait forms, argument checks, {@code taskDone}/{@code join}. */
@Timeout(30)
class QueueTest {

    /**
     * Spawns {@code body} into the enclosing scope and returns once its thread is parked, that is,
     * blocked in the queue call it makes. Shared by the queue tests.
     */
    static <T> Task<T> spawnBlocked(Callable<T> body) throws InterruptedException {
        var thread = new AtomicReference<Thread>();
        var started = new CountDownLatch(1);
        Task<T> task = Weft.spawn(() -> {
            thread.set(Thread.currentThread());
            started.countDown();
            return body.call();
        });
        awaitLatch(started);
        awaitBlocked(thread.get());
        return task;
    }

    private static <E> List<E> drain(Queue<E> q) {
        List<E> items = new ArrayList<>();
        while (!q.isEmpty()) {
            items.add(q.getNowait());
        }
        return items;
    }

    @Test
    void fifoQueueReturnsItemsInPutOrder() {
        // given
        Queue<String> q = Queue.fifo(0);

        // when
        q.put("a");
        q.put("b");
        q.put("c");

        // then
        assertEquals(List.of("a", "b", "c"), drain(q));
    }

    @Test
    void lifoQueueReturnsTheNewestItemFirst() {
        Queue<String> q = Queue.lifo(0);

        q.put("a");
        q.put("b");
        q.put("c");

        assertEquals(List.of("c", "b", "a"), drain(q));
    }

    @Test
    void priorityQueueReturnsTheSmallestItemFirst() {
        Queue<Integer> q = Queue.priority(0);

        for (int i : new int[] {5, 1, 4, 2, 3}) {
            q.put(i);
        }

        assertEquals(List.of(1, 2, 3, 4, 5), drain(q));
    }

    @Test
    void priorityQueueOrdersByTheGivenComparator() {
        Queue<String> q = Queue.priority(0, Comparator.comparing(String::length));

        q.put("ccc");
        q.put("a");
        q.put("bb");

        assertEquals(List.of("a", "bb", "ccc"), drain(q));
    }

    @Test
    void getWaitsUntilAnItemIsPut() {
        String got = Weft.run(() -> {
            // given a getter blocked on an empty queue
            Queue<String> q = Queue.fifo();
            Task<String> getter = spawnBlocked(q::get);
            assertFalse(getter.isDone());

            // when
            q.put("x");

            // then
            return getter.join();
        });
        assertEquals("x", got);
    }

    @Test
    void boundedPutWaitsUntilAGetMakesRoom() {
        Weft.run(() -> {
            // given a full queue and a putter blocked on it
            Queue<String> q = Queue.fifo(1);
            q.put("a");
            Task<Object> putter = spawnBlocked(() -> {
                q.put("b");
                return null;
            });
            assertFalse(putter.isDone());
            assertEquals(1, q.size());

            // when
            assertEquals("a", q.get());

            // then
            putter.join();
            assertEquals("b", q.getNowait());
        });
    }

    @Test
    void putNowaitOnAFullQueueThrowsQueueFullAndAddsNothing() {
        Queue<String> q = Queue.fifo(2);
        q.putNowait("a");
        q.putNowait("b");

        assertThrows(QueueFullException.class, () -> q.putNowait("c"));
        assertEquals(List.of("a", "b"), drain(q));
    }

    @Test
    void getNowaitOnAnEmptyQueueThrowsQueueEmpty() {
        Queue<String> q = Queue.fifo(2);

        assertThrows(QueueEmptyException.class, q::getNowait);
    }

    @Test
    void sizeIsEmptyAndIsFullFollowTheContents() {
        Queue<String> q = Queue.fifo(2);
        assertEquals(2, q.maxsize());
        assertTrue(q.isEmpty());

        q.put("a");
        assertEquals(1, q.size());
        assertFalse(q.isEmpty());
        assertFalse(q.isFull());

        q.put("b");
        assertTrue(q.isFull());
    }

    @Test
    void unboundedQueueIsNeverFull() {
        Queue<Integer> q = Queue.fifo(0);

        for (int i = 0; i < 10_000; i++) {
            q.putNowait(i);
        }

        assertFalse(q.isFull());
        assertEquals(10_000, q.size());
        assertEquals(0, q.maxsize());
    }

    @Test
    void negativeMaxsizeIsRejectedNamingTheArgument() {
        var e = assertThrows(IllegalArgumentException.class, () -> Queue.lifo(-1));
        assertTrue(e.getMessage().contains("maxsize"), e.getMessage());
    }

    @Test
    void nullItemIsRejectedNamingTheArgument() {
        Queue<String> q = Queue.fifo(0);

        var put = assertThrows(NullPointerException.class, () -> q.put(null));
        var putNowait = assertThrows(NullPointerException.class, () -> q.putNowait(null));

        assertEquals("item", put.getMessage());
        assertEquals("item", putNowait.getMessage());
        assertTrue(q.isEmpty());
    }

    @Test
    void nullComparatorIsRejectedNamingTheArgument() {
        var e = assertThrows(NullPointerException.class, () -> Queue.priority(0, null));
        assertEquals("comparator", e.getMessage());
    }

    @Test
    void joinReturnsAtOnceWhenNothingWasPut() {
        Queue<String> q = Queue.fifo(0);

        q.join();
    }

    @Test
    void joinWaitsUntilEveryPutItemIsMarkedDone() {
        Weft.run(() -> {
            // given two items put and a joiner waiting
            Queue<String> q = Queue.fifo(0);
            q.put("a");
            q.put("b");
            Task<Object> joiner = spawnBlocked(() -> {
                q.join();
                return null;
            });

            // when one of two is marked done, the joiner still waits
            q.get();
            q.taskDone();
            assertFalse(joiner.isDone());

            // then marking the second releases it
            q.get();
            q.taskDone();
            joiner.join();
        });
    }

    @Test
    void taskDoneCalledMoreTimesThanItemsPutThrows() {
        Queue<String> q = Queue.fifo(0);
        q.put("a");
        q.getNowait();
        q.taskDone();

        assertThrows(IllegalStateException.class, q::taskDone);
        q.join(); // the count did not go negative
    }

    @Test
    void joinIsCancellable() {
        Weft.run(() -> {
            // given a joiner waiting for an item nobody marks done
            Queue<String> q = Queue.fifo(0);
            q.put("a");
            Task<Object> joiner = spawnBlocked(() -> {
                q.join();
                return null;
            });

            // when
            joiner.cancel();

            // then
            assertThrows(CancelledException.class, joiner::join);
            assertTrue(joiner.isCancelled());
        });
    }
}
