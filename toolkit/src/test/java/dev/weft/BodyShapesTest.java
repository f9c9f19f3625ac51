package dev.weft;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which overload a lambda picks (void forms of spawn, TaskGroup.execute, gather over streams and items),
 * and that checked exceptions from bodies that are not tasks are not worded as task failures. Most of
 * these are compile-time checks: the assignment's declared type only compiles with the intended form.
 */
@Timeout(30)
class BodyShapesTest {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static int value() {
        return 7;
    }

    private static void effect() {
        COUNTER.incrementAndGet();
    }

    @Test
    void aVoidBlockSpawnsWithoutReturnNull() {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

        Task<Void> t = run(() -> {
            Task<Void> task = spawn(() -> {
                sleep(Duration.ofMillis(1));
                seen.add("ran");
            });
            task.join();
            return task;
        });

        assertEquals(List.of("ran"), List.copyOf(seen));
        assertNull(t.result());
    }

    @Test
    void aNamedVoidSpawnCarriesItsName() {
        String name = run(() -> spawn("pinger", () -> {
            effect();
        }).name());

        assertEquals("pinger", name);
    }

    @Test
    void aLambdaThatReturnsAValuePicksTheCallableForm() {
        Task<Integer> expression = run(() -> spawn(() -> 42));
        Task<Integer> call = run(() -> spawn(() -> value()));
        Task<Integer> reference = run(() -> spawn(BodyShapesTest::value));

        assertEquals(42, expression.result());
        assertEquals(7, call.result());
        assertEquals(7, reference.result());
    }

    @Test
    void aVoidMethodReferencePicksTheVoidForm() {
        Task<Void> t = run(() -> spawn(BodyShapesTest::effect));

        assertTrue(t.isDone());
        assertNull(t.result());
    }

    @Test
    void aLambdaThatOnlyThrowsPicksTheCallableFormAndFailsWithItsException() {
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> run(() -> {
            Task<String> t = spawn(() -> {
                throw new IOException("disk");
            });
            return t.join();
        }));

        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void taskGroupSpawnHasVoidFormsToo() {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

        TaskGroup.execute(g -> {
            Task<Void> a = g.spawn(() -> {
                seen.add("a");
            });
            Task<Void> b = g.spawn("b", () -> {
                seen.add("b");
            });
            assertEquals("b", b.name());
            assertNull(a.join());
        });

        assertEquals(2, seen.size());
    }

    @Test
    void executeWaitsForEveryChildWithoutReturnNull() {
        AtomicInteger done = new AtomicInteger();

        TaskGroup.execute(g -> {
            for (int i = 0; i < 5; i++) {
                g.spawn(() -> {
                    sleep(Duration.ofMillis(1));
                    done.incrementAndGet();
                });
            }
        });

        assertEquals(5, done.get());
    }

    @Test
    void executeSupervisedLetsSiblingsFinishAfterAFailure() {
        AtomicInteger done = new AtomicInteger();

        TaskGroup.executeSupervised(g -> {
            Task<Void> failing = g.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            g.spawn(() -> {
                sleep(Duration.ofMillis(5));
                done.incrementAndGet();
            });
            assertThrows(IllegalStateException.class, failing::join);
        });

        assertEquals(1, done.get());
    }

    @Test
    void runStillTakesAOneCallLambda() {
        // an overload of run with a void body would make this ambiguous; execute has its own name
        Task<Integer> t = TaskGroup.run(g -> g.spawn(() -> 3));

        assertEquals(3, t.result());
    }

    @Test
    void gatherTakesAListBuiltFromAStream() {
        List<Callable<Integer>> bodies = IntStream.range(0, 3).mapToObj(i -> (Callable<Integer>) () -> i * i).toList();

        List<Integer> squares = run(() -> gather(bodies));

        assertEquals(List.of(0, 1, 4), squares);
    }

    @Test
    void gatherTakesAStreamDirectly() {
        List<Integer> squares = run(() -> gather(IntStream.range(0, 3).mapToObj(i -> (Callable<Integer>) () -> i * i)));

        assertEquals(List.of(0, 1, 4), squares);
    }

    @Test
    void gatherOverItemsNeedsNoCast() {
        List<String> pages = run(() -> gather(List.of("a", "b", "c"), url -> {
            sleep(Duration.ofMillis(1));
            return url.toUpperCase();
        }));

        assertEquals(List.of("A", "B", "C"), pages);
    }

    @Test
    void gatherOverItemsFailsFastWithTheFirstFailure() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(() -> gather(List.of(1, 2), i -> {
            if (i == 2) {
                throw new IllegalStateException("item " + i);
            }
            sleep(Duration.ofSeconds(30));
            return i;
        })));

        assertEquals("item 2", e.getMessage());
    }

    @Test
    void withPermitWrapsACheckedExceptionWithoutCallingItATaskFailure() {
        Semaphore sem = new Semaphore(1);

        TaskFailedException e = assertThrows(TaskFailedException.class, () -> sem.withPermit(() -> {
            throw new IOException("disk");
        }));

        assertInstanceOf(IOException.class, e.getCause());
        assertFalse(e.getMessage().contains("task failed"), e.getMessage());
        assertTrue(e.getMessage().contains("withPermit"), e.getMessage());
    }

    @Test
    void contextVarWhereWrapsACheckedExceptionWithoutCallingItATaskFailure() {
        ContextVar<String> var = ContextVar.named("request");

        TaskFailedException e = assertThrows(TaskFailedException.class, () -> var.where("r-1", () -> {
            throw new IOException("disk");
        }));

        assertInstanceOf(IOException.class, e.getCause());
        assertFalse(e.getMessage().contains("task failed"), e.getMessage());
        assertTrue(e.getMessage().contains("where"), e.getMessage());
    }
}
