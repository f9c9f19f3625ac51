package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.waitFor;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.peers.Peers.Boom;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * kotlinx.coroutines kotlinx-coroutines-core/common/test/WithTimeoutTest.kt: {@code withTimeout} is
 * {@code waitFor} (the body is cancelled at the deadline, {@code TimeoutCancellationException} is
 * {@link TimedOutException}).
 */
@org.junit.jupiter.api.Timeout(30)
class KotlinWithTimeoutTest {

    @Test
    void bodyThatDoesNotWaitReturnsItsValue() {
        // kotlinx WithTimeoutTest.kt: testBasicNoSuspend
        assertEquals("OK", Weft.run(() -> waitFor(Duration.ofSeconds(10), () -> "OK")));
    }

    @Test
    void bodyThatWaitsBrieflyReturnsItsValue() {
        // kotlinx WithTimeoutTest.kt: testBasicSuspend
        var r = VirtualTime.run(() -> waitFor(Duration.ofSeconds(10), () -> {
            sleep(ms(1));
            return "OK";
        }));

        assertEquals("OK", r.value());
        assertEquals(ms(1), r.elapsed());
    }

    @Test
    void childSpawnedInsideIsNotBoundedByTheTimeout() {
        // kotlinx WithTimeoutTest.kt: testWithTimeoutChildWait. Kotlin's withTimeout is a scope and waits for
        // the child; Weft's timeouts are not scopes (issue 11): the child belongs to the enclosing group
        var childDone = new AtomicBoolean();

        var r = VirtualTime.run(() -> {
            String v = waitFor(ms(100), () -> {
                spawn(() -> {
                    sleep(ms(200));
                    childDone.set(true);
                    return null;
                });
                return "OK";
            });
            assertFalse(childDone.get(), "waitFor did not wait for the child");
            return v;
        });

        assertEquals("OK", r.value());
        assertTrue(childDone.get(), "the enclosing run waited for it");
        assertEquals(ms(200), r.elapsed());
    }

    @Test
    void bodyExceptionPassesThrough() {
        // kotlinx WithTimeoutTest.kt: testThrowException
        assertThrows(Boom.class, () -> VirtualTime.run(() -> waitFor(ms(300), () -> {
            sleep(ms(1));
            throw new Boom("TestException");
        })));
    }

    @Test
    void bodyThatSleepsPastTheDeadlineTimesOut() {
        // kotlinx WithTimeoutTest.kt: testExceptionOnTimeout
        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(ms(100), () -> {
                try {
                    sleep(Duration.ofSeconds(1));
                } catch (Boom e) {
                    throw new AssertionError("unexpected", e);
                }
                return "OK";
            }));
        });

        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void bodyThatCatchesTheTimeoutAndReturnsMakesItTheResult() {
        // kotlinx WithTimeoutTest.kt: testSuppressExceptionWithResult (issue 11 decision "waitFor")
        String v = VirtualTime.run(() -> waitFor(ms(100), () -> {
            try {
                sleep(Duration.ofSeconds(1));
            } catch (TimedOutException e) {
                return "OK";
            }
            return "not reached";
        })).value();

        assertEquals("OK", v);
    }

    @Test
    void bodyThatTurnsTheTimeoutIntoAnotherExceptionThrowsThat() {
        // kotlinx WithTimeoutTest.kt: testSuppressExceptionWithAnotherException
        assertThrows(Boom.class, () -> VirtualTime.run(() -> waitFor(ms(100), () -> {
            try {
                sleep(Duration.ofSeconds(1));
            } catch (TimedOutException e) {
                throw new Boom("TestException");
            }
            return "not reached";
        })));
    }

    @Test
    void negativeTimeoutTimesOutWithoutRunningTheBody() {
        // kotlinx WithTimeoutTest.kt: testNegativeTimeout
        var ran = new AtomicBoolean();

        VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(ms(-1), () -> {
                ran.set(true);
                return null;
            }));
            assertThrows(TimedOutException.class, () -> waitFor(Duration.ZERO, () -> {
                ran.set(true);
                return null;
            }));
        });

        assertFalse(ran.get());
    }

    @Test
    void timedOutExceptionThrownByTheBodyItselfIsNotTheTimeoutsOwn() {
        // kotlinx WithTimeoutTest.kt: testExceptionFromWithinTimeout (a TimeoutCancellationException thrown
        // by the body, not by the deadline, passes through as the body's failure)
        var own = new TimedOutException("the body's own");

        var thrown = VirtualTime.run(() -> {
            try {
                waitFor(Duration.ofSeconds(10), () -> {
                    throw own;
                });
                return null;
            } catch (TimedOutException e) {
                return e;
            }
        }).value();

        assertEquals(own, thrown);
    }

    @Test
    void outerTimeoutEndsALoopOfInnerTimeouts() {
        // kotlinx WithTimeoutOrNullTest.kt: testOuterTimeout, in its withTimeout spelling: the inner deadlines
        // give null and the loop goes on, the outer one ends it all (a caught TimedOutException cannot tell
        // whose deadline it was, so the inner ones are timeoutOrNull)
        var innerTimeouts = new AtomicInteger();

        var r = VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> waitFor(ms(250), () -> {
                while (true) {
                    String inner = Weft.timeoutOrNull(ms(100), () -> {
                        sleep(LONG);
                        return "not reached";
                    });
                    if (inner == null && innerTimeouts.incrementAndGet() > 10) {
                        throw new AssertionError("the outer deadline never came");
                    }
                }
            }));
        });

        assertEquals(2, innerTimeouts.get());
        assertEquals(ms(250), r.elapsed());
    }

    @Test
    void cancelFromOutsideStaysACancel() {
        // kotlinx WithTimeoutTest.kt: testIncompleteWithTimeoutState's neighbour (the job is cancelled from
        // outside while in withTimeout: a CancellationException, not a timeout)
        VirtualTime.run(() -> {
            Task<Object> t = spawn(() -> waitFor(Duration.ofSeconds(10), () -> {
                sleep(LONG);
                return null;
            }));
            sleep(ms(1));

            t.cancel();

            assertThrows(CancelledException.class, t::join);
        });
    }
}
