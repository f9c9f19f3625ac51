package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TimeoutOrNullTest {

    @Test
    void timeoutOrNullReturnsNullWhenTheDeadlinePasses() {
        // when
        String value = Weft.run(() -> Weft.timeoutOrNull(ms(50), () -> {
            Weft.sleep(LONG);
            return "never";
        }));

        // then
        assertNull(value);
    }

    @Test
    void timeoutOrNullReturnsTheValueWhenTheBodyIsFast() {
        // when
        String value = Weft.run(() -> Weft.timeoutOrNull(Duration.ofSeconds(10), () -> {
            Weft.sleep(ms(10));
            return "fast";
        }));

        // then
        assertEquals("fast", value);
    }

    @Test
    void anOuterTimeoutStillPropagatesThroughTimeoutOrNull() {
        // given
        var reachedAfterInner = new AtomicBoolean();
        var caught = new AtomicReference<Throwable>();

        Weft.run(() -> {
            // when the outer deadline passes while the inner body sleeps
            try (var outer = Weft.timeout(ms(100))) {
                Weft.timeoutOrNull(Duration.ofSeconds(10), () -> {
                    Weft.sleep(LONG);
                    return "never";
                });
                reachedAfterInner.set(true);
            } catch (Throwable e) {
                caught.set(e);
            }
        });

        // then
        assertInstanceOf(TimedOutException.class, caught.get());
        assertFalse(reachedAfterInner.get());
    }
}
