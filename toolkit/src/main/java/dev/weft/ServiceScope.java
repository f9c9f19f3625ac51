package dev.weft;

import dev.weft.internal.Names;
import dev.weft.internal.ServiceRoot;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * A supervisor scope for the life of a service, owned by no single thread: any thread may spawn into
 * it, cancel it or close it (a request handler, a scheduler, a shutdown hook).
 *
 * <p>Kotlin equivalent: {@code CoroutineScope(SupervisorJob() + CoroutineExceptionHandler { ... })};
 * asyncio: a long-lived {@code TaskGroup} an application keeps next to its event loop; Trio: a
 * nursery passed around for background work ({@code nursery.start_soon} from anywhere).
 *
 * <pre>{@code
 * ServiceScope background = ServiceScope.open("background",
 *         (task, error) -> log.error("{} failed", task.name(), error));
 * background.spawn("cache-refresh", () -> { while (true) { refresh(); sleep(Duration.ofMinutes(1)); } });
 * server.onRequest(req -> background.spawn("audit-" + req.id(), () -> audit(req)));
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> background.close(Duration.ofSeconds(5))));
 * }</pre>
 *
 * <h2>Failures</h2>
 * A child's failure cancels nobody. If nobody observes it at that moment (nobody is blocked in its
 * {@code join}, no {@code onDone} callback was registered) it goes to the handler right when the
 * child fails, on the child's thread — not when the scope closes, which for a service may be days
 * later. The default handler logs it at WARN with the task's name. The failure also stays in the
 * child's {@link Task}: a later {@code join} still throws it.
 *
 * <h2>Shutting down</h2>
 * {@link #close(Duration)} refuses new spawns, gives the children the grace period to finish, then
 * cancels the rest and waits for their cleanup (shielded work included), and logs the names of the
 * tasks it had to cancel. {@link #close()} is {@code close(Duration.ZERO)}: cancel now, wait for
 * cleanup. {@link #cancel()} cancels every child without waiting. When close returns, no child is
 * running: a task spawned before it is done or cancelled, never lost. A child (or anything below
 * it) cannot close its own scope — it would wait for itself — and gets an {@link IllegalStateException}.
 *
 * <p>Children show in {@link Weft#liveTasks()} and {@link Weft#dumpTaskTree()} under a root task
 * named after the scope; a scope left open shows there too (and fails a test's leak check).
 *
 * <h2>Memory consistency effects</h2>
 * Actions of a thread before it spawns a task happen-before the task's body; everything a child does
 * happens-before {@link #close(Duration)} returns.
 */
public final class ServiceScope implements AutoCloseable {
    private final ServiceRoot root;

    private ServiceScope(ServiceRoot root) {
        this.root = root;
    }

    /** Opens a service scope with a generated name whose unobserved child failures are logged at WARN. */
    public static ServiceScope open() {
        return new ServiceScope(ServiceRoot.open(null, null));
    }

    /** Opens a service scope named {@code name} (it names the scope's root task in dumps and logs). */
    public static ServiceScope open(String name) {
        return new ServiceScope(ServiceRoot.open(checkedName(name), null));
    }

    /**
     * Opens a service scope named {@code name} whose children's unobserved failures go to
     * {@code onFailure} (the failed task and its exception) at the moment they fail. An exception the
     * handler throws is logged at ERROR; it does not affect the scope.
     */
    public static ServiceScope open(String name, BiConsumer<? super Task<?>, ? super Throwable> onFailure) {
        return new ServiceScope(ServiceRoot.open(checkedName(name), Objects.requireNonNull(onFailure, "onFailure")));
    }

    private static String checkedName(String name) {
        return Names.checked(name, "name");
    }

    /** The scope's name. */
    public String name() {
        return root.name();
    }

    /**
     * Starts {@code body} as a child and returns at once; callable from any thread.
     *
     * @throws IllegalStateException once the scope is cancelled or closing
     */
    public <T> Task<T> spawn(Callable<T> body) {
        return root.spawn(null, Objects.requireNonNull(body, "body"));
    }

    /** Starts {@code body} as a child named {@code name} (its virtual thread carries the name too). */
    public <T> Task<T> spawn(String name, Callable<T> body) {
        return root.spawn(Objects.requireNonNull(name, "name"), Objects.requireNonNull(body, "body"));
    }

    /** The children that have not finished yet, newest first. */
    public List<Task<?>> liveTasks() {
        return List.copyOf(root.liveChildren());
    }

    /** Cancels every child and refuses later spawns; returns without waiting (call a close for that). */
    public void cancel() {
        root.cancel();
    }

    /** Whether the scope has been cancelled or closed: it takes no new spawns. */
    public boolean isShutDown() {
        return root.isShutDown();
    }

    /**
     * Refuses new spawns, waits up to {@code grace} for the children to finish, then cancels the rest
     * and waits for their cleanup. Callable from any thread, also more than once. The grace period
     * is measured on Weft's clock, like a {@code sleep} of the caller (so in virtual time in a
     * {@code VirtualTime} run).
     *
     * @return whether every child finished within the grace period (no cancel was needed)
     * @throws IllegalArgumentException if {@code grace} is negative
     * @throws IllegalStateException if called from a task of this scope
     */
    public boolean close(Duration grace) {
        return root.close(grace);
    }

    /** Cancels every child and waits for their cleanup: {@code close(Duration.ZERO)}. */
    @Override
    public void close() {
        root.close(Duration.ZERO);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
