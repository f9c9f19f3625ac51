package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.timeoutOrNull;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Trio src/trio/_tests/test_timeouts.py: {@code move_on_after} is {@code timeoutOrNull}, {@code fail_after}
 * is {@code timeout}; Trio measures real time with a fudge factor, Weft's ports use virtual time exactly.
 */
@org.junit.jupiter.api.Timeout(30)
class TrioTimeoutsTest {
    private static final Duration TARGET = Duration.ofSeconds(1);

    @Test
    void sleepTakesItsDuration() {
        // Trio test_timeouts.py: test_sleep
        var r = VirtualTime.run(() -> sleep(TARGET));

        assertEquals(TARGET, r.elapsed());
    }

    @Test
    void zeroSleepUnderAnExpiredDeadlineIsACheckpointThatThrows() {
        // Trio test_timeouts.py: test_sleep (move_on_at(now): sleep(0) raises Cancelled, absorbed)
        var reached = VirtualTime.run(() -> timeoutOrNull(Duration.ZERO, () -> {
            sleep(Duration.ZERO);
            return "not reached";
        })).value();

        assertNull(reached);
    }

    @Test
    void timeoutOrNullMovesOnAfterItsDuration() {
        // Trio test_timeouts.py: test_move_on_after
        var r = VirtualTime.run(() -> timeoutOrNull(TARGET, () -> {
            sleep(Duration.ofSeconds(100));
            return "not reached";
        }));

        assertNull(r.value());
        assertEquals(TARGET, r.elapsed());
    }

    @Test
    void timeoutFailsAfterItsDuration() {
        // Trio test_timeouts.py: test_fail (fail_after)
        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(TARGET)) {
                    sleep(Duration.ofSeconds(100));
                }
            });
        });

        assertEquals(TARGET, r.elapsed());
    }

    @Test
    void distantTimeoutLetsAZeroSleepPass() {
        // Trio test_timeouts.py: test_fail (fail_after(100): await sleep(0) passes)
        Weft.run(() -> {
            try (var t = timeout(Duration.ofSeconds(100))) {
                sleep(Duration.ZERO);
            }
        });
    }

    @Test
    void negativeSleepIsRefusedButANegativeTimeoutHasMerelyExpired() {
        // Trio test_timeouts.py: test_timeouts_raise_value_error. Trio refuses negative durations for
        // sleep and for the timeouts; Weft refuses a negative sleep, and treats a negative timeout the way
        // asyncio.timeout does: as already expired.
        Weft.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> sleep(ms(-1)));
            assertNull(timeoutOrNull(ms(-1), () -> {
                sleep(Duration.ZERO);
                return "not reached";
            }));
        });
    }

    @Test
    void timeoutOrNullReturnsTheValueOfABodyThatFinishesInTime() {
        // Trio test_timeouts.py: test_move_on_after (the body finishes first: cancelled_caught is False)
        var r = VirtualTime.run(() -> timeoutOrNull(TARGET, () -> {
            sleep(ms(10));
            return "done";
        }));

        assertEquals("done", r.value());
        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void deadlineCountsFromWhenTheTimeoutIsEntered() {
        // Trio test_timeouts.py: test_timeout_deadline_on_entry
        var r = VirtualTime.run(() -> {
            sleep(Duration.ofSeconds(3));
            var start = VirtualTime.elapsed();
            assertThrows(TimedOutException.class, () -> {
                try (var t = timeout(Duration.ofSeconds(5))) {
                    sleep(Duration.ofSeconds(100));
                }
            });
            return VirtualTime.elapsed().minus(start);
        });

        assertEquals(Duration.ofSeconds(5), r.value());
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(8)) == 0);
    }
}
