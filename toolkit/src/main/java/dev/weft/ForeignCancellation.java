package dev.weft;

import dev.weft.internal.Blocking;
import java.util.concurrent.CancellationException;

/**
 * Carries a {@link CancellationException} that a body threw of its own accord (its task was not
 * cancelled: a cancelled task joined, a future's {@code get}, a library's own cancellation) through
 * the places that would otherwise mistake it for a cancel of their task: the workers of
 * {@link MapWorkers} and a {@link Generator}'s producer. There it is a failure like any other: it
 * fails the group fast and reaches the caller, unwrapped, as the original object.
 *
 * <p>Invariants: the cause is always that {@code CancellationException}; an instance never leaves
 * Weft, because the place that catches it throws {@link #original(Throwable)} instead.
 */
final class ForeignCancellation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private ForeignCancellation(CancellationException cause) {
        super("a body threw " + cause + " although its task was not cancelled", cause, false, false);
    }

    /**
     * What a body's {@code e} becomes: if the calling task is itself cancelled (or past a deadline),
     * that news is thrown here; otherwise {@code e} wrapped, to be thrown as a failure.
     */
    static ForeignCancellation of(CancellationException e) {
        Blocking.checkpoint(); // the task's own cancel: its news is what the body's exception meant
        return new ForeignCancellation(e);
    }

    /** {@code t} itself, or the {@code CancellationException} it carries if it is one of these. */
    static Throwable original(Throwable t) {
        return t instanceof ForeignCancellation f ? f.getCause() : t;
    }

    /** Throws {@code t} unwrapped if it carries a foreign cancellation; otherwise does nothing. */
    static void rethrowOriginal(Throwable t) {
        if (t instanceof ForeignCancellation f) {
            CancellationException c = (CancellationException) f.getCause();
            for (Throwable s : f.getSuppressed()) {
                c.addSuppressed(s);
            }
            throw c;
        }
    }
}
