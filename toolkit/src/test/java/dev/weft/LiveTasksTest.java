package dev.weft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code liveTasks()} and {@code dumpTaskTree()} (and so the leak check) see every scope open on a
 * plain thread, also a group nested inside another one: the HTTP-handler case (issue 11, defect 13).
 */
@Timeout(30)
class LiveTasksTest {

    @Test
    void liveTasksFindsATaskOfAGroupNestedInsideAnotherOnAPlainThread() throws Exception {
        // given a plain thread (not a Weft task) with a group inside a group, and a task in the inner one
        var stop = new CountDownLatch(1);
        try (var outer = TaskGroup.open()) {
            try (var inner = TaskGroup.open()) {
                Task<Object> handler = inner.spawn("nested-handler", () -> {
                    stop.await();
                    return null;
                });

                // when / then
                assertTrue(Weft.liveTasks().contains(handler), Weft.dumpTaskTree());
                stop.countDown();
            }
        }
    }

    @Test
    void dumpTaskTreeNamesATaskOfAGroupNestedInsideAnotherOnAPlainThread() throws Exception {
        var stop = new CountDownLatch(1);
        try (var outer = TaskGroup.open()) {
            try (var inner = TaskGroup.open()) {
                inner.spawn("nested-handler", () -> {
                    stop.await();
                    return null;
                });

                String dump = Weft.dumpTaskTree();

                stop.countDown();
                assertTrue(dump.contains("nested-handler"), dump);
            }
        }
    }
}
