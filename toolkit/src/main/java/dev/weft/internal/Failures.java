package dev.weft.internal;

import dev.weft.TaskFailedException;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How failures travel: unchecked ones as themselves, checked ones wrapped once. */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

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

    /** Attaches {@code later} to {@code first} unless it is the same, already there, or a cancellation. */
    static void addSuppressed(Throwable first, Throwable later) {
        if (later == null || later == first || later instanceof CancellationException) {
            return;
        }
        for (Throwable s : first.getSuppressed()) {
            if (s == later) {
                return;
            }
        }
        first.addSuppressed(later);
        if (first.getSuppressed().length == 0) {
            // the JVM's own StackOverflowError and OutOfMemoryError refuse suppressed exceptions
            LOG.warn("a later failure cannot ride along with {} and is reported here", first, later);
        }
    }
}
