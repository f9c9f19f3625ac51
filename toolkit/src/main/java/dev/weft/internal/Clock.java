package dev.weft.internal;

/**
 * The one source of time for every Weft wait with a deadline (sleep, timeouts, deadlines of
 * primitives), so that tests can substitute virtual time.
 */
public interface Clock {
    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** Blocks the calling thread for {@code nanos} (a non-positive value only yields); interruptible. */
    void sleep(long nanos) throws InterruptedException;

    /** Runs {@code action} once, {@code delayNanos} from now, on a timer thread. */
    Cancellable schedule(long delayNanos, Runnable action);

    /** A scheduled action that can be called off. */
    interface Cancellable {
        /** Calls the action off if it has not run yet. */
        void cancel();
    }
}
