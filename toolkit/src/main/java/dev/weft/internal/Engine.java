package dev.weft.internal;

/**
 * What starts a task's thread: the only place that creates threads. Scopes, the task state machine
 * and cancellation are Weft's own whatever the engine; an engine only decides which thread container
 * a task's thread lives in.
 *
 * <p>Two engines exist: {@code virtual} (this module: one new virtual thread per task) and
 * {@code structured} (artifact {@code weft-engine-structured}: threads forked in the JDK's
 * {@code StructuredTaskScope}, JDK 25 with {@code --enable-preview}), found with {@link java.util.ServiceLoader}.
 */
public interface Engine {
    /** A short name, such as {@code "virtual"}. */
    String name();

    /** Called on the body thread when {@code scope} opens; returns the engine's state for it (or {@code null}). */
    default Object scopeOpened(ScopeImpl scope) {
        return null;
    }

    /** Called on the body thread once every child of {@code scope} has finished, before the scope is popped. */
    default void scopeClosed(ScopeImpl scope, Object state) {
    }

    /** Starts a new thread that runs {@code task} ({@link TaskImpl#runHere()}). */
    void start(TaskImpl<?> task);

    /**
     * Starts the root task of {@code Weft.run} and runs {@code awaitRoot} on the calling thread, which
     * returns once the root task has settled.
     */
    default void runRoot(TaskImpl<?> root, Runnable awaitRoot) {
        start(root);
        awaitRoot.run();
    }

    /**
     * Starts {@code root}, the root task of a long-lived scope ({@code ServiceScope}), and returns at
     * once: nobody waits on the calling thread. By default a virtual thread runs {@link #runRoot} for
     * it, so the root lives in whatever container this engine gives a root.
     */
    default void startRoot(TaskImpl<?> root) {
        Thread.ofVirtual().name("weft-root-" + root.name()).start(() -> runRoot(root, root::awaitSettledUninterruptibly));
    }
}
