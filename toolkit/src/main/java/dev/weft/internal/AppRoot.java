package dev.weft.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WeftApp}: the root of a program's task tree, with a JVM shutdown hook that cancels the tree
 * on SIGINT/SIGTERM and gives its cleanup a grace period.
 *
 * <p>Implementation notes. The root task runs {@code main} in a fail-fast scope, as {@code Weft.run}
 * does, on the engine's root container; the calling thread waits for it. The hook sets
 * {@code shuttingDown} first, then cancels the root and waits up to the grace period; once the hook
 * returns the JVM halts, with the status the JVM chose (128 + the signal's number for a signal). The
 * calling thread, woken by the root's end, sees {@code shuttingDown} and returns without calling
 * {@code System.exit} (which would block for good during a shutdown). Without a signal it removes
 * the hook and returns the exit code: 0 for a normal return, 1 for a failure.
 */
public final class AppRoot {
    private static final Logger LOG = LoggerFactory.getLogger(AppRoot.class);

    /** The exit codes; the signal ones are what the JVM itself uses (128 + SIGINT 2, 128 + SIGTERM 15). */
    public static final int OK = 0;
    public static final int FAILED = 1;

    private final TaskImpl<Object> root;
    private final Duration grace;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    private AppRoot(String name, Duration grace, Callable<?> main) {
        this.grace = grace;
        this.root = new TaskImpl<>(null, name, () -> ScopeImpl.open(false).named(name).runBody(main));
    }

    /**
     * Runs {@code main} as the application's root and returns its exit code, or -1 if a JVM shutdown
     * (a signal, or {@code System.exit} elsewhere) ended it: then the JVM is already exiting.
     */
    public static int run(String name, Duration grace, Callable<?> main) {
        AppRoot app = new AppRoot(name, grace, main);
        Thread hook = Thread.ofPlatform().name("weft-shutdown").unstarted(app::onShutdown);
        Runtime.getRuntime().addShutdownHook(hook);
        Registry.add(app.root);
        Idle.spawning(app.root); // run inside a virtual-time run, the root is a task of the run (as Weft.run's)
        try {
            Engines.current().runRoot(app.root, app.root::awaitSettledUninterruptibly);
        } finally {
            Registry.remove(app.root);
        }
        if (app.shuttingDown.get()) {
            return -1;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownUnderWay) {
            return -1;
        }
        app.root.observed = true;
        return switch (app.root.stateCode()) {
            case TaskImpl.SUCCESS -> OK;
            default -> {
                LOG.error("application {} ended with a failure", name, app.root.rawFailure());
                yield FAILED;
            }
        };
    }

    /** The shutdown hook: cancel the tree, give its cleanup the grace period, log what is left. */
    private void onShutdown() {
        shuttingDown.set(true);
        if (root.settled()) {
            return;
        }
        LOG.info("shutdown: cancelling application {} (grace period {})", root.name(), grace);
        root.cancel();
        boolean done;
        try {
            done = root.awaitSettled(Durations.toNanos(grace));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = root.settled();
        }
        if (done) {
            LOG.info("shutdown: application {} finished its cleanup", root.name());
        } else {
            LOG.warn("shutdown: application {} still running after the grace period of {}; the JVM exits now. Tasks left:\n{}",
                    root.name(), grace, TaskTree.dump());
        }
    }
}
