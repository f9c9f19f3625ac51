package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.CircuitBreaker.State;
import dev.weft.testing.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CircuitBreaker}: its rules and transitions, in virtual time. */
@Timeout(30)
class CircuitBreakerTest {

    @BeforeAll
    static void warmUp() {
        ResilienceWarmUp.once();
    }

    private static void fail(CircuitBreaker b) {
        assertThrows(IllegalStateException.class, () -> b.call(() -> {
            throw new IllegalStateException("HTTP 500");
        }));
    }

    private static void succeed(CircuitBreaker b) {
        assertEquals("ok", b.call(() -> "ok"));
    }

    @Test
    void opensAfterConsecutiveFailuresAndThenFailsFastWithoutRunningTheBody() {
        Virtually.run(() -> {
            // given
            CircuitBreaker b = CircuitBreaker.builder("api").noFailureRate().consecutiveFailures(3).build();
            AtomicInteger ran = new AtomicInteger();

            // when
            fail(b);
            succeed(b);
            fail(b);
            fail(b);
            assertEquals(State.CLOSED, b.state(), "a success broke the streak");
            fail(b);

            // then
            assertEquals(State.OPEN, b.state());
            CircuitOpenException e = assertThrows(CircuitOpenException.class, () -> b.call(() -> ran.incrementAndGet()));
            assertEquals(0, ran.get());
            assertEquals("api", e.breakerName());
            assertEquals(Duration.ofSeconds(30), e.retryAfter());
        });
    }

    @Test
    void theFailureRateCountsOnlyOnceTheMinimumNumberOfCallsIsIn() {
        Virtually.run(() -> {
            // given 50 % of at least 4 calls among the last 4
            CircuitBreaker b = CircuitBreaker.builder("api").failureRate(50, 4).countWindow(4).build();

            // when three calls fail
            fail(b);
            fail(b);
            fail(b);

            // then fewer calls than the minimum keep it closed, and a fourth call, even a success, opens it
            assertEquals(State.CLOSED, b.state());
            succeed(b);
            assertEquals(State.OPEN, b.state());
        });
    }

    @Test
    void outcomesThatLeaveACountWindowStopCounting() {
        Virtually.run(() -> {
            // given 50 % of the last 4 calls, and S S S F in it (25 %)
            CircuitBreaker b = CircuitBreaker.builder("api").failureRate(50, 4).countWindow(4).build();
            succeed(b);
            succeed(b);
            succeed(b);
            fail(b);
            assertEquals(State.CLOSED, b.state());

            // when a success and a failure push out two successes: S F S F
            succeed(b);
            fail(b);

            // then
            assertEquals(State.OPEN, b.state());
        });
    }

    @Test
    void aTimeWindowForgetsOldOutcomes() {
        Virtually.run(() -> {
            // given every one of at least 2 calls in the last second failing
            CircuitBreaker b = CircuitBreaker.builder("api").failureRate(100, 2).timeWindow(Duration.ofSeconds(1)).build();

            // when a failure is followed by another 1.5 s later
            fail(b);
            Weft.sleep(ms(1500));
            fail(b);

            // then the first has left the window
            assertEquals(State.CLOSED, b.state());

            // and a third at once opens it
            fail(b);
            assertEquals(State.OPEN, b.state());
        });
    }

    @Test
    void afterOpenForAProbeSucceedsAndClosesTheBreaker() {
        List<String> changes = new CopyOnWriteArrayList<>();
        Virtually.run(() -> {
            // given an open breaker
            CircuitBreaker b = CircuitBreaker.builder("api").noFailureRate().consecutiveFailures(1)
                    .openFor(Duration.ofSeconds(1))
                    .onStateChange((br, from, to) -> changes.add(from + "->" + to + "@" + VirtualTime.elapsed().toMillis()))
                    .build();
            fail(b);
            Weft.sleep(ms(999));
            assertThrows(CircuitOpenException.class, () -> b.call(() -> "too early"));

            // when openFor has passed
            Weft.sleep(ms(1));
            succeed(b);

            // then
            assertEquals(State.CLOSED, b.state());
        });
        assertEquals(List.of("CLOSED->OPEN@0", "OPEN->HALF_OPEN@1000", "HALF_OPEN->CLOSED@1000"), changes);
    }

    @Test
    void aFailedProbeOpensTheBreakerAgain() {
        Virtually.run(() -> {
            CircuitBreaker b = CircuitBreaker.builder("api").noFailureRate().consecutiveFailures(1)
                    .openFor(Duration.ofSeconds(1)).build();
            fail(b);
            Weft.sleep(Duration.ofSeconds(1));

            fail(b);

            assertEquals(State.OPEN, b.state());
            CircuitOpenException e = assertThrows(CircuitOpenException.class, () -> b.call(() -> "x"));
            assertEquals(Duration.ofSeconds(1), e.retryAfter(), "open for a full period again");
        });
    }

    @Test
    void halfOpenLetsOnlyItsProbesThroughAndClosesWhenAllSucceed() {
        Virtually.run(() -> {
            // given a half-open breaker with two probes, both in flight
            CircuitBreaker b = CircuitBreaker.builder("api").noFailureRate().consecutiveFailures(1)
                    .openFor(Duration.ofSeconds(1)).halfOpenProbes(2).build();
            fail(b);
            Weft.sleep(Duration.ofSeconds(1));
            Task<String> p1 = Weft.spawn(() -> b.call(() -> {
                Weft.sleep(ms(100));
                return "p1";
            }));
            Task<String> p2 = Weft.spawn(() -> b.call(() -> {
                Weft.sleep(ms(100));
                return "p2";
            }));
            Weft.sleep(ms(10));

            // when a third call comes
            CircuitOpenException e = assertThrows(CircuitOpenException.class, () -> b.call(() -> "third"));

            // then it is refused, and the two probes close the breaker
            assertEquals(Duration.ZERO, e.retryAfter());
            assertEquals(State.HALF_OPEN, b.state());
            assertEquals("p1", p1.join());
            assertEquals("p2", p2.join());
            assertEquals(State.CLOSED, b.state());
        });
    }

    @Test
    void aCancelledCallIsNotCountedAsAFailure() {
        Virtually.run(() -> {
            // given a breaker that opens on the first failure
            CircuitBreaker b = CircuitBreaker.builder("api").noFailureRate().consecutiveFailures(1).build();

            // when a call is cut short by the caller's deadline, and another by a cancel
            assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(10), () -> b.call(() -> {
                Weft.sleep(Duration.ofHours(1));
                return "late";
            })));
            Task<String> t = Weft.spawn(() -> b.call(() -> {
                Weft.sleep(Duration.ofHours(1));
                return "late";
            }));
            Weft.sleep(ms(10));
            t.cancel();
            assertThrows(CancelledException.class, t::join);

            // then
            assertEquals(State.CLOSED, b.state());
        });
    }

    @Test
    void failuresTheBreakerDoesNotRecordCountNeitherWay() {
        Virtually.run(() -> {
            CircuitBreaker b = CircuitBreaker.builder("api").noFailureRate().consecutiveFailures(2)
                    .recordFailure(e -> !(e instanceof IllegalArgumentException)).build();

            fail(b);
            assertThrows(IllegalArgumentException.class, () -> b.call(() -> {
                throw new IllegalArgumentException("bad request: the caller's fault");
            }));
            fail(b);

            assertEquals(State.OPEN, b.state(), "the ignored failure did not break the streak");
        });
    }

    @Test
    void aStateChangeIsRecordedAsAJfrEvent() throws Exception {
        // given a recording of the breaker's event
        Path file = Files.createTempFile("weft-breaker", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.weft.CircuitStateChanged");
            recording.start();

            // when
            Virtually.run(() -> fail(CircuitBreaker.builder("jfr-api").noFailureRate().consecutiveFailures(1).build()));

            recording.stop();
            recording.dump(file);
        }

        // then
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.weft.CircuitStateChanged"))
                .filter(e -> "jfr-api".equals(e.getString("breaker")))
                .toList();
        Files.deleteIfExists(file);
        assertEquals(1, events.size());
        assertEquals("CLOSED", events.get(0).getString("from"));
        assertEquals("OPEN", events.get(0).getString("to"));
    }

    @Test
    void concurrentCallsAreEachCountedOnce() {
        for (int round = 0; round < 20; round++) {
            for (int failures : new int[] {49, 50}) {
                // given a breaker that opens at 50 % of 100 calls, and 100 concurrent calls
                CircuitBreaker b = CircuitBreaker.builder("api").failureRate(50, 100).countWindow(100).build();
                AtomicInteger n = new AtomicInteger();

                // when {@code failures} of them fail
                Weft.run(() -> Weft.gatherSettled(java.util.Collections.nCopies(100, () -> b.call(() -> {
                    Weft.sleep(Duration.ZERO);
                    if (n.incrementAndGet() <= failures) {
                        throw new IllegalStateException("fail");
                    }
                    return "ok";
                }))));

                // then 49 of 100 keep it closed and 50 of 100 open it: no outcome was lost or counted twice
                assertEquals(failures == 49 ? State.CLOSED : State.OPEN, b.state(), "round " + round + ", " + failures);
            }
        }
    }
}
