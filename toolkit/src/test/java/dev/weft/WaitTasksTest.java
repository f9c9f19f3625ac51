package dev.weft;

import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitTasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WaitTasksTest {

    @Test
    void firstCompletedReturnsAsSoonAsOneIsDoneAndCancelsNothing() {
        run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            Task<Integer> fast = spawn("fast", () -> 1);
            Task<Integer> slow = spawn("slow", () -> {
                release.await();
                return 2;
            });

            DoneAndPending<Integer> r = waitTasks(List.of(fast, slow), ReturnWhen.FIRST_COMPLETED);

            assertEquals(Set.of(fast), r.done());
            assertEquals(Set.of(slow), r.pending());
            assertFalse(slow.isDone());
            release.countDown();
            assertEquals(2, slow.join());
        });
    }

    @Test
    void firstExceptionWaitsForAFailureNotForACancel() {
        TaskGroup.supervise(g -> {
            CountDownLatch cancelDone = new CountDownLatch(1);
            Task<Integer> cancelled = g.spawn(() -> {
                Weft.sleep(Duration.ofMinutes(1));
                return 0;
            });
            cancelled.onDone(t -> cancelDone.countDown());
            Task<Integer> failing = g.spawn(() -> {
                cancelDone.await();
                throw new IllegalStateException("boom");
            });
            Task<Integer> slow = g.spawn(() -> {
                Weft.sleep(Duration.ofMinutes(1));
                return 3;
            });
            cancelled.cancel();

            DoneAndPending<Integer> r = waitTasks(List.of(cancelled, failing, slow), ReturnWhen.FIRST_EXCEPTION);

            assertEquals(Set.of(cancelled, failing), r.done());
            assertEquals(Set.of(slow), r.pending());
            slow.cancel();
            return null;
        });
    }

    @Test
    void allCompletedWithTimeoutReturnsThePendingOnesWithoutThrowing() {
        TaskGroup.run(g -> {
            Task<Integer> quick = g.spawn(() -> 1);
            Task<Integer> stuck = g.spawn(() -> {
                Weft.sleep(Duration.ofMinutes(1));
                return 2;
            });

            DoneAndPending<Integer> r = waitTasks(List.of(quick, stuck), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(100));

            assertEquals(Set.of(quick), r.done());
            assertEquals(Set.of(stuck), r.pending());
            assertFalse(stuck.isCancelled());
            stuck.cancel();
            return null;
        });
    }

    @Test
    void emptyCollectionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> waitTasks(List.<Task<Integer>>of(), ReturnWhen.ALL_COMPLETED));
    }
}
