package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a task's thread finds its task, and gather's batched start. */
@Timeout(30)
class TaskThreadTest {
    private LogCapture log;

    @BeforeEach
    void captureTaskLog() {
        log = LogCapture.of(LogCapture.TASK_LOGGER);
    }

    @AfterEach
    void releaseTaskLog() {
        log.close();
    }

    @Test
    void aThreadStartedInsideATaskIsNotTakenForThatTask() throws Exception {
        // given a plain virtual thread started from inside a task
        AtomicReference<Boolean> sawATask = new AtomicReference<>();
        Weft.run(() -> {
            Thread plain = Thread.ofVirtual().start(() -> sawATask.set(Weft.currentTask().isPresent()));
            plain.join();
        });

        // then it is outside any task: spawn there needs a scope of its own
        assertFalse(sawATask.get());
    }

    @Test
    void spawnFromAThreadStartedInsideATaskNeedsAScopeOfItsOwn() throws Exception {
        // given
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Weft.run(() -> {
            Thread plain = Thread.ofVirtual().start(() -> {
                try {
                    Weft.spawn(() -> 1);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            plain.join();
        });

        // then
        assertTrue(thrown.get() instanceof IllegalStateException, () -> "thrown: " + thrown.get());
    }

    @Test
    void eachTaskFindsItselfAsTheCurrentTask() {
        // when 50 tasks each report the current task, after a sleep (so that they interleave)
        List<Boolean> same = Weft.run(() -> {
            List<Task<Task<?>>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tasks.add(Weft.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(1));
                    return Weft.currentTask().orElseThrow();
                }));
            }
            List<Boolean> out = new ArrayList<>();
            for (Task<Task<?>> t : tasks) {
                out.add(t.join() == t);
            }
            return out;
        });

        // then
        assertFalse(same.contains(false), () -> "results: " + same);
    }

    @Test
    void aTaskThatReplacesItsThreadsUncaughtExceptionHandlerIsReportedAtWarn() {
        // when a task's body replaces its thread's handler
        Weft.run(() -> Weft.spawn("rebinder", () -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
            return null;
        }).join());

        // then the end of the task says so, naming it
        assertEquals(1, log.warningsNaming("rebinder").size(), () -> "logged: " + log.events());
    }

    @Test
    void aTaskThatLeavesItsThreadsHandlerAloneIsNotReported() {
        // when
        Weft.run(() -> Weft.spawn("quiet", () -> 1).join());

        // then
        assertTrue(log.events().isEmpty(), () -> "logged: " + log.events());
    }

    @Test
    void gatherAcrossSeveralStartBatchesKeepsEveryResultInOrder() {
        // given a count that is not a multiple of the start batch (64)
        List<Callable<Integer>> bodies = new ArrayList<>();
        for (int i = 0; i < 64 * 3 + 7; i++) {
            int v = i;
            bodies.add(() -> v * 2);
        }

        // when
        List<Integer> results = Weft.run(() -> Weft.gather(bodies));

        // then
        assertEquals(bodies.size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i * 2, results.get(i));
        }
    }

    @Test
    void gatherInCancelledCodeStartsNoBodyOfAnyBatch() {
        // given a task that is cancelled before it gathers 200 bodies
        AtomicInteger ran = new AtomicInteger();
        List<Callable<Integer>> bodies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bodies.add(() -> ran.incrementAndGet());
        }
        AtomicReference<Throwable> thrown = new AtomicReference<>();

        // when
        Weft.run(() -> {
            Task<Object> t = Weft.spawn(() -> {
                Weft.currentTask().orElseThrow().cancel();
                try {
                    return Weft.gather(bodies);
                } catch (Throwable e) {
                    thrown.set(e);
                    throw e;
                }
            });
            assertThrows(CancelledException.class, t::join);
        });

        // then
        assertEquals(0, ran.get());
        assertTrue(thrown.get() instanceof CancelledException, () -> "thrown: " + thrown.get());
    }
}
