package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Idle;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What race, hedge, retry and the circuit breaker share: telling a caller's cancellation from an
 * attempt's own failure, waiting for the next finished attempt, and keeping every failure.
 *
 * <p>Invariant: an exception is the caller's news (never retried, never counted, never kept as an
 * attempt's failure) when it is a {@link CancellationException} or when the calling code is cancelled
 * at the moment it is caught (a passed enclosing deadline, a group failure, a cancel); anything else
 * is the attempt's own failure, including a {@link TimedOutException} of a timeout inside the attempt.
 */
final class Attempts {
    private Attempts() {
    }

    /** Whether {@code t}, just caught by the calling code, is that code's own cancellation news. */
    static boolean isNews(Throwable t) {
        return t instanceof CancellationException || Blocking.cancelledNow();
    }

    /** Keeps {@code later} on {@code first} as suppressed, unless it is the same or already there. */
    static void suppress(Throwable first, Throwable later) {
        if (later == null || later == first) {
            return;
        }
        for (Throwable s : first.getSuppressed()) {
            if (s == later) {
                return;
            }
        }
        first.addSuppressed(later);
    }

    /** A cancellable take: the caller's cancellation or deadline news if it comes first. */
    static <E> E take(LinkedBlockingQueue<E> q) {
        Blocking.checkpoint();
        try {
            return Idle.take(q); // a Weft wait: a virtual clock may move meanwhile
        } catch (InterruptedException e) {
            throw Blocking.interrupted(e);
        }
    }

    /** Like {@link #take}, but {@code null} once {@code nanos} have passed on Weft's clock. */
    static <E> E takeWithin(LinkedBlockingQueue<E> q, long nanos) {
        E ready = q.poll();
        if (ready != null || nanos <= 0) {
            Blocking.checkpoint();
            return ready;
        }
        return Weft.timeoutOrNull(Duration.ofNanos(nanos), () -> take(q));
    }

    /** The bodies as an array, each checked for {@code null}; at least one. */
    static Callable<?>[] nonEmpty(Collection<? extends Callable<?>> bodies) {
        Callable<?>[] calls = bodies.toArray(new Callable<?>[0]);
        if (calls.length == 0) {
            throw new IllegalArgumentException("bodies must not be empty: a race needs at least one body");
        }
        for (int i = 0; i < calls.length; i++) {
            if (calls[i] == null) {
                throw new NullPointerException("bodies[" + i + "]");
            }
        }
        return calls;
    }
}
