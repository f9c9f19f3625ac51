package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RunTest {

    @Test
    void runReturnsTheValueOfMain() {
        // when
        String value = Weft.run(() -> "hello");

        // then
        assertEquals("hello", value);
    }

    @Test
    void runExecutesMainOnAVirtualThread() {
        // when
        boolean virtual = Weft.run(() -> Thread.currentThread().isVirtual());

        // then
        assertTrue(virtual);
    }

    @Test
    void runWaitsForAnUnjoinedSpawnedTaskToComplete() {
        // given a main that spawns a slow task and returns without joining it
        var finallyRan = new AtomicBoolean();
        var task = new AtomicReference<Task<String>>();

        // when
        Weft.run(() -> {
            task.set(Weft.spawn(() -> {
                try {
                    Weft.sleep(ms(200));
                    return "done";
                } finally {
                    finallyRan.set(true);
                }
            }));
        });

        // then the task has completed, normally, before run returned
        assertTrue(finallyRan.get());
        assertEquals(Future.State.SUCCESS, task.get().state());
    }

    @Test
    void runRethrowsMainsUncheckedFailureAsTheSameType() {
        // when
        var thrown = assertThrows(IllegalStateException.class,
                () -> Weft.run(() -> {
                    throw new IllegalStateException("main failed");
                }));

        // then
        assertEquals("main failed", thrown.getMessage());
    }

    @Test
    void runWrapsMainsCheckedFailureInTaskFailedException() {
        // when
        var thrown = assertThrows(TaskFailedException.class,
                () -> Weft.run(() -> {
                    throw new IOException("disk gone");
                }));

        // then
        var cause = assertInstanceOf(IOException.class, thrown.getCause());
        assertEquals("disk gone", cause.getMessage());
    }

    @Test
    void runFailsWhenAnUnjoinedSpawnedTaskFails() {
        // when main spawns a failing task and returns normally
        var thrown = assertThrows(IllegalArgumentException.class, () -> Weft.run(() -> {
            Weft.spawn(() -> {
                throw new IllegalArgumentException("child failed");
            });
            return "main done";
        }));

        // then
        assertEquals("child failed", thrown.getMessage());
    }

    @Test
    void runVoidOverloadRunsTheBody() {
        // given
        var ran = new AtomicBoolean();

        // when
        Weft.run(() -> {
            ran.set(Thread.currentThread().isVirtual());
        });

        // then
        assertTrue(ran.get());
    }

    @Test
    void runVoidOverloadRethrowsTheBodysFailure() {
        // given
        ThrowingRunnable main = () -> {
            throw new UnsupportedOperationException("void main failed");
        };

        // when
        var thrown = assertThrows(UnsupportedOperationException.class, () -> Weft.run(main));

        // then
        assertEquals("void main failed", thrown.getMessage());
    }
}
