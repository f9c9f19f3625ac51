package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.ms;
import static dev.weft.TestSupport.spin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WaitForTest {

    @Test
    void waitForReturnsTheValueWhenTheBodyIsFast() {
        // when
        String value = Weft.run(() -> Weft.waitFor(Duration.ofSeconds(10), () -> {
            Weft.sleep(ms(10));
            return "fast";
        }));

        // then
        assertEquals("fast", value);
    }

    @Test
    void waitForRunsTheBodysCleanupBeforeThrowingTimedOut() {
        // given a body whose cleanup takes a while
        var cleanupFinished = new AtomicBoolean();
        var finishedWhenWaitForThrew = new AtomicBoolean();

        Weft.run(() -> {
            // when
            try {
                Weft.waitFor(ms(100), () -> {
                    try {
                        Weft.sleep(LONG);
                        return "never";
                    } finally {
                        spin(ms(150));
                        cleanupFinished.set(true);
                    }
                });
            } catch (TimedOutException e) {
                finishedWhenWaitForThrew.set(cleanupFinished.get());
            }
        });

        // then
        assertTrue(finishedWhenWaitForThrew.get());
    }

    @Test
    void waitForPassesTheBodysRuntimeExceptionThroughAsItself() {
        // given
        var failure = new IllegalStateException("body failed");

        Weft.run(() -> {
            // when
            var thrown = assertThrows(IllegalStateException.class, () -> Weft.waitFor(Duration.ofSeconds(10), () -> {
                throw failure;
            }));

            // then
            assertSame(failure, thrown);
        });
    }

    @Test
    void waitForWrapsTheBodysCheckedExceptionInTaskFailedException() {
        // given
        var failure = new IOException("checked");

        Weft.run(() -> {
            // when
            var thrown = assertThrows(TaskFailedException.class, () -> Weft.waitFor(Duration.ofSeconds(10), () -> {
                throw failure;
            }));

            // then
            assertSame(failure, thrown.getCause());
        });
    }

    @Test
    void waitForWithZeroDurationFiresAtOnce() {
        // when, in virtual time (a wall-clock bound would fail on a busy machine)
        VirtualTime.Result<Duration> r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> Weft.waitFor(Duration.ZERO, () -> {
                Weft.sleep(Duration.ofSeconds(10));
                return "never";
            }));
            return VirtualTime.elapsed();
        });

        // then it did not wait for the body's sleep
        assertEquals(Duration.ZERO, r.value());
    }

    @Test
    void waitForWithNegativeDurationFiresAtOnce() {
        // when, in virtual time (a wall-clock bound would fail on a busy machine)
        VirtualTime.Result<Duration> r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> Weft.waitFor(Duration.ofSeconds(-1), () -> {
                Weft.sleep(Duration.ofSeconds(10));
                return "never";
            }));
            return VirtualTime.elapsed();
        });

        // then it did not wait for the body's sleep
        assertEquals(Duration.ZERO, r.value());
    }

    @Test
    void waitForWithZeroDurationTimesOutEvenWhenTheBodyNeverBlocks() {
        Weft.run(() -> {
            // when the body returns at once, without any Weft call, after its deadline passed
            assertThrows(TimedOutException.class, () -> Weft.waitFor(Duration.ZERO, () -> "instant"));
        });
    }
}
