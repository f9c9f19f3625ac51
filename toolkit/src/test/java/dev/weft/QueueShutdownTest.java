package dev.weft;

import static dev.weft.QueueTest.spawnBlocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Queue#shutdown(boolean)} with Python 3.13's semantics, and the for-each loop that ends with it. */
@Timeout(30)
class QueueShutdownTest {

    @Test
    void putAfterShutdownThrows() {
        // given
        Queue<String> q = Queue.fifo(0);

        // when
        q.shutdown();

        // then
        assertThrows(QueueShutDownException.class, () -> q.put("a"));
        assertThrows(QueueShutDownException.class, () -> q.putNowait("a"));
        assertTrue(q.isEmpty());
    }

    @Test
    void isShutDownTurnsTrueAtShutdown() {
        Queue<String> q = Queue.fifo(0);
        assertFalse(q.isShutDown());

        q.shutdown();

        assertTrue(q.isShutDown());
    }

    @Test
    void blockedPutterIsReleasedByShutdownWithoutAddingItsItem() {
        Weft.run(() -> {
            // given a full queue and a putter blocked on it
            Queue<String> q = Queue.fifo(1);
            q.put("a");
            Task<QueueShutDownException> putter =
                    spawnBlocked(() -> assertThrows(QueueShutDownException.class, () -> q.put("b")));

            // when
            q.shutdown();

            // then
            putter.join();
            assertEquals("a", q.getNowait());
            assertThrows(QueueShutDownException.class, q::getNowait);
        });
    }

    @Test
    void blockedGetterIsReleasedByShutdownWhenTheQueueIsEmpty() {
        Weft.run(() -> {
            // given
            Queue<String> q = Queue.fifo(0);
            Task<QueueShutDownException> getter =
                    spawnBlocked(() -> assertThrows(QueueShutDownException.class, q::get));

            // when
            q.shutdown();

            // then
            getter.join();
        });
    }

    @Test
    void getsDrainTheItemsLeftThenThrow() {
        // given
        Queue<String> q = Queue.fifo(0);
        q.put("a");
        q.put("b");

        // when
        q.shutdown();

        // then
        assertEquals("a", q.get());
        assertEquals("b", q.getNowait());
        assertThrows(QueueShutDownException.class, q::get);
        assertThrows(QueueShutDownException.class, q::getNowait);
    }

    @Test
    void immediateShutdownDropsTheItemsLeft() {
        Queue<String> q = Queue.fifo(0);
        q.put("a");
        q.put("b");

        q.shutdown(true);

        assertTrue(q.isEmpty());
        assertThrows(QueueShutDownException.class, q::get);
    }

    @Test
    void immediateShutdownCountsTheDroppedItemsAsDoneSoJoinReturns() {
        Weft.run(() -> {
            // given items nobody took and a joiner waiting for them
            Queue<String> q = Queue.fifo(0);
            q.put("a");
            q.put("b");
            Task<Object> joiner = spawnBlocked(() -> {
                q.join();
                return null;
            });

            // when
            q.shutdown(true);

            // then
            joiner.join();
        });
    }

    @Test
    void immediateShutdownStillWaitsForItemsAlreadyTakenToBeMarkedDone() {
        Weft.run(() -> {
            // given one item taken (not yet done) and one left
            Queue<String> q = Queue.fifo(0);
            q.put("a");
            q.put("b");
            q.get();
            Task<Object> joiner = spawnBlocked(() -> {
                q.join();
                return null;
            });

            // when the one left is dropped, the taken one is still unfinished
            q.shutdown(true);
            assertFalse(joiner.isDone());

            // then marking it done releases the joiner
            q.taskDone();
            joiner.join();
        });
    }

    @Test
    void immediateShutdownReleasesBlockedGetters() {
        Weft.run(() -> {
            Queue<String> q = Queue.fifo(0);
            Task<QueueShutDownException> first =
                    spawnBlocked(() -> assertThrows(QueueShutDownException.class, q::get));
            Task<QueueShutDownException> second =
                    spawnBlocked(() -> assertThrows(QueueShutDownException.class, q::get));

            q.shutdown(true);

            first.join();
            second.join();
        });
    }

    @Test
    void immediateShutdownAfterAPlainOneDropsWhatIsLeft() {
        Queue<String> q = Queue.fifo(0);
        q.put("a");
        q.put("b");
        q.shutdown();
        assertEquals("a", q.get());

        q.shutdown(true);

        assertTrue(q.isEmpty());
        q.taskDone(); // for "a"; "b" was counted as done when dropped
        q.join();
    }

    @Test
    void forEachTakesItemsUntilTheQueueIsShutDownAndDrained() {
        List<Integer> seen = Weft.run(() -> {
            // given a consumer looping over the queue
            Queue<Integer> q = Queue.fifo(2);
            Task<List<Integer>> consumer = Weft.spawn(() -> {
                List<Integer> items = new ArrayList<>();
                for (int item : q) {
                    items.add(item);
                }
                return items;
            });

            // when a producer puts five items, then shuts the queue down
            for (int i = 1; i <= 5; i++) {
                q.put(i);
            }
            q.shutdown();

            // then the loop saw all five and ended
            return consumer.join();
        });
        assertEquals(List.of(1, 2, 3, 4, 5), seen);
    }

    @Test
    void forEachConsumesTheItemsItReturns() {
        Queue<String> q = Queue.fifo(0);
        q.put("a");
        q.put("b");
        q.shutdown();

        List<String> seen = new ArrayList<>();
        q.forEach(seen::add);

        assertEquals(List.of("a", "b"), seen);
        assertTrue(q.isEmpty());
    }
}
