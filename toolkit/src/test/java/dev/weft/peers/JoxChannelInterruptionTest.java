package dev.weft.peers;

import static dev.weft.Weft.spawn;
import static dev.weft.peers.Peers.awaitBlocked;
import static dev.weft.peers.Peers.awaitDone;
import static dev.weft.peers.Peers.awaitLatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * jox channels/src/test/java/com/softwaremill/jox/ChannelInterruptionTest.java: interrupted sends and
 * receives on a {@link Queue}. Weft has no rendezvous queue; a {@code fifo(1)} that is already full
 * makes {@code put} block the way a rendezvous send does. Also run on one carrier thread.
 */
@Tag(Peers.ONE_CARRIER)
@org.junit.jupiter.api.Timeout(60)
class JoxChannelInterruptionTest {

    private static Task<Object> blockedPut(Queue<String> q, String item) {
        var thread = new AtomicReference<Thread>();
        Task<Object> t = spawn(() -> {
            thread.set(Thread.currentThread());
            q.put(item);
            return null;
        });
        awaitBlocked(thread);
        return t;
    }

    @Test
    void putAndGetWorkAfterAnInterruptedPut() {
        // jox ChannelInterruptionTest: testSendReceiveAfterSendInterrupt
        Weft.run(() -> {
            Queue<String> q = Queue.fifo(1);
            q.putNowait("filler");
            Task<Object> t1 = blockedPut(q, "x");
            t1.cancel();
            awaitDone(t1);

            Task<Object> t2 = blockedPut(q, "y");

            assertEquals("filler", q.get());
            assertEquals("y", q.get());
            t2.join();
            assertTrue(q.isEmpty());
        });
    }

    @Test
    void putAndGetWorkAfterAnInterruptedGet() {
        // jox ChannelInterruptionTest: testSendReceiveAfterReceiveInterrupt
        Weft.run(() -> {
            Queue<String> q = Queue.fifo(1);
            var thread = new AtomicReference<Thread>();
            Task<String> t1 = spawn(() -> {
                thread.set(Thread.currentThread());
                return q.get();
            });
            awaitBlocked(thread);
            t1.cancel();
            awaitDone(t1);

            q.put("x");

            assertEquals("x", Weft.run(q::get));
        });
    }

    @Test
    void interruptRacingAGetLetsThePutEitherLandOnceOrNotAtAll() {
        // jox ChannelInterruptionTest: testRaceInterruptAndSend (500 rounds)
        Weft.run(() -> {
            for (int round = 0; round < 500; round++) {
                Queue<String> q = Queue.fifo(1);
                q.putNowait("filler");
                Task<Object> t1 = blockedPut(q, "x");
                Task<List<String>> t2 = spawn(() -> List.of(q.get()));

                t1.cancel();
                awaitDone(t1);
                List<String> got = new ArrayList<>(t2.join());
                while (!q.isEmpty()) {
                    got.add(q.getNowait());
                }

                assertEquals("filler", got.get(0), "round " + round);
                assertTrue(got.equals(List.of("filler")) || got.equals(List.of("filler", "x")),
                        "round " + round + ": " + got);
            }
        });
    }

    @Test
    void manyInterruptedGetsLeaveTheQueueWorking() {
        // jox ChannelInterruptionTest: testReceiveManyInterruptsReceive (1000 interrupted receives between two
        // real ones)
        Set<String> received = ConcurrentHashMap.newKeySet();

        Weft.run(() -> {
            Queue<String> q = Queue.fifo(1);
            var first = new AtomicReference<Thread>();
            spawn(() -> {
                first.set(Thread.currentThread());
                return received.add(q.get());
            });
            awaitBlocked(first);

            for (int i = 0; i < 1000; i++) {
                var started = new CountDownLatch(1);
                Task<String> f = spawn(() -> {
                    started.countDown();
                    return q.get();
                });
                awaitLatch(started);
                f.cancel();
                awaitDone(f);
            }

            var last = new AtomicReference<Thread>();
            spawn(() -> {
                last.set(Thread.currentThread());
                return received.add(q.get());
            });
            awaitBlocked(last);
            q.put("a");
            q.put("b");
        });

        assertEquals(Set.of("a", "b"), received);
    }

    @Test
    void manyInterruptedPutsLeaveTheQueueWorking() {
        // jox ChannelInterruptionTest: testManyInterruptedSendsShouldNotLeakMemory (the queue still works and
        // holds none of the interrupted items)
        Weft.run(() -> {
            Queue<String> q = Queue.fifo(1);
            q.putNowait("x");
            List<Task<Object>> forks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                forks.add(spawn(() -> {
                    q.put("y");
                    return null;
                }));
            }
            forks.forEach(Task::cancel);
            forks.forEach(Peers::awaitDone);

            assertTrue(forks.stream().allMatch(Task::isCancelled), "no interrupted put completed");
            assertEquals("x", q.getNowait());
            assertTrue(q.isEmpty(), "none of the interrupted items is in the queue: " + q);
            q.shutdown(true);
        });
    }
}
