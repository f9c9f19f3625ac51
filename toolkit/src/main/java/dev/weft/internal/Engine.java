package dev.weft.internal;

/**
 * What starts a task's thread. The only place that creates threads; the scopes, the state machine and
 * cancellation are the same whatever the engine.
 */
public interface Engine {
    /** A short name, such as {@code "virtual"}. */
    String name();

    /** Starts a new thread that runs {@code task} (setting its {@code thread} first). */
    void start(TaskImpl<?> task);
}
