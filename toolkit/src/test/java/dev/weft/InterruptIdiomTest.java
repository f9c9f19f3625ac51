package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.Pipe;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, "Java's interrupt idioms": code that turns Weft's interrupt into another exception does
 * not turn a Weft timeout or cancel into an error, and its exception is attached, never dropped.
 */
@Timeout(60)
class InterruptIdiomTest {

    /** A JDK wait whose interrupt is wrapped, the commonest idiom; optionally re-setting the flag. */
    private static String jdkSleepWrapped(boolean resetFlag) {
        try {
            Thread.sleep(LONG.toMillis());
            return "never";
        } catch (InterruptedException e) {
            if (resetFlag) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("wrapped", e);
        }
    }

    @Test
    void waitForThrowsTimedOutWhenTheBodyWrapsTheInterrupt() {
        TimedOutException e = assertThrows(TimedOutException.class,
                () -> Weft.run(() -> Weft.waitFor(ms(30), () -> jdkSleepWrapped(false))));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void waitForThrowsTimedOutAndLeavesNoInterruptWhenTheBodyWrapsTheInterruptAndResetsTheFlag() {
        var flagAfter = new AtomicBoolean(true);
        TimedOutException e = assertThrows(TimedOutException.class, () -> Weft.run(() -> {
            try {
                return Weft.waitFor(ms(30), () -> jdkSleepWrapped(true));
            } finally {
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
        }));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(flagAfter.get());
    }

    @Test
    void timeoutOrNullReturnsNullWhenTheBodyWrapsTheInterrupt() {
        assertNull(Weft.run(() -> Weft.timeoutOrNull(ms(30), () -> jdkSleepWrapped(false))));
    }

    @Test
    void waitForThrowsTimedOutWhenTheBodyFailsWithAnInterruptedIOException() {
        TimedOutException e = assertThrows(TimedOutException.class, () -> Weft.run(() -> Weft.waitFor(ms(30), () -> {
            try {
                Thread.sleep(LONG.toMillis());
                return "never";
            } catch (InterruptedException ie) {
                throw new UncheckedIOException(new InterruptedIOException("read interrupted"));
            }
        })));
        assertInstanceOf(UncheckedIOException.class, e.getCause());
    }

    @Test
    void waitForThrowsTimedOutWhenAnInterruptibleChannelIsClosedByTheInterrupt() throws Exception {
        Pipe pipe = Pipe.open();
        try {
            TimedOutException e = assertThrows(TimedOutException.class, () -> Weft.run(() -> Weft.waitFor(ms(30), () -> {
                return pipe.source().read(ByteBuffer.allocate(1)); // blocks: nobody writes
            })));
            assertInstanceOf(ClosedByInterruptException.class, e.getCause());
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    /** A loopback server that accepts nobody and never writes: a client's read blocks until interrupted. */
    private static ServerSocket silentLoopbackServer() throws Exception {
        return new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    }

    /** Connects to {@code server} and reads one byte (blocks); counts {@code reading} down just before the read. */
    private static int readOneByte(ServerSocket server, CountDownLatch reading) throws Exception {
        try (var s = new Socket(server.getInetAddress(), server.getLocalPort()); InputStream in = s.getInputStream()) {
            reading.countDown();
            return in.read();
        }
    }

    @Test
    void cancelledTaskBlockedInASocketReadEndsCancelledWithTheSocketExceptionAttached() throws Exception {
        // given a task blocked reading from a socket that never gets data; on a virtual thread the JDK
        // closes the socket when the thread is interrupted and throws SocketException("Closed by interrupt")
        try (var server = silentLoopbackServer()) {
            var reading = new CountDownLatch(1);

            // when
            Task<?> t = TaskGroup.run(g -> {
                Task<Integer> reader = g.spawn(() -> readOneByte(server, reading));
                awaitLatch(reading);
                reader.cancel();
                return reader;
            });

            // then
            assertEquals(Task.State.CANCELLED, t.state());
            SocketException cause = assertInstanceOf(SocketException.class, t.exception().getCause());
            assertEquals("Closed by interrupt", cause.getMessage());
        }
    }

    @Test
    void waitForThrowsTimedOutWhenASocketReadIsClosedByTheInterrupt() throws Exception {
        // given a read from a socket that never gets data
        try (var server = silentLoopbackServer()) {
            var reading = new CountDownLatch(1);

            // when
            TimedOutException e = assertThrows(TimedOutException.class,
                    () -> Weft.run(() -> Weft.waitFor(ms(30), () -> readOneByte(server, reading))));

            // then
            SocketException cause = assertInstanceOf(SocketException.class, e.getCause());
            assertEquals("Closed by interrupt", cause.getMessage());
        }
    }

    @Test
    void cancelledTaskWhoseBodyWrapsTheInterruptEndsCancelledWithTheBodysExceptionAttached() {
        Task<?> t = TaskGroup.run(g -> {
            var started = new CountDownLatch(1);
            Task<String> child = g.spawn(() -> {
                started.countDown();
                return jdkSleepWrapped(false);
            });
            awaitLatch(started);
            child.cancel();
            return child;
        });
        assertTrue(t.isCancelled());
        assertInstanceOf(IllegalStateException.class, t.exception().getCause());
    }

    @Test
    void taskNobodyCancelledThatThrowsAWrappedInterruptFails() {
        var wrapped = new IllegalStateException("not a cancel", new InterruptedException());
        Task<?> t = TaskGroup.supervise(g -> {
            Task<Object> child = g.spawn(() -> {
                throw wrapped;
            });
            assertSame(wrapped, assertThrows(IllegalStateException.class, child::join));
            return child;
        });
        assertEquals(Task.State.FAILED, t.state());
        assertSame(wrapped, t.exception());
    }

    @Test
    void causedByInterruptRecognisesJavasInterruptIdiomsOnly() {
        assertTrue(CancelledException.causedByInterrupt(new InterruptedException()));
        assertTrue(CancelledException.causedByInterrupt(new IllegalStateException(new InterruptedException())));
        assertTrue(CancelledException.causedByInterrupt(new UncheckedIOException(new InterruptedIOException())));
        assertTrue(CancelledException.causedByInterrupt(new ClosedByInterruptException()));
        assertTrue(CancelledException.causedByInterrupt(new SocketException("Closed by interrupt")));
        assertTrue(CancelledException.causedByInterrupt(new UncheckedIOException(new SocketException("Closed by interrupt"))));
        assertFalse(CancelledException.causedByInterrupt(new SocketTimeoutException()));
        assertFalse(CancelledException.causedByInterrupt(new SocketException("Connection reset")));
        assertFalse(CancelledException.causedByInterrupt(new SocketException("Socket closed")));
        assertFalse(CancelledException.causedByInterrupt(new IllegalStateException("plain")));
        assertFalse(CancelledException.causedByInterrupt(null));
    }

    // ---- defect 2: a JDK InterruptedException leaving a try-with-resources body -------------------

    @Test
    void jdkInterruptedExceptionLeavingATryWithResourcesTimeoutReportsTheTimeout() {
        TimedOutException e = assertThrows(TimedOutException.class, () -> Weft.run(() -> {
            try (var t = Weft.timeout(ms(30))) {
                Thread.sleep(LONG.toMillis());
            }
            return null;
        }));
        assertTrue(Arrays.stream(e.getSuppressed()).anyMatch(InterruptedException.class::isInstance),
                "the InterruptedException is attached");
    }

    @Test
    void groupInsideATryWithResourcesTimeoutThrowsTheTimeoutWhenItsBodyWrapsTheInterrupt() {
        var caught = new AtomicReference<Throwable>();
        String after = Weft.run(() -> {
            try (var t = Weft.timeout(ms(30))) {
                TaskGroup.run(g -> jdkSleepWrapped(false));
            } catch (TimedOutException e) {
                caught.set(e);
            }
            return "went on";
        });
        assertEquals("went on", after);
        assertInstanceOf(IllegalStateException.class, caught.get().getCause());
    }

    @Test
    void jdkInterruptedExceptionLeavingATryWithResourcesGroupReportsTheChildsFailure() {
        var boom = new IllegalStateException("boom");
        Throwable thrown = assertThrows(IllegalStateException.class, () -> Weft.run(() -> {
            try (var g = TaskGroup.open()) {
                g.spawn(() -> {
                    throw boom;
                });
                Thread.sleep(LONG.toMillis());
            }
            return null;
        }));
        assertSame(boom, thrown);
    }

    // ---- defect 1: shield entered with a Weft interrupt pending ---------------------------------

    @Test
    void shieldEnteredWithATimeoutsInterruptPendingRunsItsBodyAndThenReportsTheTimeout() {
        var shielded = new AtomicReference<Object>();
        String after = Weft.run(() -> {
            try (var t = Weft.timeout(ms(5))) {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait(); // CPU work while the timeout fires
                }
                Weft.shield(() -> {
                    Weft.sleep(ms(10));
                    shielded.set(TaskGroup.run(g -> g.spawn(() -> {
                        Weft.sleep(ms(5));
                        return 1;
                    }).join()));
                    return null;
                });
            } catch (TimedOutException expected) {
                return "timed out, not cancelled";
            }
            return "no timeout";
        });
        assertEquals(1, shielded.get());
        assertEquals("timed out, not cancelled", after);
    }

    @Test
    void shieldEnteredWithACancelPendingRunsItsBodyAndThenReportsTheCancel() {
        var shielded = new AtomicReference<Object>();
        var thrownAfter = new AtomicReference<Throwable>();
        Weft.run(() -> {
            var spinning = new CountDownLatch(1);
            Task<Object> t = Weft.spawn(() -> {
                spinning.countDown();
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                try {
                    Weft.shield(() -> {
                        Weft.sleep(ms(10));
                        shielded.set("done");
                        return null;
                    });
                } catch (Throwable e) {
                    thrownAfter.set(e);
                    throw e;
                }
                return null;
            });
            awaitLatch(spinning);
            t.cancel();
            assertThrows(CancelledException.class, t::join);
        });
        assertEquals("done", shielded.get());
        assertInstanceOf(CancelledException.class, thrownAfter.get());
    }

    @Test
    void shieldEnteredOnAPlainThreadWithATimeoutsInterruptPendingLeavesNoInterruptSet() {
        var shielded = new AtomicReference<Object>();
        try (var t = Weft.timeout(ms(5))) {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            Weft.shield(() -> {
                Weft.sleep(ms(10));
                shielded.set("done");
                return null;
            });
        } catch (TimedOutException expected) {
            // the timeout is reported after the shield
        }
        boolean interruptLeft = Thread.interrupted();
        assertEquals("done", shielded.get());
        assertFalse(interruptLeft);
    }
}
