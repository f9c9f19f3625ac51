package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Hedge}: hedged requests, in virtual time. */
@Timeout(30)
class HedgeTest {

    @BeforeAll
    static void warmUp() {
        ResilienceWarmUp.once();
    }

    /** A body whose n-th attempt (from 0) sleeps {@code latencies[n]} ms, recording when each started. */
    private static Callable<String> attempts(List<Long> starts, long... latencies) {
        AtomicInteger n = new AtomicInteger();
        return () -> {
            int i = n.getAndIncrement();
            starts.add(VirtualTime.elapsed().toMillis());
            Weft.sleep(ms(latencies[i]));
            return "attempt " + i;
        };
    }

    @Test
    void aSlowAttemptGetsASecondOneAfterTheDelayAndTheFirstSuccessWins() {
        // given a hedge after 100 ms and a first attempt that takes an hour
        List<Long> starts = new CopyOnWriteArrayList<>();
        List<Long> ended = new CopyOnWriteArrayList<>();
        Callable<String> body = attempts(starts, 3_600_000, 50);
        Hedge hedge = Hedge.fixed(ms(100), 3);

        // when
        VirtualTime.Result<String> r = Virtually.run(() -> {
            String v = hedge.call(() -> {
                try {
                    return body.call();
                } finally {
                    ended.add(VirtualTime.elapsed().toMillis());
                }
            });
            assertEquals(List.of(150L, 150L), ended, "both attempts had ended when call returned");
            return v;
        });

        // then the second attempt won at 150 ms; no third one started
        assertEquals("attempt 1", r.value());
        assertEquals(List.of(0L, 100L), starts);
        assertEquals(ms(150), r.elapsed());
    }

    @Test
    void aFastAttemptIsNotHedged() {
        List<Long> starts = new CopyOnWriteArrayList<>();

        VirtualTime.Result<String> r = Virtually.run(() -> Hedge.fixed(ms(100), 3).call(attempts(starts, 60)));

        assertEquals("attempt 0", r.value());
        assertEquals(List.of(0L), starts);
        assertEquals(ms(60), r.elapsed());
    }

    @Test
    void aFailedAttemptStartsTheNextOneAtOnce() {
        // given a first attempt that fails after 10 ms
        List<Long> starts = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();

        // when
        VirtualTime.Result<String> r = Virtually.run(() -> Hedge.fixed(ms(100), 2).call(() -> {
            starts.add(VirtualTime.elapsed().toMillis());
            Weft.sleep(ms(10));
            if (n.getAndIncrement() == 0) {
                throw new IllegalStateException("HTTP 500");
            }
            return "ok";
        }));

        // then the second started at 10 ms, not 100 ms
        assertEquals("ok", r.value());
        assertEquals(List.of(0L, 10L), starts);
        assertEquals(ms(20), r.elapsed());
    }

    @Test
    void whenEveryAttemptFailsTheFirstFailureIsThrownWithTheOthersSuppressed() {
        // given
        List<RuntimeException> thrown = new CopyOnWriteArrayList<>();

        // when
        RuntimeException e = assertThrows(RuntimeException.class, () -> Virtually.run(() -> Hedge.fixed(ms(5), 3).call(() -> {
            Weft.sleep(ms(20));
            RuntimeException f = new IllegalStateException("attempt " + thrown.size());
            thrown.add(f);
            throw f;
        })));

        // then
        assertEquals(3, thrown.size());
        assertSame(thrown.get(0), e);
        assertEquals(List.of(thrown.get(1), thrown.get(2)), List.of(e.getSuppressed()));
    }

    @Test
    void noAttemptStartsAfterTheEnclosingDeadline() {
        // given attempts that never finish, a hedge every 100 ms, and a deadline of 150 ms
        List<Long> starts = new CopyOnWriteArrayList<>();
        List<String> ended = new CopyOnWriteArrayList<>();

        // when
        VirtualTime.Result<Void> r = Virtually.run(() -> {
            assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(150), () -> Hedge.fixed(ms(100), 5).call(() -> {
                starts.add(VirtualTime.elapsed().toMillis());
                try {
                    Weft.sleep(Duration.ofHours(1));
                    return "never";
                } finally {
                    ended.add("x");
                }
            })));
        });

        // then two attempts started, both ended, at the deadline
        assertEquals(List.of(0L, 100L), starts);
        assertEquals(2, ended.size());
        assertEquals(ms(150), r.elapsed());
    }

    @Test
    void aPercentileHedgeLearnsItsDelayFromTheLatenciesItSees() {
        // given a p50 hedge over 10 calls, floor 5 ms
        Hedge hedge = Hedge.percentile(50, 10, ms(5), 2);
        assertEquals(ms(5), hedge.currentDelay());

        // when ten calls take 10, 20, ..., 100 ms (every attempt of a call as long as its first)
        Virtually.run(() -> {
            for (int i = 1; i <= 10; i++) {
                long latency = 10L * i;
                hedge.call(() -> {
                    Weft.sleep(ms(latency));
                    return latency;
                });
            }
        });

        // then the delay is the median seen: 50 ms (nearest rank)
        assertEquals(ms(50), hedge.currentDelay());
    }

    @Test
    void aPercentileHedgeNeverGoesBelowItsFloor() {
        Hedge hedge = Hedge.percentile(99, 10, ms(500), 2);

        Virtually.run(() -> {
            for (int i = 0; i < 12; i++) {
                hedge.call(() -> {
                    Weft.sleep(ms(10));
                    return "ok";
                });
            }
        });

        assertEquals(ms(500), hedge.currentDelay());
    }

    @Test
    void cancellingTheCallerEndsEveryAttempt() {
        List<String> ended = new CopyOnWriteArrayList<>();

        Virtually.run(() -> {
            // given a caller hedging bodies that never finish
            Task<String> caller = Weft.spawn(() -> Hedge.fixed(ms(10), 3).call(() -> {
                try {
                    Weft.sleep(Duration.ofHours(1));
                    return "never";
                } finally {
                    ended.add("x");
                }
            }));
            Weft.sleep(ms(25));

            // when
            caller.cancel();

            // then all three attempts ended, and no fourth started
            assertThrows(CancelledException.class, caller::join);
            assertEquals(3, ended.size());
        });
    }
}
