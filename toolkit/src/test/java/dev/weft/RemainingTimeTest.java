package dev.weft;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.remainingTime;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Weft#remainingTime()} and {@link Weft#currentDeadline()}: the effective deadline of the
 * calling code (after Trio's test_cancel_scope's {@code current_effective_deadline} checks), in
 * virtual time so the figures are exact.
 */
@org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.SECONDS)
class RemainingTimeTest {
    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void noDeadlineAppliesOutsideAnyTimeout() {
        assertEquals(Optional.empty(), remainingTime());
        assertEquals(Optional.empty(), Weft.run(Weft::remainingTime));
        assertEquals(Optional.empty(), Weft.currentDeadline());
    }

    @Test
    void remainingTimeIsTheTimeLeftOfTheEnclosingTimeout() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(5))) {
                sleep(s(1));
                return remainingTime();
            }
        });

        assertEquals(Optional.of(s(4)), r.value());
    }

    @Test
    void innermostDeadlineWinsWhenItIsNearer() {
        var r = VirtualTime.run(() -> {
            try (var outer = timeout(s(5)); var inner = timeout(s(2))) {
                return remainingTime();
            }
        });

        assertEquals(Optional.of(s(2)), r.value());
    }

    @Test
    void outerDeadlineWinsWhenTheInnerOneIsLater() {
        var r = VirtualTime.run(() -> {
            try (var outer = timeout(s(5)); var inner = timeout(s(60))) {
                return remainingTime();
            }
        });

        assertEquals(Optional.of(s(5)), r.value());
    }

    @Test
    void childrenAndGrandChildrenOfAGroupInsideATimeoutInheritItsDeadline() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(5))) {
                return gather(
                        Weft::remainingTime,
                        () -> {
                            sleep(s(1));
                            return spawn(Weft::remainingTime).join();
                        });
            }
        });

        assertEquals(List.of(Optional.of(s(5)), Optional.of(s(4))), r.value());
    }

    @Test
    void childsOwnTimeoutCountsWithTheInheritedOne() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(5))) {
                return gather(() -> waitFor(s(2), Weft::remainingTime), () -> waitFor(s(9), Weft::remainingTime));
            }
        });

        assertEquals(List.of(Optional.of(s(2)), Optional.of(s(5))), r.value());
    }

    @Test
    void shieldHidesTheDeadlinesOutsideIt() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(5))) {
                return List.of(
                        shield(Weft::remainingTime),
                        shield(() -> waitFor(s(2), Weft::remainingTime)),
                        shield(() -> gather(Weft::remainingTime)).get(0));
            }
        });

        assertEquals(List.of(Optional.empty(), Optional.of(s(2)), Optional.empty()), r.value());
    }

    @Test
    void taskSpawnedIntoAGroupOutsideTheTimeoutDoesNotInheritIt() {
        Optional<Duration> seen = Weft.run(() -> TaskGroup.run(g -> {
            try (var t = timeout(Duration.ofMinutes(1))) {
                return g.spawn(Weft::remainingTime).join(); // timeouts are not scopes: the child is g's
            }
        }));

        assertEquals(Optional.empty(), seen);
    }

    @Test
    void remainingTimeIsZeroOnceTheDeadlineHasPassed() {
        var r = VirtualTime.run(() -> {
            try (var t = timeout(s(1))) {
                try {
                    sleep(s(2));
                } catch (TimedOutException e) {
                    return remainingTime();
                }
            }
            return null;
        });

        assertEquals(Optional.of(Duration.ZERO), r.value());
    }

    @Test
    void remainingTimeIsZeroInACancelledTask() {
        var seen = new java.util.concurrent.atomic.AtomicReference<Optional<Duration>>();

        Weft.run(() -> {
            try (var t = timeout(Duration.ofMinutes(1))) {
                Task<Object> child = spawn(() -> {
                    Weft.currentTask().orElseThrow().cancel();
                    seen.set(remainingTime());
                    return null;
                });
                org.junit.jupiter.api.Assertions.assertThrows(CancelledException.class, child::join);
            }
        });

        assertEquals(Optional.of(Duration.ZERO), seen.get());
    }

    @Test
    void currentDeadlineIsNowPlusTheTimeLeft() {
        Instant before = Instant.now();

        Optional<Instant> deadline = Weft.run(() -> {
            try (var t = timeout(Duration.ofMinutes(1))) {
                return Weft.currentDeadline();
            }
        });
        Instant after = Instant.now();

        assertTrue(deadline.isPresent());
        assertTrue(!deadline.get().isAfter(after.plus(Duration.ofMinutes(1))), "deadline " + deadline.get() + " after " + after);
        assertTrue(deadline.get().isAfter(before), "deadline " + deadline.get() + " before the call at " + before);
    }
}
