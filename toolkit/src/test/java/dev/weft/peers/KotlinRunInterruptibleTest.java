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

import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * kotlinx.coroutines kotlinx-coroutines-core/jvm/test/RunInterruptibleTest.kt: blocking JDK calls under a
 * deadline or a cancel. Weft has no {@code runInterruptible} (every task is interruptible); what is ported
 * is Java's interrupt idioms (issue 11 §1): a body that wraps the interrupt must not turn a Weft timeout
 * or cancel into an error.
 */
@org.junit.jupiter.api.Timeout(30)
class KotlinRunInterruptibleTest {

    @Test
    void bodyThatWrapsTheInterruptInIllegalStateStillTimesOut() {
        // kotlinx jvm RunInterruptibleTest.kt: testInterrupt (withTimeout around a blocking JDK
        // call); issue 11 §1, interrupt idioms: the wrapper rides along, the timeout is reported
        var thrown = new AtomicReference<Throwable>();

        Weft.run(() -> {
            try {
                waitFor(ms(20), () -> {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("wrapped", e);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });

        assertTrue(thrown.get() instanceof TimedOutException, "got " + thrown.get());
    }

    @Test
    void bodyThatWrapsTheInterruptAndResetsTheFlagStillTimesOut() {
        // kotlinx jvm RunInterruptibleTest.kt: testInterrupt, with the flag re-set (issue 11 §1)
        var thrown = new AtomicReference<Throwable>();

        Weft.run(() -> {
            try {
                waitFor(ms(20), () -> {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("wrapped", e);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                thrown.set(e);
            }
            assertFalse(Thread.currentThread().isInterrupted(), "no interrupt of Weft's is left set");
        });

        assertTrue(thrown.get() instanceof TimedOutException, "got " + thrown.get());
    }

    @Test
    void interruptedIoExceptionUnderTimeoutOrNullGivesNull() {
        // kotlinx jvm RunInterruptibleTest.kt: testInterrupt, with I/O's wrapper (issue 11 §1)
        var result = new AtomicReference<Object>("unset");

        Weft.run(() -> {
            result.set(Weft.timeoutOrNull(ms(20), () -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("read interrupted");
                }
                return "not reached";
            }));
        });

        assertEquals(null, result.get());
    }

    @Test
    void cancelledTaskWhoseBodyWrapsTheInterruptEndsCancelled() {
        // kotlinx jvm RunInterruptibleTest.kt: testNoInterruptLeakageAfterCancel (cancel while blocked in
        // a JDK call); issue 11 §1: the task ends cancelled, not failed
        // No virtual time here: a task blocked in a JDK call is busy, so a virtual clock would not move.
        Weft.run(() -> {
            var blockedIn = new AtomicReference<Thread>();
            Task<Object> t = spawn(() -> {
                try {
                    blockedIn.set(Thread.currentThread());
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("wrapped", e);
                }
                return null;
            });
            Peers.awaitBlocked(blockedIn);

            t.cancel();

            Peers.awaitDone(t);
            assertTrue(t.isCancelled(), "state " + t.state() + ", exception " + t.exception());
        });
    }

    @Test
    void interruptedExceptionLeavingATryWithResourcesTimeoutDoesNotCancelTheTask() {
        // kotlinx jvm RunInterruptibleTest.kt: testInterrupt, in the try-with-resources spelling (issue 11 §2
        // item 2): the task goes on, it is not cancelled
        String result = Weft.run(() -> {
            try (var t = Weft.timeout(ms(20))) {
                Thread.sleep(LONG.toMillis());
            } catch (InterruptedException | TimedOutException e) {
                // the deadline was reported one way or the other
            }
            sleep(Duration.ZERO);
            return "went on";
        });

        assertEquals("went on", result);
    }

    @Test
    void interruptedExceptionEscapingATryWithResourcesTimeoutReportsTheTimeoutNotACancel() {
        // kotlinx jvm RunInterruptibleTest.kt: testInterrupt, with the InterruptedException let out of the task
        // (issue 11 §2 item 2): what run throws names the timeout, not a cancel of the main task
        Throwable thrown = assertThrows(Throwable.class, () -> Weft.run(() -> {
            try (var t = Weft.timeout(ms(20))) {
                Thread.sleep(LONG.toMillis());
            }
        }));

        assertFalse(thrown instanceof java.util.concurrent.CancellationException, "not a cancel: " + thrown);
        assertTrue(Peers.mentions(thrown, TimedOutException.class), "the timeout is reported: " + thrown);
    }

    @Test
    void interruptedExceptionEscapingATryWithResourcesGroupKeepsTheChildsFailure() {
        // kotlinx jvm RunInterruptibleTest.kt: testInterrupt, inside a coroutineScope whose child fails (issue 11
        // §2 item 2): the child's failure is not lost
        Throwable thrown = assertThrows(Throwable.class, () -> Weft.run(() -> {
            try (var g = dev.weft.TaskGroup.open()) {
                g.spawn(() -> {
                    throw new Peers.Boom("child");
                });
                Thread.sleep(LONG.toMillis());
            }
        }));

        assertFalse(thrown instanceof java.util.concurrent.CancellationException, "not a cancel: " + thrown);
        assertTrue(Peers.mentions(thrown, Peers.Boom.class), "the child's failure is reported: " + thrown);
    }
}
