package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ScaleTest {

    @Test
    @Timeout(30)
    void hundredThousandTrivialTasksInOneGatherReturnAllResultsInOrder() {
        // given
        int n = 100_000;
        List<Callable<Integer>> bodies = IntStream.range(0, n)
                .mapToObj(i -> (Callable<Integer>) () -> i)
                .toList();

        // when
        List<Integer> results = Weft.run(() -> Weft.gather(bodies));

        // then
        assertEquals(n, results.size());
        for (int i = 0; i < n; i++) {
            if (results.get(i) != i) {
                assertEquals(i, results.get(i), "result at index " + i);
            }
        }
    }

    @Test
    @Timeout(30)
    void cancellationStormRunsEveryFinallyOnceAndLosesNothing() {
        // given 10,000 leaf tasks in nested groups: outer -> 4 try-with-resources groups -> 2 lambda groups each
        int middleGroups = 4;
        int innerGroupsPerMiddle = 2;
        int leavesPerInner = 1_250;
        int total = middleGroups * innerGroupsPerMiddle * leavesPerInner;

        var started = new AtomicInteger();
        var finallies = new AtomicInteger();
        var spawnedCount = new AtomicInteger();
        var leaves = new AtomicReferenceArray<Task<Object>>(total);
        var allSpawned = new CountDownLatch(total);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        var mainInterruptedAfterGroup = new AtomicBoolean(true);

        Callable<Object> leaf = () -> {
            started.incrementAndGet();
            try {
                Weft.sleep(ms(ThreadLocalRandom.current().nextInt(51)));
            } finally {
                finallies.incrementAndGet();
            }
            return null;
        };

        // when: a canceller cancels random leaves at random moments, then the whole tree is cancelled
        Weft.run(() -> {
            try (var outer = TaskGroup.open()) {
                outer.spawn("canceller", () -> {
                    var random = ThreadLocalRandom.current();
                    while (true) {
                        int n = spawnedCount.get();
                        if (n > 0) {
                            Task<Object> victim = leaves.get(random.nextInt(n));
                            if (victim != null) {
                                victim.cancel();
                            }
                        }
                        Weft.sleep(Duration.ofNanos(random.nextLong(500_000)));
                    }
                });
                for (int m = 0; m < middleGroups; m++) {
                    outer.spawn("middle-" + m, () -> {
                        try (var middle = TaskGroup.open()) {
                            for (int i = 0; i < innerGroupsPerMiddle; i++) {
                                middle.spawn(() -> TaskGroup.run(inner -> {
                                    for (int k = 0; k < leavesPerInner; k++) {
                                        Task<Object> t = inner.spawn(leaf);
                                        leaves.set(spawnedCount.getAndIncrement(), t);
                                        allSpawned.countDown();
                                    }
                                    return null;
                                }));
                            }
                        }
                        return null;
                    });
                }
                awaitLatch(allSpawned);
                Weft.sleep(ms(20));
                outer.cancel();
            } catch (Throwable t) {
                failures.add(t);
            }
            mainInterruptedAfterGroup.set(Thread.currentThread().isInterrupted());
        });

        // then
        assertEquals(total, spawnedCount.get());
        List<String> notDone = new ArrayList<>();
        int cancelled = 0;
        for (int i = 0; i < total; i++) {
            Task<Object> t = leaves.get(i);
            if (!t.isDone()) {
                notDone.add(t.name());
            } else if (t.state() == Future.State.FAILED) {
                failures.add(t.exception());
            } else if (t.isCancelled()) {
                cancelled++;
            }
        }
        assertTrue(cancelled > 0, "the storm cancelled no task at all");
        assertTrue(notDone.isEmpty(), () -> notDone.size() + " tasks not done, e.g. " + notDone.get(0));
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, e.g. " + failures.peek());
        assertEquals(started.get(), finallies.get(), "finally blocks run vs bodies started");
        assertFalse(mainInterruptedAfterGroup.get(), "main's interrupt flag after the group");
        assertFalse(Thread.currentThread().isInterrupted(), "caller's interrupt flag after run");
    }
}
