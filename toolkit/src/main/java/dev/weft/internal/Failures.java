package dev.weft.internal;

import dev.weft.TaskFailedException;
import java.util.concurrent.CancellationException;

/**
 * How failures travel: unchecked ones as themselves, checked ones wrapped once in a
 * {@code TaskFailedException}. The one home of that rule: every Weft call that rethrows what user code
 * threw goes through {@link #thrownForm}, {@link #unchecked} or {@link #fromBody}.
 */
public final class Failures {
    private Failures() {
    }

    /** The form in which {@code t} is thrown: itself if unchecked or an error, else wrapped. */
    public static Throwable thrownForm(Throwable t) {
        return t instanceof RuntimeException || t instanceof Error ? t : new TaskFailedException(t);
    }

    /** Throws {@code t} if it is an error; otherwise returns what to throw. */
    public static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new TaskFailedException(t);
    }

    /**
     * What a Weft call that runs a body on the caller's thread ({@code withPermit}, {@code ContextVar.where})
     * throws for the exception {@code e} the body threw: an unchecked one as itself, an interrupt as the
     * news it stands for (see {@link Blocking#interrupted}), any other checked one wrapped, with a
     * message saying that {@code what}'s body threw it.
     */
    public static RuntimeException fromBody(String what, Exception e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof InterruptedException ie) {
            return Blocking.interrupted(ie);
        }
        return new TaskFailedException(what + "'s body threw " + e, e);
    }

    /**
     * Attaches {@code later} to {@code first} unless it is the same, already there, or a cancellation.
     * Returns {@code false} if {@code first} refused it: the JVM's own {@code StackOverflowError} and
     * {@code OutOfMemoryError} carry no suppressed exceptions, so the caller must report it otherwise.
     */
    static boolean addSuppressed(Throwable first, Throwable later) {
        if (later instanceof CancellationException) {
            return true;
        }
        return attach(first, later);
    }

    /**
     * Attaches {@code later} to {@code first} unless it is the same or already there, also when it is a
     * cancellation: for a failure that must not be lost (a {@code CancellationException} that a task
     * nobody cancelled threw is a failure like any other). Returns {@code false} if {@code first}
     * refused it (see {@link #addSuppressed}).
     */
    static boolean attach(Throwable first, Throwable later) {
        if (later == null || later == first) {
            return true;
        }
        for (Throwable s : first.getSuppressed()) {
            if (s == later) {
                return true;
            }
        }
        first.addSuppressed(later);
        return first.getSuppressed().length > 0;
    }
}
