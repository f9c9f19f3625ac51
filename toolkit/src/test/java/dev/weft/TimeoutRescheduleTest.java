package dev.weft;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Timeout#remaining()}, {@link Timeout#deadline()} and {@link Timeout#reschedule}: ported in
 * spirit from CPython's Lib/test/test_asyncio/test_timeouts.py (test_reschedule, test_timeout_finished,
 * test_timeout_not_called, test_timeout_disabled), in virtual time.
 */
@org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimeoutRescheduleTest {
    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void timeoutReportsItsTimeLeft() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(5))) {
                sleep(s(2));
                return t.remaining();
            }
        });

        assertEquals(Optional.of(s(3)), r.value());
    }

    @Test
    void timeoutWithoutADeadlineHasNone() {
        // test_timeout_disabled: asyncio.timeout(None)
        var r = VirtualTime.run(() -> {
            try (var t = timeout(ChronoUnit.FOREVER.getDuration())) {
                return new Object[] {t.remaining(), t.deadline()};
            }
        });

        assertEquals(Optional.empty(), r.value()[0]);
        assertEquals(Optional.empty(), r.value()[1]);
    }

    @Test
    void deadlineIsAWallClockInstantAbout5sAhead() {
        Instant before = Instant.now();

        Optional<Instant> deadline = Weft.run(() -> {
            try (var t = timeout(s(5))) {
                return t.deadline();
            }
        });

        assertTrue(deadline.orElseThrow().isAfter(before.plus(s(4))), "deadline " + deadline + " vs " + before);
    }

    @Test
    void rescheduledLaterTheBodyRunsPastTheOldDeadline() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(1))) {
                t.reschedule(s(3));
                sleep(s(2));
                return t.expired();
            }
        });

        assertFalse(r.value());
        assertEquals(s(2), r.elapsed());
    }

    @Test
    void rescheduledEarlierTheTimeoutFiresSooner() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(10))) {
                t.reschedule(s(1));
                sleep(s(5));
                return "not reached";
            } catch (TimedOutException e) {
                return "timed out at " + VirtualTime.elapsed().toSeconds() + " s";
            }
        });

        assertEquals("timed out at 1 s", r.value());
    }

    @Test
    void rescheduledToZeroTheTimeoutExpiresAtOnce() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(10))) {
                t.reschedule(Duration.ZERO);
                sleep(s(5));
                return "not reached";
            } catch (TimedOutException e) {
                return "timed out";
            }
        });

        assertEquals("timed out", r.value());
        assertEquals(Duration.ZERO, r.elapsed());
    }

    @Test
    void rescheduledToAnInstantTheDeadlineFollowsIt() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(1))) {
                t.reschedule(Instant.now().plus(s(5)));
                sleep(s(10));
                return "not reached";
            } catch (TimedOutException e) {
                return "timed out";
            }
        });

        assertEquals("timed out", r.value());
        assertTrue(r.elapsed().compareTo(s(4)) > 0 && r.elapsed().compareTo(s(5)) <= 0, "elapsed " + r.elapsed());
    }

    @Test
    void anotherTaskMayRescheduleOrRemoveTheDeadline() {
        // test_reschedule: the timeout is moved from outside the task that opened it
        var r = VirtualTime.run(() -> {
            CompletableFuture<Timeout> opened = new CompletableFuture<>();
            Task<Object> worker = spawn(() -> {
                try (var t = timeout(s(10))) {
                    opened.complete(t);
                    sleep(s(50));
                }
                return null;
            });
            Timeout t = opened.join();
            t.reschedule(s(30));
            Optional<Duration> afterMove = t.remaining();
            t.reschedule(ChronoUnit.FOREVER.getDuration());
            Optional<Duration> afterRemove = t.remaining();
            worker.cancel();
            assertThrows(CancelledException.class, worker::join);
            return new Object[] {afterMove, afterRemove, t.expired()};
        });

        assertEquals(Optional.of(s(30)), r.value()[0]);
        assertEquals(Optional.empty(), r.value()[1]);
        assertEquals(false, r.value()[2]);
    }

    @Test
    void reschedulingAfterTheTimeoutFiredIsRefused() {
        // asyncio refuses to reschedule an expiring timeout: its TimeoutError is already on its way
        var refused = new AtomicReference<Throwable>();

        VirtualTime.run(() -> {
            try (var t = timeout(s(1))) {
                try {
                    sleep(s(5));
                } catch (TimedOutException e) {
                    refused.set(assertThrows(IllegalStateException.class, () -> t.reschedule(s(10))));
                    throw e;
                }
            } catch (TimedOutException expected) {
                // the timeout still reports
            }
        });

        assertTrue(refused.get().getMessage().contains("already expired"), refused.get().getMessage());
    }

    @Test
    void reschedulingAFinishedTimeoutIsRefused() {
        // test_timeout_finished
        Timeout finished = Weft.run(() -> {
            try (var t = timeout(s(10))) {
                return t;
            }
        });

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> finished.reschedule(s(20)));
        assertTrue(e.getMessage().contains("finished"), e.getMessage());
    }

    @Test
    void rescheduleRejectsNullNamingTheArgument() {
        Weft.run(() -> {
            try (var t = timeout(s(10))) {
                assertEquals("delay", assertThrows(NullPointerException.class, () -> t.reschedule((Duration) null)).getMessage());
                assertEquals("when", assertThrows(NullPointerException.class, () -> t.reschedule((Instant) null)).getMessage());
            }
        });
    }

    @Test
    void rescheduledDeadlineIsWhatChildrenInheritAsRemainingTime() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(10))) {
                t.reschedule(s(3));
                return Weft.gather(Weft::remainingTime).get(0);
            }
        });

        assertEquals(Optional.of(s(3)), r.value());
    }
}
