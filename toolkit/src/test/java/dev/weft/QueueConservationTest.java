package dev.weft;

import static dev.weft.QueueTest.spawnBlocked;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cancelled or timed-out {@code get} never loses an item and a cancelled {@code put} never
 * duplicates one: the exception means "nothing happened".
 */
@Timeout(60)
class QueueConservationTest {

    @Test
    void cancelledGetLeavesTheItemForOthers() {
        Weft.run(() -> {
            // given a getter blocked on an empty queue
            Queue<String> q = Queue.fifo(0);
            Task<String> getter = spawnBlocked(q::get);

            // when it is cancelled and an item arrives afterwards
            getter.cancel();
            assertThrows(CancelledException.class, getter::join);
            q.put("x");

            // then the item is still there
            assertEquals("x", q.getNowait());
        });
    }

    @Test
    void cancelledPutDoesNotAddTheItem() {
        Weft.run(() -> {
            // given a full queue and a putter blocked on it
            Queue<String> q = Queue.fifo(1);
            q.put("a");
            Task<Object> putter = spawnBlocked(() -> {
                q.put("b");
                return null;
            });

            // when
            putter.cancel();
            assertThrows(CancelledException.class, putter::join);

            // then only the first item is in the queue, and room is free for another
            assertEquals("a", q.get());
            assertTrue(q.isEmpty());
            q.putNowait("c");
        });
    }

    @Test
    void getCancelledWithItsTaskGroupTakesNothing() {
        Weft.run(() -> {
            Queue<String> q = Queue.fifo(0);

            // when a group's blocked getter is cancelled through the group
            Task<String> getter = TaskGroup.run(g -> {
                Task<String> t = spawnBlocked(q::get);
                g.cancel();
                return t;
            });

            // then
            assertTrue(getter.isCancelled());
            q.put("x");
            assertEquals(1, q.size());
        });
    }

    @Test
    void getUnderAnExpiringTimeoutThrowsTimedOutAndTakesNothing() {
        Weft.run(() -> {
            Queue<String> q = Queue.fifo(0);

            assertThrows(TimedOutException.class, () -> {
                try (var t = Weft.timeout(ms(20))) {
                    q.get();
                }
            });

            q.put("x");
            assertEquals(1, q.size());
            assertEquals("x", q.get()); // the task is not left cancelled
        });
    }

    @Test
    void putUnderAnExpiringTimeoutThrowsTimedOutAndAddsNothing() {
        Weft.run(() -> {
            Queue<String> q = Queue.fifo(1);
            q.put("a");

            assertThrows(TimedOutException.class, () -> {
                try (var t = Weft.timeout(ms(20))) {
                    q.put("b");
                }
            });

            assertEquals("a", q.get());
            assertTrue(q.isEmpty());
        });
    }

    @Test
    void randomCancellationNeitherLosesNorDuplicatesAnItem() {
        var traffic = new Traffic(100_000, 64, 4, 4, 42L, false);

        traffic.run();

        traffic.assertConserved();
        assertTrue(traffic.cancels.get() > 100, "cancels: " + traffic.cancels);
        assertTrue(traffic.interruptedCalls.get() > 0, "no put or get was cancelled while in progress");
    }

    @Test
    void randomTimeoutsNeitherLoseNorDuplicateAnItem() {
        var traffic = new Traffic(20_000, 16, 3, 3, 7L, true);

        traffic.run();

        traffic.assertConserved();
        assertTrue(traffic.interruptedCalls.get() > 0, "no put or get timed out");
    }

    /**
     * Producers put the numbers 0..n-1 through a bounded queue and consumers record what they take.
     * After each operation a worker cancels a random worker (possibly itself) with probability
     * 1/{@value #CANCEL_ONE_IN}, so cancels land while puts and gets are blocked, signalled or
     * running. A worker that ends cancelled (even before it ran) is replaced; a producer whose put
     * was cancelled first hands its number back for another producer. Once every number has been put, all workers are cancelled and
     * what is left in the queue is drained. With {@code timeouts}, every put and get also runs under a
     * short random {@code Weft.timeout}, and an item is recorded inside the try block.
     */
    private static final class Traffic {
        static final int CANCEL_ONE_IN = 64;

        final int n;
        final int producers;
        final long seed;
        final boolean timeouts;
        final Queue<Integer> q;

        final AtomicInteger nextId = new AtomicInteger();
        final ConcurrentLinkedQueue<Integer> handedBack = new ConcurrentLinkedQueue<>();
        final AtomicIntegerArray produced;
        final AtomicInteger producedCount = new AtomicInteger();
        final CountDownLatch allProduced = new CountDownLatch(1);
        final AtomicIntegerArray consumed;
        final AtomicIntegerArray leftInQueue;
        final AtomicInteger cancels = new AtomicInteger();
        final AtomicInteger interruptedCalls = new AtomicInteger();

        /** Slots 0..producers-1 hold producers, the rest consumers. */
        final AtomicReferenceArray<Task<Object>> workers;
        final AtomicLong spawned = new AtomicLong();
        final ReentrantLock replacing = new ReentrantLock();
        /** The group the workers run in; set before the first {@link #start}, read under {@link #replacing}. */
        TaskGroup group;
        /** Guarded by {@link #replacing}: once set, no worker is replaced. */
        boolean stopping;

        Traffic(int n, int capacity, int producers, int consumers, long seed, boolean timeouts) {
            this.n = n;
            this.producers = producers;
            this.seed = seed;
            this.timeouts = timeouts;
            q = Queue.fifo(capacity);
            produced = new AtomicIntegerArray(n);
            consumed = new AtomicIntegerArray(n);
            leftInQueue = new AtomicIntegerArray(n);
            workers = new AtomicReferenceArray<>(producers + consumers);
        }

        void run() {
            Weft.run(() -> TaskGroup.run(g -> {
                group = g;
                replacing.lock();
                try {
                    for (int slot = 0; slot < workers.length(); slot++) {
                        start(slot);
                    }
                } finally {
                    replacing.unlock();
                }
                awaitLatch(allProduced);
                replacing.lock();
                try {
                    stopping = true;
                    for (int slot = 0; slot < workers.length(); slot++) {
                        workers.get(slot).cancel();
                    }
                } finally {
                    replacing.unlock();
                }
                return null;
            })); // returns once every worker has ended
            while (true) {
                try {
                    leftInQueue.incrementAndGet(q.getNowait());
                } catch (QueueEmptyException e) {
                    break;
                }
            }
        }

        /** Under {@link #replacing}. A worker that ends cancelled (even before it ran) is replaced. */
        private void start(int slot) {
            var random = new SplittableRandom(seed * 1_000_003 + spawned.incrementAndGet());
            Task<Object> worker = group.spawn(slot < producers ? producer(random) : consumer(random));
            workers.set(slot, worker);
            worker.onDone(done -> {
                if (done.isCancelled()) {
                    replace(slot);
                }
            });
        }

        private void replace(int slot) {
            replacing.lock();
            try {
                if (!stopping) {
                    start(slot);
                }
            } finally {
                replacing.unlock();
            }
        }

        private void maybeCancelSomeone(SplittableRandom random) {
            if (random.nextInt(CANCEL_ONE_IN) == 0) {
                Task<Object> victim = workers.get(random.nextInt(workers.length()));
                if (victim != null && victim.cancel()) {
                    cancels.incrementAndGet();
                }
            }
        }

        private Duration shortDeadline(SplittableRandom random) {
            return Duration.ofNanos(random.nextLong(100_000));
        }

        private Callable<Object> producer(SplittableRandom random) {
            return () -> {
                while (true) {
                    Integer id = handedBack.poll();
                    if (id == null) {
                        int next = nextId.getAndIncrement();
                        if (next >= n) {
                            return null; // a number still in flight is handed back before a replacement starts
                        }
                        id = next;
                    }
                    if (putOnce(id, random)) {
                        produced.incrementAndGet(id);
                        if (producedCount.incrementAndGet() == n) {
                            allProduced.countDown();
                        }
                    } else {
                        handedBack.add(id);
                    }
                    maybeCancelSomeone(random);
                }
            };
        }

        /** Puts {@code id}: {@code false} if a timeout stopped it; on a cancel, hands it back and rethrows. */
        private boolean putOnce(int id, SplittableRandom random) {
            try {
                if (!timeouts) {
                    q.put(id);
                    return true;
                }
                boolean added = false;
                try (var t = Weft.timeout(shortDeadline(random))) {
                    q.put(id);
                    added = true;
                } catch (TimedOutException e) {
                    interruptedCalls.incrementAndGet();
                }
                return added;
            } catch (CancelledException e) {
                interruptedCalls.incrementAndGet();
                handedBack.add(id);
                throw e;
            }
        }

        private Callable<Object> consumer(SplittableRandom random) {
            return () -> {
                while (true) {
                    try {
                        if (timeouts) {
                            try (var t = Weft.timeout(shortDeadline(random))) {
                                consumed.incrementAndGet(q.get());
                            } catch (TimedOutException e) {
                                interruptedCalls.incrementAndGet();
                            }
                        } else {
                            consumed.incrementAndGet(q.get());
                        }
                    } catch (CancelledException e) {
                        interruptedCalls.incrementAndGet();
                        throw e;
                    }
                    maybeCancelSomeone(random);
                }
            };
        }

        void assertConserved() {
            int lost = 0;
            int duplicated = 0;
            int firstBad = -1;
            for (int id = 0; id < n; id++) {
                int seen = consumed.get(id) + leftInQueue.get(id);
                if (produced.get(id) != 1 || seen != 1) {
                    if (seen == 0) {
                        lost++;
                    } else {
                        duplicated++;
                    }
                    if (firstBad < 0) {
                        firstBad = id;
                    }
                }
            }
            assertEquals(0, lost + duplicated, "seed " + seed + ": " + lost + " lost, " + duplicated
                    + " duplicated or produced twice, first " + firstBad);
        }
    }
}
