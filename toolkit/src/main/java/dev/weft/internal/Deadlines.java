package dev.weft.internal;

import dev.weft.Task;
import dev.weft.TimedOutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Timeouts: {@code Weft.timeout}, {@code waitFor} and {@code timeoutOrNull}, all on one clock. */
public final class Deadlines {
    private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

    private Deadlines() {
    }

    /**
     * Opens a timeout scope on the calling thread; a zero or negative duration has already expired.
     * Entering is a cancellation point: in cancelled code (outside a shield) it throws the news at once.
     */
    public static CancelScope open(Duration d) {
        long nanos = Durations.toNanos(d);
        Frame f = Frame.currentOrCreate();
        f.checkCancelled();
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
     * Weft call). A close refused because a scope opened inside this one is still open changes
     * nothing. What it throws is remembered on the frame, so that an enclosing Weft call recognises
     * it when try-with-resources attached it to an interrupt in another form.
     */
    public static void close(CancelScope s) {
        if (s.closed) {
            return;
        }
        if (Frame.currentOrNull() != s.frame) {
            throw new IllegalStateException("close a Timeout on the thread that opened it");
        }
        s.frame.requireInnermost(s);
        boolean report = s.isCancelledNow() && !s.delivered && Frame.cancelledScopeFrom(s.outer) == null;
        s.markClosed();
        s.disarm();
        s.frame.pop(s);
        if (report) {
            TimedOutException e = s.timedOut();
            s.frame.reportedAtClose = e;
            throw e;
        }
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
     * an item from a queue) is never thrown away. When only this call's deadline passed, whatever
     * the body threw because of it (the delivered {@link TimedOutException}, or the interrupt in
     * another form: see {@link Interrupts}) becomes this call's expiry, with the body's exception as
     * its cause.
     */
    private static <T> T within(Duration d, Callable<T> body, boolean nullOnExpiry) {
        if (!d.isPositive()) {
            Frame.checkpoint();
            if (nullOnExpiry) {
                return null;
            }
            throw expiredBeforeStart(d);
        }
        CancelScope s = open(d);
        T v;
        try {
            v = body.call();
        } catch (Throwable t) {
            Throwable error = Interrupts.reportedInstead(s.frame, t);
            TimedOutException expiry = ownExpiry(s, error);
            if (expiry == null && error instanceof InterruptedException ie) {
                error = s.frame.interrupted(ie); // an outer scope's news, or a foreign interrupt: a cancel
            }
            closeQuietly(s);
            if (expiry == null) {
                throw Failures.unchecked(error);
            }
            if (nullOnExpiry) {
                if (expiry != error) {
                    LOG.debug("timeoutOrNull: the body's deadline passed and it failed because of it", error);
                }
                return null;
            }
            throw expiry;
        }
        closeQuietly(s);
        return v;
    }

    /**
     * If {@code error} is the news of {@code s}'s own deadline (and no outer scope is cancelled),
     * the {@link TimedOutException} to report for it: the one delivered, or a new one caused by
     * {@code error}; otherwise {@code null}. Owner thread, {@code s} still open.
     */
    private static TimedOutException ownExpiry(CancelScope s, Throwable error) {
        if (s.frame.cancelledScope() != s || !s.isNews(error)) {
            return null;
        }
        if (error instanceof TimedOutException e) {
            return e;
        }
        TimedOutException e = s.timedOut();
        e.initCause(error);
        return e;
    }

    private static TimedOutException expiredBeforeStart(Duration d) {
        Frame f = Frame.currentOrNull();
        return CancelScope.timedOut("", d, " before the body started" + (f != null ? " in " + f.describe() : ""));
    }

    /**
     * {@code waitFor(d, task)} (asyncio's {@code wait_for} on a task): waits for {@code task} at most
     * {@code d}; on expiry cancels it, waits for its cleanup behind a shield, then throws
     * {@link TimedOutException}, unless the task finished anyway (then its value or failure). A cancel
     * of the caller is reported as such and does not cancel the task.
     */
    public static <T> T waitFor(Duration d, Task<T> task) {
        if (!(task instanceof TaskImpl<T> t)) {
            throw new IllegalArgumentException("task is not a Weft task: " + task);
        }
        TimedOutException expiry;
        if (d.isPositive()) {
            CancelScope s = open(d);
            try {
                T v = t.join();
                closeQuietly(s);
                return v;
            } catch (Throwable e) {
                boolean ours = s.frame.cancelledScope() == s && e == s.lastDelivered;
                closeQuietly(s);
                if (!ours) {
                    throw Failures.unchecked(e);
                }
                expiry = (TimedOutException) e;
            }
        } else {
            Frame.checkpoint();
            if (t.isDone()) {
                return t.join();
            }
            expiry = expiredBeforeStart(d);
        }
        t.cancel();
        Shield.run(() -> {
            t.awaitSettled();
            return null;
        });
        switch (t.stateCode()) {
            case TaskImpl.SUCCESS -> {
                t.observed = true;
                return t.value();
            }
            case TaskImpl.FAILED -> {
                t.observed = true;
                Throwable failure = t.thrown();
                Failures.attach(failure, expiry);
                throw Failures.unchecked(failure);
            }
            default -> throw expiry;
        }
    }

    static void closeQuietly(CancelScope s) {
        s.markClosed();
        s.disarm();
        s.frame.pop(s);
    }
}
