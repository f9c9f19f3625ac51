package dev.weft;

import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A long-lived scope does not keep its finished children: a server loop may spawn forever. */
@Timeout(60)
class ScopeMemoryTest {
    private static final int SPAWNS = 2_000;
    /** The list keeps the live children and at most about 2 × 64 finished ones between compactions. */
    private static final int MAY_STAY = 200;

    @Test
    void finishedChildrenOfAnOpenGroupCanBeCollected() {
        Queue<WeakReference<Object>> results = new ConcurrentLinkedQueue<>();

        Weft.run(() -> TaskGroup.run(g -> {
            // when the body spawns and joins many children one after the other
            for (int i = 0; i < SPAWNS; i++) {
                g.spawn(() -> tracked(results)).join();
            }

            // then, with the group still open, their results can be collected
            awaitCollected(results);
            return null;
        }));
    }

    @Test
    void childrenThatAGatheredTaskSpawnsCanBeCollectedWhileTheGatherRuns() {
        Queue<WeakReference<Object>> results = new ConcurrentLinkedQueue<>();

        Weft.run(() -> Weft.gather(() -> {
            // when a gathered task spawns (into the gather's scope) and joins many children
            for (int i = 0; i < SPAWNS; i++) {
                Weft.spawn(() -> tracked(results)).join();
            }

            // then, with the gather still running, their results can be collected
            awaitCollected(results);
            return null;
        }));
    }

    private static Object tracked(Queue<WeakReference<Object>> results) {
        Object result = new Object();
        results.add(new WeakReference<>(result));
        return result;
    }

    private static void awaitCollected(Queue<WeakReference<Object>> results) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return results.stream().filter(r -> r.get() != null).count() <= MAY_STAY;
        });
    }
}
