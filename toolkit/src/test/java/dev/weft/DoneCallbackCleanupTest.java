package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code waitTasks} and {@code asCompleted} watch their tasks through done-callbacks only while they
 * need them: a long-lived task watched by many calls (a server loop's) keeps none of them (issue 11,
 * defect 5: ~300 B per call, 230 MB after 800k calls, before).
 */
@Timeout(60)
class DoneCallbackCleanupTest {
    private static final int CALLS = 1_000;

    @Test
    void aLongLivedTaskWatchedByManyWaitTasksCallsKeepsNoCallbacks() {
        Weft.run(() -> {
            // given a task that lives as long as the loop
            var stop = new CountDownLatch(1);
            Task<Object> server = Weft.spawn(() -> {
                stop.await();
                return null;
            });

            // when many calls watch it with a short-lived task
            for (int i = 0; i < CALLS; i++) {
                Task<Object> request = Weft.spawn(() -> 1);
                Weft.waitTasks(List.of(server, request), ReturnWhen.FIRST_COMPLETED);
            }

            // then none of their callbacks is left on it
            assertEquals(0, callbacksOn(server));
            stop.countDown();
        });
    }

    @Test
    void aWaitTasksCallThatTimesOutLeavesNoCallback() {
        Weft.run(() -> {
            var stop = new CountDownLatch(1);
            Task<Object> server = Weft.spawn(() -> {
                stop.await();
                return null;
            });

            Weft.waitTasks(List.of(server), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(1));

            assertEquals(0, callbacksOn(server));
            stop.countDown();
        });
    }

    @Test
    void anAsCompletedIterationThatTimesOutLeavesNoCallback() {
        Weft.run(() -> {
            var stop = new CountDownLatch(1);
            Task<Object> server = Weft.spawn(() -> {
                stop.await();
                return null;
            });

            for (int i = 0; i < 10; i++) {
                var tasks = Weft.asCompleted(List.of(server), Duration.ofMillis(1)).iterator();
                assertThrows(TimedOutException.class, tasks::next);
            }

            assertEquals(0, callbacksOn(server));
            stop.countDown();
        });
    }

    @Test
    void asCompletedIterationsLeftEarlyLeaveNoGrowingCallbacks() {
        Weft.run(() -> {
            // given a long-lived task
            var stop = new CountDownLatch(1);
            Task<Object> server = Weft.spawn(() -> {
                stop.await();
                return null;
            });

            // when many loops take the first finished task and leave (break)
            for (int i = 0; i < CALLS; i++) {
                Task<Object> request = Weft.spawn(() -> 1);
                for (Task<Object> first : Weft.asCompleted(List.of(server, request))) {
                    assertEquals(1, first.join());
                    break;
                }
            }

            // then the abandoned iterations' callbacks go away with them
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                System.gc();
                return callbacksOn(server) == 0;
            });
            stop.countDown();
        });
    }

    @Test
    void anAsCompletedIterationWatchesAgainAfterATimeoutIsCaught() {
        Weft.run(() -> {
            // given an iteration whose first next() timed out
            var go = new CountDownLatch(1);
            Task<Integer> slow = Weft.spawn(() -> {
                go.await();
                return 7;
            });
            var tasks = Weft.asCompleted(List.of(slow), Duration.ofMinutes(1)).iterator();
            assertThrows(TimedOutException.class, () -> Weft.waitFor(Duration.ofMillis(1), tasks::next));

            // when the task finishes and next() is called again
            go.countDown();

            // then it is returned
            assertEquals(7, tasks.next().join());
        });
    }

    /** The done-callbacks registered on {@code task} and not yet run (TaskImpl's list, read reflectively). */
    static int callbacksOn(Task<?> task) throws ReflectiveOperationException {
        Field head = task.getClass().getDeclaredField("callbacks");
        head.setAccessible(true);
        int n = 0;
        for (Object node = head.get(task); node != null && node.getClass().isRecord(); ) {
            n++;
            Field next = node.getClass().getDeclaredField("next");
            next.setAccessible(true);
            node = next.get(node);
        }
        return n;
    }
}
