package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AsCompletedTest {

    /** A task that returns {@code value} once {@code gate} opens. */
    private static Task<String> gated(String value, CountDownLatch gate) {
        return Weft.spawn(value, () -> {
            awaitLatch(gate);
            return value;
        });
    }

    @Test
    void asCompletedYieldsTasksInCompletionOrder() {
        // given three tasks that we release in the order c, a, b
        List<String> order = new ArrayList<>();

        Weft.run(() -> {
            var gateA = new CountDownLatch(1);
            var gateB = new CountDownLatch(1);
            var gateC = new CountDownLatch(1);
            Task<String> a = gated("a", gateA);
            Task<String> b = gated("b", gateB);
            Task<String> c = gated("c", gateC);

            // when
            Iterator<Task<String>> completed = Weft.asCompleted(List.of(a, b, c)).iterator();
            gateC.countDown();
            order.add(completed.next().join());
            gateA.countDown();
            order.add(completed.next().join());
            gateB.countDown();
            order.add(completed.next().join());

            // then
            assertFalse(completed.hasNext());
        });
        assertEquals(List.of("c", "a", "b"), order);
    }

    @Test
    void everyTaskAsCompletedYieldsIsDone() {
        // given
        List<Boolean> doneWhenYielded = new ArrayList<>();

        Weft.run(() -> {
            var gate = new CountDownLatch(1);
            List<Task<String>> tasks = List.of(gated("x", gate), gated("y", gate), gated("z", gate));
            gate.countDown();

            // when
            for (Task<String> t : Weft.asCompleted(tasks)) {
                doneWhenYielded.add(t.isDone());
            }
        });

        // then
        assertEquals(List.of(true, true, true), doneWhenYielded);
    }

    @Test
    void iteratingAsCompletedCancelsNothing() {
        // given
        List<Task<String>> tasks = new ArrayList<>();

        Weft.run(() -> {
            var first = new CountDownLatch(1);
            var rest = new CountDownLatch(1);
            tasks.add(gated("first", first));
            tasks.add(gated("second", rest));
            tasks.add(gated("third", rest));

            // when we take only the first and walk away
            Iterator<Task<String>> completed = Weft.asCompleted(tasks).iterator();
            first.countDown();
            assertSame(tasks.get(0), completed.next());

            // then the others are still running, not cancelled
            assertFalse(tasks.get(1).isCancelled());
            assertFalse(tasks.get(2).isDone());
            rest.countDown();
        });
        tasks.forEach(t -> assertEquals(Future.State.SUCCESS, t.state()));
        assertTrue(tasks.stream().noneMatch(Task::isCancelled));
    }
}
