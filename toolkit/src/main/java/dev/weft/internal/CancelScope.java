package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.TimedOutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A region of one thread's work that can be cancelled as a whole (Trio's cancel scope). Kinds: a
 * task's root, a group's body, a timeout, and a shield (which hides the scopes outside it).
 *
 * <p>Implementation notes. Cancellation is level-triggered: once {@code cancelled} is set it stays
 * set, and every Weft blocking call made inside the scope throws its news again. When several scopes
 * on the stack are cancelled, the outermost one's news is thrown (an outer cancel is never reported
 * as an inner timeout). The news is a {@link CancelledException} for a task's root, the group's
 * first failure (the same instance each time) for a group body, and a {@link TimedOutException} for
 * a timeout. {@link #delivered} records that the body has received the news, so that closing the
 * scope does not report it a second time.
 */
public final class CancelScope {
    enum Kind { TASK, GROUP_BODY, TIMEOUT, SHIELD }

    private static final VarHandle ACTIVE;

    static {
        try {
            ACTIVE = MethodHandles.lookup().findVarHandle(CancelScope.class, "active", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Kind kind;
    final Frame frame;
    /** The group whose body this scope covers (GROUP_BODY only). */
    final ScopeImpl group;

    /** The enclosing scope on the same frame; guarded by the frame's lock. */
    CancelScope outer;
    /**
     * Whether the scope is on its frame's stack; written under the frame's lock, except a task's root,
     * which is entered and left without it and may be created already active (see {@link Frame}).
     */
    volatile boolean active;

    private volatile boolean cancelled;
    /** GROUP_BODY: the failure to deliver (thrown form). */
    private volatile Throwable failure;

    // TIMEOUT only
    /** TIMEOUT only (kept apart so that every task's root scope stays small). */
    private Deadline deadline;

    /**
     * A timeout's deadline: when, on which clock, and the timer that reports it. {@link #reschedule}
     * may move it from any thread: {@code at}, {@code real} and {@code duration} are volatile, and a
     * reader racing a reschedule may pair an old {@code real} with a new {@code at} for an instant
     * (the timer, not these reads, is what cancels).
     */
    private static final class Deadline extends SpinLock {
        final Clock clock;
        volatile Duration duration;
        volatile long at;
        volatile boolean real;
        volatile Clock.Cancellable timer;
        /** Bumped by each reschedule; a timer fires only for the generation it was armed for. Under the lock. */
        int generation;
        /** A timer has decided to fire: the deadline can no longer move. Under the lock. */
        boolean firing;

        Deadline(Clock clock, Duration duration, long at, boolean real) {
            this.clock = clock;
            this.duration = duration;
            this.at = at;
            this.real = real;
        }

        boolean passed() {
            return real && clock.nanoTime() - at >= 0;
        }
    }
    volatile boolean closed;
    /** TIMEOUT: whether the deadline had passed when the scope closed; written before {@code closed}. */
    private boolean expiredAtClose;

    /** Owner only: the body received this scope's news from a Weft call. */
    boolean delivered;
    /** Owner only: the last exception delivered for this scope. */
    Throwable lastDelivered;

    /**
     * Marks a task's root scope inactive as the task's thread ends: a release store, since a
     * canceller that still reads it active only interrupts a thread that is about to end.
     */
    void leaveQuietly() {
        ACTIVE.setRelease(this, false);
    }

    CancelScope(Kind kind, Frame frame, ScopeImpl group) {
        this.kind = kind;
        this.frame = frame;
        this.group = group;
    }

    static CancelScope timeout(Frame frame, Clock clock, Duration duration, long deadline, boolean hasDeadline) {
        CancelScope s = new CancelScope(Kind.TIMEOUT, frame, null);
        s.deadline = new Deadline(clock, duration, deadline, hasDeadline);
        return s;
    }

    Duration duration() {
        return deadline == null ? null : deadline.duration;
    }

    /** Nanoseconds until a timeout's deadline on its clock (negative once passed); {@code Long.MAX_VALUE} if it has none. */
    long nanosLeft() {
        Deadline d = deadline;
        return d == null || !d.real ? Long.MAX_VALUE : d.at - d.clock.nanoTime();
    }

    void arm(Clock.Cancellable timer) {
        deadline.timer = timer;
        if (cancelled) {
            timer.cancel();
        }
    }

    /** Whether this scope is cancelled, counting a passed deadline that the timer has not reported yet. */
    boolean isCancelledNow() {
        return cancelled || (deadline != null && deadline.passed());
    }

    /**
     * Makes a passed deadline official before its news is delivered (the timer may not have fired
     * yet), so that groups inside the timeout are cancelled too. Owner thread, outside the lock.
     */
    void settle() {
        if (cancelled) {
            return;
        }
        Deadline d = deadline;
        if (d != null) { // the owner saw the deadline pass before the timer fired: it fires now, once
            boolean first;
            d.lock();
            try {
                first = !d.firing;
                d.firing = true;
            } finally {
                d.unlock();
            }
            if (first) {
                TaskEvents.timeoutFired(this);
            }
        }
        cancel();
    }

    /** GROUP_BODY: the failure delivered as news, or {@code null}. */
    Throwable groupFailure() {
        return failure;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /**
     * Whether a timeout's deadline has passed (while it was open): a closed timeout keeps the answer
     * it had when it closed, so a deadline that passes later does not make it expired.
     */
    public boolean expired() {
        return closed ? expiredAtClose : isCancelledNow();
    }

    /** Marks the scope closed, freezing {@link #expired()}; owner thread. */
    void markClosed() {
        expiredAtClose = isCancelledNow();
        closed = true;
    }

    /** A timeout's expiry, naming the duration and the task (or thread) it fired in. */
    TimedOutException timedOut() {
        return timedOut("", duration(), " in " + frame.describe());
    }

    /**
     * The one spelling of a timeout's expiry: {@code prefix + "the timeout of D expired" + suffix}, where
     * D is {@code d} as {@link #describe(Duration)} writes it.
     */
    static TimedOutException timedOut(String prefix, Duration d, String suffix) {
        return new TimedOutException(prefix + "the timeout of " + describe(d) + " expired" + suffix);
    }

    /**
     * Whether {@code e}, which left a body inside this scope, is this scope's news: the exception a
     * Weft call delivered for it, its group failure, or a cancellation (or an interrupt in another
     * form, see {@link Interrupts}) while the scope is cancelled. Owner thread.
     */
    boolean isNews(Throwable e) {
        if (!isCancelledNow()) {
            return false;
        }
        return e == lastDelivered || (failure != null && e == failure)
                || Interrupts.isCancellationLike(e)
                || (kind == Kind.TIMEOUT && e instanceof TimedOutException);
    }

    void cancel() {
        cancelWith(null);
    }

    /** Cancels the scope; for a group body, {@code groupFailure} is the news its body will receive. */
    void cancelWith(Throwable groupFailure) {
        if (cancelled) {
            return;
        }
        if (groupFailure != null) {
            failure = groupFailure;
        }
        cancelled = true;
        disarm();
        frame.deliverCancel(this);
    }

    void disarm() {
        Clock.Cancellable t = deadline == null ? null : deadline.timer;
        if (t != null) {
            t.cancel();
        }
    }

    /** The exception a Weft call throws for this scope; marks it delivered. Called by the owner. */
    RuntimeException deliver() {
        delivered = true;
        RuntimeException news = switch (kind) {
            case TASK -> new CancelledException(frame.cancelMessage());
            case TIMEOUT -> timedOut();
            case GROUP_BODY -> {
                Throwable f = failure;
                if (f instanceof Error e) {
                    lastDelivered = e;
                    throw e;
                }
                yield f != null ? (RuntimeException) f : new CancelledException("the task group was cancelled");
            }
            case SHIELD -> throw new AssertionError("a shield is never cancelled");
        };
        lastDelivered = news;
        return news;
    }

    static String describe(Duration d) {
        if (d == null) {
            return "?";
        }
        if (d.toSeconds() >= 1 && d.toMillisPart() == 0 && d.toNanosPart() == 0) {
            return d.toSeconds() + " s";
        }
        return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + " ms" : d.toNanos() + " ns";
    }

    // ---- a movable deadline (Timeout.reschedule, Weft.remainingTime) -----------------------------

    /** The timer action for the deadline as opened (generation 0). */
    Runnable timerAction() {
        return () -> fire(0);
    }

    /** A timer ran: cancels the scope unless the deadline moved since it was armed, or the scope closed. */
    private void fire(int generation) {
        Deadline d = deadline;
        d.lock();
        try {
            if (d.generation != generation || d.firing || closed) {
                return;
            }
            d.firing = true;
        } finally {
            d.unlock();
        }
        TaskEvents.timeoutFired(this);
        cancel();
    }

    /** {@code Timeout.remaining()}: time left before the deadline (zero once expired), or empty without one. */
    public java.util.Optional<Duration> remaining() {
        if (cancelled) {
            return java.util.Optional.of(Duration.ZERO);
        }
        return hasDeadline() ? java.util.Optional.of(Duration.ofNanos(Math.max(0, nanosLeft()))) : java.util.Optional.empty();
    }

    /** {@code Timeout.reschedule(delay)}: the deadline becomes {@code delay} from now on the timeout's clock. */
    public void rescheduleIn(Duration delay) {
        reschedule(Durations.toNanos(delay), delay);
    }

    /** Whether this timeout has a deadline (not one of "forever"). TIMEOUT only. */
    boolean hasDeadline() {
        return deadline.real;
    }

    /**
     * Moves the deadline to {@code nanos} from now on its clock ({@code >= Durations.FOREVER}: no
     * deadline; {@code <= 0}: expires now), from any thread. A deadline that passed without its timer
     * having fired yet moves like any other; once the timer fired (or the owner saw it pass) the news
     * is on its way and the deadline stays where it was.
     *
     * @throws IllegalStateException if the timeout has closed or has already fired
     */
    void reschedule(long nanos, Duration delay) {
        Deadline d = deadline;
        Clock.Cancellable old;
        int generation;
        boolean real = nanos < Durations.FOREVER;
        d.lock();
        try {
            if (closed) {
                throw new IllegalStateException("this timeout has finished (its try block was left): it cannot be rescheduled");
            }
            if (cancelled || d.firing) {
                throw new IllegalStateException("this timeout has already expired: it cannot be rescheduled");
            }
            generation = ++d.generation;
            old = d.timer;
            d.timer = null;
            d.duration = delay;
            d.real = real;
            d.at = d.clock.nanoTime() + nanos;
        } finally {
            d.unlock();
        }
        if (old != null) {
            old.cancel();
        }
        if (!real) {
            return;
        }
        if (nanos <= 0) {
            fire(generation);
            return;
        }
        Clock.Cancellable timer = d.clock.schedule(nanos, () -> fire(generation));
        boolean stale;
        d.lock();
        try {
            stale = d.generation != generation || closed;
            if (!stale) {
                d.timer = timer;
            }
        } finally {
            d.unlock();
        }
        if (stale || cancelled) {
            timer.cancel();
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TASK -> "the root of " + frame.cancelMessage().replace(" was cancelled", "").replace(" was interrupted", "");
            case GROUP_BODY -> "the body of " + group;
            case TIMEOUT -> "a timeout of " + describe(duration());
            case SHIELD -> "a shield";
        };
    }
}
