package dev.weft.internal;

import dev.weft.Task;

/**
 * A hook into the task lifecycle for an optional integration (the {@code weft-micrometer} module's
 * metrics): the same points the JFR events of {@link TaskEvents} mark. Called on the thread where the
 * event happens, so a listener must be quick, must not block and should not throw (an exception is
 * logged and dropped). Registered with {@link TaskListeners}; every method defaults to nothing.
 */
public interface TaskListener {
    /** A task was started in a scope (not called for a root task). */
    default void spawned(Task<?> task) {
    }

    /** A task that {@link #spawned} reported finished; {@code state} is SUCCESS, FAILED or CANCELLED. */
    default void completed(Task<?> task, java.util.concurrent.Future.State state) {
    }

    /** Somebody asked a running task to stop. */
    default void cancelRequested(Task<?> task) {
    }

    /** A timeout's deadline passed and cancelled its scope. */
    default void timeoutFired() {
    }

    /** A semaphore permit was taken after waiting {@code nanos} (0 or close to it when one was free). */
    default void semaphoreAcquired(long nanos) {
    }
}
