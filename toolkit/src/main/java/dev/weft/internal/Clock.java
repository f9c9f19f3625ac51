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

    /**
     * The busy count this clock keeps for its run, or {@code null} (real time): Weft's waits and
     * spawns report to it through {@link Idle}, so that a virtual clock knows when every task of its
     * run is parked in a Weft wait.
     */
    default Idle.Run idleRun() {
        return null;
    }

    /** A scheduled action that can be called off. */
    interface Cancellable {
        /** Calls the action off if it has not run yet. */
        void cancel();
    }
}
