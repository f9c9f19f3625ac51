package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A queue's memory follows its content, not its {@code maxsize} (issue 11, defect 14: a bounded
 * queue used to preallocate about 4 KB while empty).
 */
@Timeout(30)
class QueueFootprintTest {
    private static final int MAXSIZE = 100_000;

    private static List<Queue<Integer>> everyKind() {
        return List.of(Queue.fifo(MAXSIZE), Queue.lifo(MAXSIZE), Queue.priority(MAXSIZE));
    }

    @Test
    void anEmptyBoundedQueueHoldsNoRoomForItsMaxsize() {
        for (Queue<Integer> q : everyKind()) {
            assertTrue(q.storeCapacity() <= 1, q + " holds room for " + q.storeCapacity());
        }
    }

    @Test
    void aBoundedQueueGrowsWithItsContent() {
        for (Queue<Integer> q : everyKind()) {
            for (int i = 0; i < 1_000; i++) {
                q.putNowait(i);
            }

            assertTrue(q.storeCapacity() >= 1_000 && q.storeCapacity() < 4_096, q + ": " + q.storeCapacity());
        }
    }

    @Test
    void itemsKeepTheirOrderWhileTheStoreGrowsAndShrinks() {
        // given the JDK's deques as the model, and a random walk of puts and gets that wraps around
        var random = new java.util.SplittableRandom(11);
        Queue<Integer> fifo = Queue.fifo(MAXSIZE);
        Queue<Integer> lifo = Queue.lifo(MAXSIZE);
        var fifoModel = new java.util.ArrayDeque<Integer>();
        var lifoModel = new java.util.ArrayDeque<Integer>();

        for (int step = 0; step < 200_000; step++) {
            // when
            boolean put = fifoModel.isEmpty() || random.nextInt(100) < (step / 20_000 % 2 == 0 ? 60 : 40);
            if (put) {
                fifo.putNowait(step);
                lifo.putNowait(step);
                fifoModel.addLast(step);
                lifoModel.addLast(step);
            } else {
                // then
                assertEquals(fifoModel.pollFirst(), fifo.getNowait(), "fifo at step " + step);
                assertEquals(lifoModel.pollLast(), lifo.getNowait(), "lifo at step " + step);
            }
        }
        assertEquals(fifoModel.size(), fifo.size());
        assertEquals(lifoModel.size(), lifo.size());
    }

    @Test
    void aDrainedQueueGivesItsRoomBack() {
        for (Queue<Integer> q : everyKind()) {
            for (int i = 0; i < 10_000; i++) {
                q.putNowait(i);
            }
            for (int i = 0; i < 10_000; i++) {
                q.getNowait();
            }

            assertTrue(q.storeCapacity() <= QueueStore.MIN_CAPACITY, q + ": " + q.storeCapacity());
        }
    }
}
