package dev.weft;

import java.util.concurrent.CancellationException;

/**
 * Thrown by Weft's blocking calls in a task that has been cancelled, and by {@link Task#join()} on a
 * cancelled task.
 *
 * <p>asyncio equivalent: {@code asyncio.CancelledError}; Trio: {@code trio.Cancelled}; Kotlin:
 * {@code CancellationException}. It extends the JDK's {@link CancellationException}, so code that
 * already catches that one keeps working.
 *
 * <p>Cancellation is level-triggered: once a task is cancelled, every later Weft blocking call in it
 * throws a new {@code CancelledException} (unless it runs inside {@link Weft#shield}), so catching one
 * does not "uncancel" the task.
 *
 * <pre>{@code
 * Task<String> t = spawn(() -> { sleep(Duration.ofSeconds(10)); return "late"; });
 * t.cancel();
 * try { t.join(); } catch (CancelledException e) { log.info("cancelled"); }
 * }</pre>
 */
public class CancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what was cancelled. */
    public CancelledException(String message) {
        super(message);
    }

    /**
     * Whether {@code t} reports a thread interrupt: it is, or its cause chain holds, an
     * {@link InterruptedException}, an {@link java.io.InterruptedIOException} (not a
     * {@link java.net.SocketTimeoutException}), a {@link java.nio.channels.ClosedByInterruptException}
     * or a {@link java.net.SocketException} with the JDK's message {@code "Closed by interrupt"} (what
     * a {@code java.net.Socket} read or write, an {@code accept} or a {@code connect} throws on a
     * virtual thread whose interrupt closed the socket; other socket errors do not count).
     * This is the rule by which Weft recognises its own cancel or deadline in another form: when Weft
     * interrupted a body for a cancel or a timeout and the body fails with such an exception,
     * {@code waitFor} throws {@link TimedOutException}, {@code timeoutOrNull} returns {@code null} and
     * a cancelled task ends cancelled, with the body's exception attached. Use it in your own
     * wrappers, for example to not retry or log as an error what is only a cancel (asyncio has no
     * equivalent: its cancellation is always a {@code CancelledError}; Kotlin: checking for
     * {@code CancellationException}).
     *
     * <pre>{@code
     * } catch (RuntimeException e) {
     *     if (CancelledException.causedByInterrupt(e)) {
     *         throw e;                 // a cancel or a deadline: let Weft handle it
     *     }
     *     log.warn("call failed, retrying", e);
     * }
     * }</pre>
     */
    public static boolean causedByInterrupt(Throwable t) {
        return dev.weft.internal.Interrupts.causedByInterrupt(t);
    }
}
