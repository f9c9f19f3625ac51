package dev.weft.internal;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;

/**
 * Java's interrupt idioms, recognised: code that turns an interrupt into another exception
 * ({@code catch (InterruptedException e) { throw new IllegalStateException(e); }}, an
 * {@link InterruptedIOException}, a {@link ClosedByInterruptException}, the {@link SocketException}
 * "Closed by interrupt" of a socket used on a virtual thread) must not turn a Weft timeout or cancel
 * into an error. Weft's scopes use {@link #isCancellationLike} to decide whether an
 * exception that left a body is the cancel they sent, in another form.
 *
 * <p>Invariant: only the exception itself and its cause chain are examined (never suppressed ones),
 * the walk is bounded, and a {@link SocketTimeoutException} (an {@code InterruptedIOException} that
 * no interrupt caused) does not count. A {@code SocketException} counts only with the JDK's exact
 * message "Closed by interrupt": {@code java.net.Socket}'s streams, {@code ServerSocket.accept},
 * a socket's connect and {@code DatagramSocket} throw it, without a cause, when an interrupt of a
 * virtual thread blocked in them closed the socket; every other {@code SocketException} (a reset, a
 * refused connection, a socket closed by someone else) is the body's own.
 */
public final class Interrupts {
    private static final int MAX_DEPTH = 32;
    /** The message of the {@link SocketException} by which the JDK reports a socket closed by an interrupt. */
    private static final String CLOSED_BY_INTERRUPT = "Closed by interrupt";

    private Interrupts() {
    }

    /** Whether {@code t}, or an exception in its cause chain, reports a thread interrupt. */
    public static boolean causedByInterrupt(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < MAX_DEPTH; c = c.getCause(), depth++) {
            if (c instanceof InterruptedException || c instanceof ClosedByInterruptException
                    || (c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException))
                    || (c instanceof SocketException && CLOSED_BY_INTERRUPT.equals(c.getMessage()))) {
                return true;
            }
            if (c.getCause() == c) {
                return false;
            }
        }
        return false;
    }

    /** Whether {@code t} is a cancellation or was caused by an interrupt: what a cancel or a deadline looks like. */
    static boolean isCancellationLike(Throwable t) {
        return t instanceof CancellationException || causedByInterrupt(t);
    }

    /**
     * If {@code error} is an interrupt in another form that carries, as suppressed, what a scope's
     * {@code close()} on {@code f} reported (try-with-resources attached it), returns that report with
     * {@code error} attached to it; otherwise {@code error}. So a deadline or a group failure that
     * interrupted a JDK call in a try-with-resources body is what leaves the enclosing Weft call.
     */
    static Throwable reportedInstead(Frame f, Throwable error) {
        Throwable r = f == null ? null : f.reportedAtClose;
        if (r == null || r == error || !causedByInterrupt(error)) {
            return error;
        }
        for (Throwable s : error.getSuppressed()) {
            if (s == r) {
                f.reportedAtClose = null;
                Failures.attach(r, error);
                return r;
            }
        }
        return error;
    }
}
