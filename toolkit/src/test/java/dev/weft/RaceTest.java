package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Weft.race} (first success) and {@code Weft.raceFirstDone}, in virtual time. */
@Timeout(30)
class RaceTest {

    @BeforeAll
    static void warmUp() {
        ResilienceWarmUp.once();
    }

    private static Callable<String> after(long millis, String value) {
        return () -> {
            Weft.sleep(ms(millis));
            return value;
        };
    }

    private static Callable<String> failingAfter(long millis, RuntimeException e) {
        return () -> {
            Weft.sleep(ms(millis));
            throw e;
        };
    }

    @Test
    void raceReturnsTheFirstSuccessAfterTheLosersCleanupHasRun() {
        // given a slow body whose cleanup takes time of its own
        AtomicBoolean loserCleanedUp = new AtomicBoolean();
        Callable<String> slow = () -> {
            try {
                Weft.sleep(Duration.ofHours(1));
                return "slow";
            } finally {
                Weft.shield(() -> {
                    Weft.sleep(ms(30));
                    loserCleanedUp.set(true);
                    return null;
                });
            }
        };

        // when
        VirtualTime.Result<String> r = Virtually.run(() -> {
            String v = Weft.race(slow, after(50, "fast"));
            assertTrue(loserCleanedUp.get(), "the loser's finally ran before race returned");
            return v;
        });

        // then
        assertEquals("fast", r.value());
        assertEquals(ms(80), r.elapsed());
    }

    @Test
    void raceSkipsAnEarlierFailureAndReturnsALaterSuccess() {
        VirtualTime.Result<String> r = Virtually.run(
                () -> Weft.race(failingAfter(10, new IllegalStateException("a")), after(50, "b")));

        assertEquals("b", r.value());
        assertEquals(ms(50), r.elapsed());
    }

    @Test
    void raceThrowsTheFirstFailureWithTheOthersSuppressedWhenAllFail() {
        // given three failures at 30, 10 and 20 ms
        RuntimeException a = new IllegalStateException("a");
        RuntimeException b = new IllegalArgumentException("b");
        RuntimeException c = new UnsupportedOperationException("c");

        // when
        RuntimeException e = assertThrows(RuntimeException.class, () -> Virtually.run(
                () -> Weft.race(List.of(failingAfter(30, a), failingAfter(10, b), failingAfter(20, c)))));

        // then the first to fail is thrown, the others follow in order of failure
        assertSame(b, e);
        assertEquals(List.of(c, a), List.of(e.getSuppressed()));
    }

    @Test
    void raceWrapsACheckedFailure() {
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> Virtually.run(
                () -> Weft.race(() -> {
                    throw new IOException("down");
                })));

        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void raceFirstDoneThrowsTheFirstFailureAndCancelsTheRest() {
        // given a failure at 10 ms and a success at 50 ms
        List<String> ended = new CopyOnWriteArrayList<>();
        Callable<String> success = () -> {
            try {
                return after(50, "b").call();
            } finally {
                ended.add("b");
            }
        };

        // when
        IllegalStateException[] e = new IllegalStateException[1];
        VirtualTime.Result<Void> r = Virtually.run(() -> {
            e[0] = assertThrows(IllegalStateException.class,
                    () -> Weft.raceFirstDone(failingAfter(10, new IllegalStateException("a")), success));
            assertEquals(List.of("b"), ended, "the other body ended before the failure was thrown");
        });

        // then
        assertEquals("a", e[0].getMessage());
        assertEquals(ms(10), r.elapsed());
    }

    @Test
    void raceFirstDoneReturnsTheFirstValue() {
        VirtualTime.Result<String> r = Virtually.run(
                () -> Weft.raceFirstDone(after(30, "slow"), after(20, "fast"), failingAfter(40, new IllegalStateException())));

        assertEquals("fast", r.value());
        assertEquals(ms(20), r.elapsed());
    }

    @Test
    void aDeadlineAroundARaceCancelsEveryBody() {
        // given two bodies that never finish
        List<String> ended = new CopyOnWriteArrayList<>();
        Callable<String> forever = () -> {
            try {
                Weft.sleep(Duration.ofHours(1));
                return "never";
            } finally {
                ended.add("x");
            }
        };

        // when
        VirtualTime.Result<Void> r = Virtually.run(() -> {
            assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(100), () -> Weft.race(forever, forever)));
        });

        // then
        assertEquals(2, ended.size());
        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void cancellingTheRacerCancelsAndAwaitsEveryBody() {
        List<String> ended = new CopyOnWriteArrayList<>();
        Callable<String> forever = () -> {
            try {
                Weft.sleep(Duration.ofHours(1));
                return "never";
            } finally {
                ended.add("x");
            }
        };

        Virtually.run(() -> {
            // given a task racing two bodies
            Task<String> racer = Weft.spawn(() -> Weft.race(forever, forever));
            Weft.sleep(ms(10));

            // when
            racer.cancel();

            // then
            assertThrows(CancelledException.class, racer::join);
            assertTrue(racer.isCancelled());
            assertEquals(2, ended.size());
        });
    }
}
