package dev.weft.peers;

import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.timeoutOrNull;
import static dev.weft.Weft.waitFor;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimedOutException;
import dev.weft.peers.Peers.Boom;
import dev.weft.testing.VirtualTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** kotlinx.coroutines kotlinx-coroutines-core/common/test/WithTimeoutOrNullTest.kt: {@code withTimeoutOrNull} is {@code timeoutOrNull}. */
@org.junit.jupiter.api.Timeout(30)
class KotlinWithTimeoutOrNullTest {

    @Test
    void returnsNullWhenTheDeadlinePasses() {
        // kotlinx WithTimeoutOrNullTest.kt: testNullOnTimeout
        var r = VirtualTime.run(() -> timeoutOrNull(ms(100), () -> {
            sleep(LONG);
            return "OK";
        }));

        assertNull(r.value());
        assertEquals(ms(100), r.elapsed());
    }

    @Test
    void tinyTimeoutOnAWaitingBodyGivesNull() {
        // kotlinx WithTimeoutOrNullTest.kt: testSmallTimeout
        var v = VirtualTime.run(() -> timeoutOrNull(Duration.ofNanos(1), () -> {
            sleep(ms(1));
            return "OK";
        })).value();

        assertNull(v);
    }

    @Test
    void bodyExceptionPassesThrough() {
        // kotlinx WithTimeoutOrNullTest.kt: testThrowException
        assertThrows(Boom.class, () -> VirtualTime.run(() -> timeoutOrNull(Duration.ofSeconds(10), () -> {
            throw new Boom("TestException");
        })));
    }

    @Test
    void innerWaitForsTimeoutIsNotAbsorbedByAnOuterTimeoutOrNull() {
        // kotlinx WithTimeoutOrNullTest.kt: testInnerTimeout (only its own deadline is absorbed)
        VirtualTime.run(() -> {
            assertThrows(TimedOutException.class, () -> timeoutOrNull(LONG, () -> waitFor(ms(10), () -> {
                sleep(LONG);
                return "not reached";
            })));
        });
    }

    @Test
    void innerTimeoutOrNullGivesNullAndTheOuterBodyGoesOn() {
        // kotlinx WithTimeoutOrNullTest.kt: testNestedTimeout
        int v = VirtualTime.run(() -> timeoutOrNull(LONG, () -> {
            String inner = timeoutOrNull(ms(10), () -> {
                sleep(LONG);
                return "not reached";
            });
            return inner == null ? 42 : 0;
        })).value();

        assertEquals(42, v);
    }

    @Test
    void outerDeadlineEndsALoopOfInnerOnes() {
        // kotlinx WithTimeoutOrNullTest.kt: testOuterTimeout
        var rounds = new AtomicInteger();

        var r = VirtualTime.run(() -> timeoutOrNull(ms(250), () -> {
            while (true) {
                String inner = timeoutOrNull(ms(100), () -> {
                    sleep(LONG);
                    return "not reached";
                });
                assertNull(inner);
                if (rounds.incrementAndGet() > 10) {
                    throw new AssertionError("the outer deadline never came");
                }
            }
        }));

        assertNull(r.value());
        assertEquals(2, rounds.get());
        assertEquals(ms(250), r.elapsed());
    }

    @Test
    void negativeTimeoutGivesNullWithoutRunningTheBody() {
        // kotlinx WithTimeoutOrNullTest.kt: testNegativeTimeout
        var ran = new AtomicBoolean();

        VirtualTime.run(() -> {
            assertNull(timeoutOrNull(ms(-1), () -> {
                ran.set(true);
                return "x";
            }));
            assertNull(timeoutOrNull(Duration.ZERO, () -> {
                ran.set(true);
                return "x";
            }));
        });

        assertFalse(ran.get());
    }

    @Test
    void timedOutExceptionThrownByTheBodyItselfIsNotAbsorbed() {
        // kotlinx WithTimeoutOrNullTest.kt: testExceptionFromWithinTimeout
        var own = new TimedOutException("the body's own");

        VirtualTime.run(() -> {
            TimedOutException thrown = assertThrows(TimedOutException.class,
                    () -> timeoutOrNull(Duration.ofSeconds(10), () -> {
                        throw own;
                    }));
            assertEquals(own, thrown);
        });
    }

    @Test
    void bodyThatCatchesTheExpiryAndReturnsAValueMakesItTheResult() {
        // kotlinx WithTimeoutOrNullTest.kt: testSuppressExceptionWithResult (issue 11 decision "waitFor")
        String v = VirtualTime.run(() -> timeoutOrNull(ms(100), () -> {
            try {
                sleep(LONG);
            } catch (TimedOutException e) {
                return "OK";
            }
            return "not reached";
        })).value();

        assertEquals("OK", v);
    }

    @Test
    void bodyThatTurnsTheExpiryIntoAnotherExceptionThrowsThat() {
        // kotlinx WithTimeoutOrNullTest.kt: testSuppressExceptionWithAnotherException
        assertThrows(Boom.class, () -> VirtualTime.run(() -> timeoutOrNull(ms(100), () -> {
            try {
                sleep(LONG);
            } catch (TimedOutException e) {
                throw new Boom("TestException");
            }
            return "not reached";
        })));
    }

    @Test
    void cancelFromOutsideIsNotAbsorbed() {
        // kotlinx WithTimeoutOrNullTest.kt: after testOuterTimeout (a cancel of the enclosing job is not
        // turned into null)
        VirtualTime.run(() -> {
            Task<Object> t = spawn(() -> timeoutOrNull(Duration.ofSeconds(10), () -> {
                sleep(LONG);
                return "x";
            }));
            sleep(ms(1));

            t.cancel();

            assertThrows(CancelledException.class, t::join);
        });
    }

    @Test
    void groupInsideWhoseChildOutlivesTheDeadlineGivesNull() {
        // kotlinx WithTimeoutOrNullTest.kt: testNullOnTimeout, around a coroutineScope whose child outlives the
        // deadline (issue 11 §2 item 3: null, not the partial value)
        var childCancelled = new AtomicBoolean();

        String v = VirtualTime.run(() -> timeoutOrNull(ms(100), () -> TaskGroup.run(g -> {
            g.spawn(() -> {
                try {
                    sleep(LONG);
                } catch (CancelledException e) {
                    childCancelled.set(true);
                    throw e;
                }
                return null;
            });
            return "partial";
        }))).value();

        assertNull(v);
        assertTrue(childCancelled.get());
    }
}
