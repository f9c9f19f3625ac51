package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Queue;
import dev.weft.QueueEmptyException;
import dev.weft.QueueFullException;
import dev.weft.QueueShutDownException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kotlinx.coroutines kotlinx-coroutines-core/common/test/channels/BufferedChannelTest.kt: a buffered
 * {@code Channel(n)} is {@code Queue.fifo(n)}, {@code close()} is {@code shutdown()}, {@code trySend} /
 * {@code tryReceive} are {@code putNowait} / {@code getNowait}.
 */
@org.junit.jupiter.api.Timeout(30)
class KotlinBufferedChannelTest {

    @Test
    void senderRunsAheadByTheCapacityThenWaits() {
        // kotlinx BufferedChannelTest.kt: testSimple
        var sent = new ArrayList<Integer>();

        var r = VirtualTime.run(() -> {
            Queue<Integer> q = Queue.fifo(1);
            Task<Object> sender = spawn(() -> {
                for (int i = 1; i <= 2; i++) {
                    q.put(i);
                    synchronized (sent) {
                        sent.add(i);
                    }
                }
                return null;
            });
            sleep(ms(1));
            synchronized (sent) {
                assertEquals(List.of(1), sent);     // the second put waits for room
            }

            assertEquals(1, q.get());
            assertEquals(2, q.get());
            sender.join();
        });

        assertEquals(List.of(1, 2), sent);
        assertEquals(ms(1), r.elapsed());
    }

    @Test
    void closedQueueStillDeliversWhatItHoldsThenReportsClosed() {
        // kotlinx BufferedChannelTest.kt: testClosedBufferedReceiveCatching
        Queue<Integer> q = Queue.fifo(3);
        q.putNowait(1);
        q.putNowait(2);

        q.shutdown();

        Weft.run(() -> {
            assertEquals(1, q.get());
            assertEquals(2, q.get());
            assertThrows(QueueShutDownException.class, q::get);
        });
    }

    @Test
    void sendToAClosedQueueAndReceiveFromAnEmptyClosedOneThrow() {
        // kotlinx BufferedChannelTest.kt: testClosedExceptions
        Queue<Integer> q = Queue.fifo(1);
        q.shutdown();

        Weft.run(() -> {
            assertThrows(QueueShutDownException.class, () -> q.put(1));
            assertThrows(QueueShutDownException.class, q::get);
        });
    }

    @Test
    void tryOperationsNeverWait() {
        // kotlinx BufferedChannelTest.kt: testTryOp
        Queue<Integer> q = Queue.fifo(1);

        q.putNowait(1);
        assertThrows(QueueFullException.class, () -> q.putNowait(2));
        assertEquals(1, q.getNowait());
        assertThrows(QueueEmptyException.class, q::getNowait);
    }

    @Test
    void cancellingTheChannelDropsWhatItHolds() {
        // kotlinx BufferedChannelTest.kt: testConsumeAll (cancel drops the buffered elements)
        Queue<Integer> q = Queue.fifo(100);
        for (int i = 0; i < 100; i++) {
            q.putNowait(i);
        }

        q.shutdown(true);

        assertTrue(q.isEmpty());
        assertTrue(q.isShutDown());
        Weft.run(q::join);                     // the dropped items count as done
    }

    @Test
    void manySendersAndReceiversExchangeEveryItemExactlyOnce() {
        // kotlinx BufferedChannelTest.kt: the TestChannelKind send/receive tests (SendReceiveStressTest's shape)
        var received = new ArrayList<Integer>();

        Weft.run(() -> {
            Queue<Integer> q = Queue.fifo(4);
            for (int s = 0; s < 4; s++) {
                int base = s * 1000;
                spawn(() -> {
                    for (int i = 0; i < 1000; i++) {
                        q.put(base + i);
                    }
                    return null;
                });
            }
            for (int i = 0; i < 4000; i++) {
                received.add(q.get());
            }
        });

        assertEquals(4000, received.size());
        assertEquals(4000, received.stream().distinct().count());
        assertFalse(received.contains(null));
    }
}
