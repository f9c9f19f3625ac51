package dev.weft.internal;

import dev.weft.TimedOutException;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Timeouts: {@code Weft.timeout}, {@code waitFor} and {@code timeoutOrNull}, all on one clock. */
public final class Deadlines {
    private Deadlines() {
    }

    /** Opens a timeout scope on the calling thread; a zero or negative duration has already expired. */
    public static CancelScope open(Duration d) {
        long nanos = Durations.toNanos(d);
        Frame f = Frame.currentOrCreate();
        Clock clock = Clocks.current();
        boolean hasDeadline = nanos < Durations.FOREVER;
        CancelScope s = CancelScope.timeout(f, clock, d, clock.nanoTime() + nanos, hasDeadline);
        f.push(s);
        if (nanos <= 0) {
            s.cancel();
        } else if (hasDeadline) {
            s.arm(clock.schedule(nanos, s.timerAction())); // a rescheduled deadline ignores this timer
        }
        return s;
    }

    /**
     * Closes a timeout scope; throws {@link TimedOutException} if the deadline passed, the body never
     * received it, and no outer scope is cancelled (an outer cancel wins and is reported by the next
     * Weft call).
     */
    public static void close(CancelScope s) {
        if (s.closed) {
            return;
        }
        if (Frame.currentOrNull() != s.frame) {
            throw new IllegalStateException("close a Timeout on the thread that opened it");
        }
        s.closed = true;
        s.disarm();
        boolean report = s.isCancelledNow() && !s.delivered && Frame.cancelledScopeFrom(s.outer) == null;
        s.frame.pop(s);
        if (report) {
            throw new TimedOutException("the timeout of " + CancelScope.describe(durationOf(s)) + " expired");
        }
    }

    private static Duration durationOf(CancelScope s) {
        return s.duration();
    }

    /** {@code waitFor}: the body under a timeout; its cleanup has run when {@link TimedOutException} is thrown. */
    public static <T> T waitFor(Duration d, Callable<T> body) {
        return within(d, body, false);
    }

    /** {@code timeoutOrNull}: like {@link #waitFor}, but this call's own expiry gives {@code null}. */
    public static <T> T orNull(Duration d, Callable<T> body) {
        return within(d, body, true);
    }

    /**
     * The body under a timeout. A zero or negative timeout has fired before the body could start, so
     * the body does not run (asyncio's {@code wait_for} does the same). A body that returns normally
     * keeps its value even if the deadline passed meanwhile without reaching it: a value taken (say,
     * an item from a queue) is never thrown away.
     */
    private static <T> T within(Duration d, Callable<T> body, boolean nullOnExpiry) {
        if (!d.isPositive()) {
            Frame.checkpoint();
            if (nullOnExpiry) {
                return null;
            }
            throw new TimedOutException("the timeout of " + CancelScope.describe(d) + " expired before the body started");
        }
        CancelScope s = open(d);
        T v;
        try {
            v = body.call();
        } catch (Throwable t) {
            Throwable error = t instanceof InterruptedException ie ? s.frame.interrupted(ie) : t;
            closeQuietly(s);
            if (nullOnExpiry && error == s.lastDelivered && error instanceof TimedOutException) {
                return null;
            }
            throw Failures.unchecked(error);
        }
        closeQuietly(s);
        return v;
    }

    static void closeQuietly(CancelScope s) {
        s.closed = true;
        s.disarm();
        s.frame.pop(s);
    }
}
