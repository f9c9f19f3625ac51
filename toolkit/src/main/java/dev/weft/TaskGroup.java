package dev.weft;

import dev.weft.internal.Bodies;
import dev.weft.internal.Names;
import dev.weft.internal.ScopeImpl;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A structured scope that owns the tasks spawned into it: its end waits for all of them, and the first
 * failure cancels the rest.
 *
 * <p>asyncio equivalent: {@code asyncio.TaskGroup}; Trio: a nursery ({@code open_nursery}); Kotlin:
 * {@code coroutineScope}. {@link #openSupervisor()} and {@link #supervise(GroupBody)} give Kotlin's
 * {@code supervisorScope}: a child's failure does not cancel its siblings.
 *
 * <p>Two forms. The lambda form sees everything: the body's own failure cancels the children, and a
 * child's failure cancels the body and is what {@code run} throws.
 * <pre>{@code
 * List<String> pages = TaskGroup.run(g -> {
 *     Task<String> a = g.spawn(() -> fetch("a"));
 *     Task<String> b = g.spawn(() -> fetch("b"));
 *     return List.of(a.join(), b.join());
 * });
 * }</pre>
 * The try-with-resources form has asyncio's shape. {@link #close()} waits for the children and
 * rethrows the first failure; a child's failure while the body is blocked in a Weft call makes that
 * call throw the failure itself, so it is what leaves the try statement.
 * <pre>{@code
 * try (var g = TaskGroup.open()) {
 *     g.spawn(() -> fetch("a"));
 *     g.spawn(() -> fetch("b"));
 * }   // both done here
 * }</pre>
 * But {@code close()} cannot see an exception the body throws by itself (Java does not tell it), so
 * in this form a body failure does not cancel the children: {@code close()} still waits for them.
 * Use the lambda form when the body can fail on its own.
 *
 * <p>Any task may spawn into the group while it is open, not only the thread that opened it; a
 * spawn after the group has finished throws {@link IllegalStateException}, and a child spawned
 * into a cancelled or failing group is born cancelled (its body never runs; asyncio raises
 * instead). Cancelling one child does not fail the group.
 *
 * <p>Entering a group ({@code run}, {@code supervise}, {@code open}) in a cancelled task (outside a
 * shield) throws the cancel at once without running the body. The end of a group that has to wait
 * for its children is a cancellation point: if an enclosing timeout or cancel cut that wait short,
 * the group throws that news (a {@link TimedOutException}, a {@link CancelledException}) rather than
 * the body's value. A body that lets a {@code CancellationException} escape while no scope around it
 * is cancelled fails the group with it; a body that fails because Weft interrupted it (see
 * {@link CancelledException#causedByInterrupt}) makes the group throw the news of the cancelled
 * scope, with the body's exception attached. Groups, timeouts and shields close innermost first: a
 * close out of order throws {@link IllegalStateException} and changes nothing.
 */
public final class TaskGroup implements AutoCloseable {
    private final ScopeImpl scope;

    private TaskGroup(ScopeImpl scope) {
        this.scope = scope;
    }

    /** Opens a group on the calling thread, for try-with-resources. A child's failure cancels the others. */
    public static TaskGroup open() {
        return new TaskGroup(ScopeImpl.open(false));
    }

    /**
     * Opens a group named {@code name}: the name shows in {@link Weft#dumpTaskTree()} and logs
     * (Kotlin: {@code coroutineScope} with a {@code CoroutineName}).
     *
     * <pre>{@code
     * try (var g = TaskGroup.open("checkout")) { g.spawn("charge", () -> charge(order)); }
     * }</pre>
     */
    public static TaskGroup open(String name) {
        Names.checked(name, "name"); // before opening: a refused name leaves no scope behind
        return new TaskGroup(ScopeImpl.open(false).named(name));
    }

    /** A supervisor group named {@code name} (see {@link #openSupervisor()} and {@link #open(String)}). */
    public static TaskGroup openSupervisor(String name) {
        Names.checked(name, "name");
        return new TaskGroup(ScopeImpl.open(true).named(name));
    }

    /**
     * Opens a supervisor group (Kotlin's {@code supervisorScope}): a child's failure cancels nobody and
     * is not rethrown by {@link #close()}; it stays in the child's {@link Task}. A failure that nobody
     * observes (by {@code join}, {@code get}, {@code exception}, {@code result} or {@code onDone}) is
     * logged at WARN with the task's name when the group closes. The open group keeps only failures
     * nobody has observed yet, at most 256: beyond that (after dropping those observed since) a failure
     * is logged at WARN when it happens, so a long-lived supervisor keeps no memory for handled ones.
     */
    public static TaskGroup openSupervisor() {
        return new TaskGroup(ScopeImpl.open(true));
    }

    /**
     * Lambda form: opens a group, runs {@code body} with it on the calling thread, waits for every child
     * and returns the body's value. The first failure (of the body or of a child) cancels the rest and
     * is thrown once all are done; later ones are attached as suppressed. Checked exceptions arrive
     * wrapped in {@link TaskFailedException}.
     */
    public static <T> T run(GroupBody<T> body) {
        Objects.requireNonNull(body, "body");
        return runIn(ScopeImpl.open(false), body);
    }

    /** {@link #run(GroupBody)} with the group named {@code name} in dumps and logs. */
    public static <T> T run(String name, GroupBody<T> body) {
        Names.checked(name, "name");
        Objects.requireNonNull(body, "body");
        return runIn(ScopeImpl.open(false).named(name), body);
    }

    /**
     * Lambda form of a supervisor group: like {@link #run(GroupBody)}, but a child's failure cancels
     * nobody; the body decides what to do with each child's result.
     */
    public static <T> T supervise(GroupBody<T> body) {
        Objects.requireNonNull(body, "body");
        return runIn(ScopeImpl.open(true), body);
    }

    /**
     * The void form of {@link #run(GroupBody)}: a body that returns nothing, with no {@code return null}.
     * A separate name, because an overload of {@code run} would make a one-call lambda such as
     * {@code g -> g.spawn(...)} ambiguous (Java cannot tell which form an implicitly typed lambda means).
     *
     * <pre>{@code
     * TaskGroup.execute(g -> {
     *     g.spawn(() -> fetch("a"));
     *     g.spawn(() -> fetch("b"));
     * });   // both done here
     * }</pre>
     */
    public static void execute(GroupAction body) {
        Objects.requireNonNull(body, "body");
        runIn(ScopeImpl.open(false), g -> {
            body.accept(g);
            return null;
        });
    }

    /** The void form of {@link #supervise(GroupBody)}; see {@link #execute(GroupAction)} for the name. */
    public static void executeSupervised(GroupAction body) {
        Objects.requireNonNull(body, "body");
        runIn(ScopeImpl.open(true), g -> {
            body.accept(g);
            return null;
        });
    }

    private static <T> T runIn(ScopeImpl scope, GroupBody<T> body) {
        TaskGroup group = new TaskGroup(scope);
        return scope.runBody(() -> body.apply(group));
    }

    /** Starts {@code body} as a child task of this group and returns at once. */
    public <T> Task<T> spawn(Callable<T> body) {
        return scope.spawn(null, Objects.requireNonNull(body, "body"));
    }

    /** Starts {@code body} as a child named {@code name} (its virtual thread carries the name too). */
    public <T> Task<T> spawn(String name, Callable<T> body) {
        return scope.spawn(Objects.requireNonNull(name, "name"), Objects.requireNonNull(body, "body"));
    }

    /**
     * The void form of {@link #spawn(Callable)}: starts a child that returns nothing (no
     * {@code return null}); a lambda that returns a value still picks the {@code Callable} form.
     */
    public Task<Void> spawn(ThrowingRunnable body) {
        return scope.spawn(null, Bodies.callable(Objects.requireNonNull(body, "body")));
    }

    /** Like {@link #spawn(ThrowingRunnable)}, naming the child. */
    public Task<Void> spawn(String name, ThrowingRunnable body) {
        return scope.spawn(Objects.requireNonNull(name, "name"), Bodies.callable(Objects.requireNonNull(body, "body")));
    }

    /**
     * Cancels every child, now and spawned later; the body goes on, and {@link #close()} returns
     * normally once the children have finished their cleanup. Cancelling is not a failure.
     */
    public void cancel() {
        scope.cancelChildren();
    }

    /**
     * Waits for every child, then rethrows the first failure (later ones suppressed) unless the body
     * already received it from a Weft call. Must be called on the thread that opened the group;
     * a second call does nothing.
     */
    @Override
    public void close() {
        scope.close();
    }

    @Override
    public String toString() {
        return scope.toString();
    }
}
