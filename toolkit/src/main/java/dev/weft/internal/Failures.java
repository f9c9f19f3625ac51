package dev.weft.internal;

import dev.weft.TaskFailedException;
import java.util.concurrent.CancellationException;

/** How failures travel: unchecked ones as themselves, checked ones wrapped once. */
final class Failures {
    private Failures() {
    }

    /** The form in which {@code t} is thrown: itself if unchecked or an error, else wrapped. */
    static Throwable thrownForm(Throwable t) {
        return t instanceof RuntimeException || t instanceof Error ? t : new TaskFailedException(t);
    }

    /** Throws {@code t} if it is an error; otherwise returns what to throw. */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new TaskFailedException(t);
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
