package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ShieldTest {

    @Test
    void shieldReturnsTheBodysValue() {
        assertEquals("kept", Weft.run(() -> Weft.shield(() -> "kept")));
    }

    @Test
    void shieldedBodyRunsToCompletionThoughTheCallerIsCancelled() {
        // given a task inside a shield
        var bodyCompleted = new AtomicBoolean();
        var sleepFailure = new AtomicReference<Throwable>();
        var task = new AtomicReference<Task<String>>();

        Weft.run(() -> {
            var inShield = new CountDownLatch(1);
            task.set(Weft.spawn(() -> Weft.shield(() -> {
                inShield.countDown();
                try {
                    Weft.sleep(ms(300));
                } catch (RuntimeException e) {
                    sleepFailure.set(e);
                    throw e;
                }
                bodyCompleted.set(true);
                return "saved";
            })));
            awaitLatch(inShield);

            // when
            task.get().cancel();
        });

        // then the body's sleep was not interrupted, and the body completed
        assertNull(sleepFailure.get());
        assertTrue(bodyCompleted.get());
    }

    @Test
    void shieldThrowsCancelledExceptionToACancelledCallerAfterTheBodyCompletes() {
        // given
        var bodyCompleted = new AtomicBoolean();
        var shieldThrew = new AtomicReference<Throwable>();
        var completedWhenShieldThrew = new AtomicBoolean();
        var reachedAfterShield = new AtomicBoolean();
        var task = new AtomicReference<Task<String>>();

        Weft.run(() -> {
            var inShield = new CountDownLatch(1);
            task.set(Weft.spawn(() -> {
                try {
                    Weft.shield(() -> {
                        inShield.countDown();
                        Weft.sleep(ms(300));
                        bodyCompleted.set(true);
                        return "saved";
                    });
                    reachedAfterShield.set(true);
                } catch (Throwable e) {
                    shieldThrew.set(e);
                    completedWhenShieldThrew.set(bodyCompleted.get());
                    throw e;
                }
                return "caller finished";
            }));
            awaitLatch(inShield);

            // when
            task.get().cancel();
        });

        // then
        assertInstanceOf(CancelledException.class, shieldThrew.get());
        assertTrue(completedWhenShieldThrew.get());
        assertFalse(reachedAfterShield.get());
        assertEquals(Future.State.CANCELLED, task.get().state());
    }
}
