package dev.weft;

import dev.weft.internal.AsCompleted;
import dev.weft.internal.Deadlines;
import dev.weft.internal.Engines;
import dev.weft.internal.Frame;
import dev.weft.internal.Gather;
import dev.weft.internal.Roots;
import dev.weft.internal.ScopeImpl;
import dev.weft.internal.Shield;
import dev.weft.internal.Sleeping;
import dev.weft.internal.TaskTree;
import dev.weft.internal.WarmUp;
import dev.weft.internal.Waiting;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The entry points of Weft: asyncio's model as plain blocking calls on virtual threads, made for
 * {@code import static dev.weft.Weft.*}.
 *
 * <p>Every coroutine is a virtual thread, every group of them lives in a structured scope, and a
 * call that would be {@code await x} in asyncio is simply {@code x} here.
 *
 * <pre>{@code
 * import static dev.weft.Weft.*;
 *
 * List<String> breakfast = run(() -> gather(
 *         () -> { sleep(Duration.ofSeconds(3)); return "coffee"; },
 *         () -> { sleep(Duration.ofSeconds(2)); return "bagel"; }));   // about 3 s
 * }</pre>
 *
 * <p>This class only delegates; reading it is reading the table of contents. The semantics (structure,
 * failure, cancellation, timeouts) are described in the README and on each type.
 */
public final class Weft {
    private Weft() {
    }

    /**
     * Runs {@code main} on a virtual thread in a root scope, waits for every task spawned in it, and
     * returns its value or rethrows its failure (asyncio: {@code asyncio.run(main())}). If the caller
     * is interrupted or cancelled meanwhile, the whole tree is cancelled and awaited first.
     */
    public static <T> T run(Callable<T> main) {
        return Roots.run(Objects.requireNonNull(main, "main"));
    }

    /** The void form of {@link #run(Callable)}. */
    public static void run(ThrowingRunnable main) {
        Objects.requireNonNull(main, "main");
        Roots.run(() -> {
            main.run();
            return null;
        });
    }

    /**
     * Suspends the current task for {@code duration} (asyncio: {@code await asyncio.sleep(s)}).
     * Cancellable, and honours enclosing timeouts; a zero duration only checks for cancellation.
     *
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public static void sleep(Duration duration) {
        Sleeping.sleep(Objects.requireNonNull(duration, "duration"));
    }

    /**
     * Starts {@code body} as a task in the innermost enclosing scope (asyncio:
     * {@code asyncio.create_task}).
     *
     * @throws IllegalStateException outside {@link #run}, a {@link TaskGroup} or a task
     */
    public static <T> Task<T> spawn(Callable<T> body) {
        return ScopeImpl.enclosing().spawn(null, Objects.requireNonNull(body, "body"));
    }

    /** Like {@link #spawn(Callable)}, naming the task and its virtual thread. */
    public static <T> Task<T> spawn(String name, Callable<T> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return ScopeImpl.enclosing().spawn(name, body);
    }

    /**
     * Runs the bodies concurrently and returns their values in argument order (asyncio:
     * {@code await asyncio.gather(...)}). Fail-fast: the first failure cancels the others, waits for
     * their cleanup and is rethrown, later failures attached as suppressed.
     */
    @SafeVarargs
    public static <T> List<T> gather(Callable<? extends T>... bodies) {
        return Gather.all(Arrays.asList(Objects.requireNonNull(bodies, "bodies")));
    }

    /** The collection form of {@link #gather(Callable[])}. */
    public static <T> List<T> gather(Collection<? extends Callable<? extends T>> bodies) {
        return Gather.all(Objects.requireNonNull(bodies, "bodies"));
    }

    /**
     * Runs the bodies concurrently and returns one {@link Outcome} per body, in argument order; never
     * throws for a child (asyncio: {@code gather(..., return_exceptions=True)}).
     */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(Callable<? extends T>... bodies) {
        return Gather.settled(Arrays.asList(Objects.requireNonNull(bodies, "bodies")));
    }

    /** The collection form of {@link #gatherSettled(Callable[])}. */
    public static <T> List<Outcome<T>> gatherSettled(Collection<? extends Callable<? extends T>> bodies) {
        return Gather.settled(Objects.requireNonNull(bodies, "bodies"));
    }

    /**
     * Runs {@code body} with a deadline (asyncio: {@code await asyncio.wait_for(c, t)}). On expiry the
     * body is cancelled, its cleanup runs, then {@link TimedOutException} is thrown; the body's own
     * failure passes through. A body that returns normally keeps its value, even if the deadline
     * passed meanwhile without reaching it (nothing it took is lost). A zero or negative timeout
     * fires at once: the body does not run.
     */
    public static <T> T waitFor(Duration timeout, Callable<T> body) {
        return Deadlines.waitFor(Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(body, "body"));
    }

    /**
     * Runs the bodies concurrently and returns the first <em>successful</em> value; the others are
     * cancelled and their cleanup has run before this returns. If every body fails, the first failure
     * is thrown with the later ones suppressed. Named after Ox/jox's {@code race}, which means the
     * same ({@code raceSuccess} in jox; JDK 25's {@code StructuredTaskScope.Joiner.anySuccessfulResultOrThrow()}; Kotlin:
     * {@code select} over {@code async}s; asyncio has none built in). {@link #raceFirstDone} is the
     * form where the first to finish decides, even by failing.
     *
     * <pre>{@code
     * String page = race(() -> fetch(primary), () -> fetch(mirror));   // the faster good answer
     * }</pre>
     *
     * @throws IllegalArgumentException if there are no bodies
     */
    @SafeVarargs
    public static <T> T race(Callable<? extends T>... bodies) {
        return Race.firstSuccess(Arrays.asList(Objects.requireNonNull(bodies, "bodies")));
    }

    /** The collection form of {@link #race(Callable[])}. */
    public static <T> T race(Collection<? extends Callable<? extends T>> bodies) {
        return Race.firstSuccess(Objects.requireNonNull(bodies, "bodies"));
    }

    /**
     * Runs the bodies concurrently; the first to finish decides: its value is returned or its failure
     * thrown, and the others are cancelled and awaited first (asyncio: {@code asyncio.wait(...,
     * return_when=FIRST_COMPLETED)} plus cancelling the rest; Ox: {@code raceResult}; the JDK's
     * {@code StructuredTaskScope.Joiner}s have no such form). Named for what decides, since
     * "race" alone means the first <em>success</em> here, as in Ox.
     *
     * <pre>{@code
     * String answer = raceFirstDone(() -> compute(), () -> { sleep(limit); throw new TooSlow(); });
     * }</pre>
     *
     * @throws IllegalArgumentException if there are no bodies
     */
    @SafeVarargs
    public static <T> T raceFirstDone(Callable<? extends T>... bodies) {
        return Race.firstDone(Arrays.asList(Objects.requireNonNull(bodies, "bodies")));
    }

    /** The collection form of {@link #raceFirstDone(Callable[])}. */
    public static <T> T raceFirstDone(Collection<? extends Callable<? extends T>> bodies) {
        return Race.firstDone(Objects.requireNonNull(bodies, "bodies"));
    }

    /**
     * Runs {@code body} and, while it fails in a way {@code policy} retries, runs it again after the
     * policy's delay (Python: {@code tenacity.retry}; Failsafe: {@code Failsafe.with(retryPolicy).get};
     * Ox: {@code retry}). Never sleeps past an enclosing deadline (it gives up early instead), never
     * retries a cancellation, and throws the last failure with the earlier ones suppressed and a
     * {@link RetryGaveUpException} saying why it stopped. See {@link RetryPolicy}.
     *
     * <pre>{@code
     * String page = waitFor(Duration.ofSeconds(2), () -> retry(policy, () -> fetch(url)));
     * }</pre>
     */
    public static <T> T retry(RetryPolicy policy, Callable<T> body) {
        return Retry.run(policy, body);
    }

    /**
     * Opens a deadline for the current task's blocking calls, for try-with-resources (asyncio:
     * {@code async with asyncio.timeout(t)}); see {@link Timeout}.
     */
    public static Timeout timeout(Duration duration) {
        return new Timeout(Deadlines.open(Objects.requireNonNull(duration, "duration")));
    }

    /**
     * Runs {@code body} with a deadline and returns {@code null} if it passes (Kotlin:
     * {@code withTimeoutOrNull}; Trio: {@code move_on_after}). Only this call's own deadline is
     * absorbed: an outer timeout or a cancel still propagates.
     */
    public static <T> T timeoutOrNull(Duration timeout, Callable<T> body) {
        return Deadlines.orNull(Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(body, "body"));
    }

    /**
     * Runs {@code body} to completion even if the caller is cancelled meanwhile, then lets the caller
     * see the cancel (asyncio: {@code await asyncio.shield(c)}; Trio: a shielded cancel scope). The
     * body runs on the calling thread, so nothing outlives the call.
     */
    public static <T> T shield(Callable<T> body) {
        return Shield.run(Objects.requireNonNull(body, "body"));
    }

    /**
     * The tasks in the order they complete (asyncio: {@code asyncio.as_completed}); the iterator's
     * {@code next()} blocks until the next one is done and is cancellable.
     */
    public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks) {
        return AsCompleted.of(Objects.requireNonNull(tasks, "tasks"));
    }

    /**
     * Like {@link #asCompleted(Collection)} with a deadline {@code timeout} from now: a {@code next()}
     * that would wait past it throws {@link TimedOutException}; the remaining tasks are not cancelled
     * (asyncio: {@code as_completed(ts, timeout=t)}).
     */
    public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks, Duration timeout) {
        return AsCompleted.of(Objects.requireNonNull(tasks, "tasks"), Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Waits until {@code when} holds and returns the done and the pending tasks (asyncio:
     * {@code asyncio.wait(tasks, return_when=...)}). Cancels nothing. Named so that a static import
     * is not shadowed by {@code Object.wait}.
     *
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    public static <T> DoneAndPending<T> waitTasks(Collection<? extends Task<T>> tasks, ReturnWhen when) {
        return Waiting.waitTasks(tasks, when, null);
    }

    /**
     * Like {@link #waitTasks(Collection, ReturnWhen)}, returning when {@code timeout} passes at the
     * latest (asyncio: {@code asyncio.wait(tasks, timeout=t)}; no exception on timeout).
     */
    public static <T> DoneAndPending<T> waitTasks(Collection<? extends Task<T>> tasks, ReturnWhen when, Duration timeout) {
        return Waiting.waitTasks(tasks, when, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * An async generator (asyncio: {@code async def} with {@code yield}, consumed by {@code async for}):
     * {@code body} emits values from its own task, the caller iterates them with back-pressure; see
     * {@link Generator}.
     */
    public static <T> Generator<T> generate(Generator.Body<T> body) {
        return Generator.of(body);
    }

    /** Like {@link #generate(Generator.Body)}, letting the producer run up to {@code capacity} values ahead. */
    public static <T> Generator<T> generate(int capacity, Generator.Body<T> body) {
        return Generator.of(capacity, body);
    }

    /** Ticks 0, 1, 2, ... every {@code period}, without end (close it, or leave the loop in try-with-resources). */
    public static Generator<Long> interval(Duration period) {
        return Generator.interval(period);
    }

    /** Ticks 0 .. {@code count - 1}, one every {@code period}. */
    public static Generator<Long> interval(Duration period, long count) {
        return Generator.interval(period, count);
    }

    /**
     * Maps {@code items} concurrently with at most {@code limit} calls in flight; results in input
     * order; fail-fast like {@link #gather} (asyncio: gather + semaphore in one call).
     */
    public static <T, R> List<R> mapConcurrent(Collection<? extends T> items, int limit,
            ThrowingFunction<? super T, ? extends R> fn) {
        return Concurrently.map(items, limit, fn);
    }

    /** Like {@link #mapConcurrent}, streaming the results in completion order. */
    public static <T, R> Generator<R> mapConcurrentUnordered(Collection<? extends T> items, int limit,
            ThrowingFunction<? super T, ? extends R> fn) {
        return Concurrently.mapUnordered(items, limit, fn);
    }

    /**
     * Throws {@link CancelledException} (or the pending {@link TimedOutException} or group failure) if
     * the current task has been cancelled; otherwise returns at once. A checkpoint for CPU-bound loops
     * (Kotlin: {@code ensureActive()}).
     */
    public static void checkCancelled() {
        Frame.checkpoint();
    }

    /** The task running on this thread, if any (asyncio: {@code asyncio.current_task()}). */
    public static Optional<Task<?>> currentTask() {
        return Optional.ofNullable(Frame.currentTask());
    }

    /**
     * Every live Weft task, in tree order (asyncio: {@code asyncio.all_tasks()}, for all runs and groups
     * of the JVM). A snapshot: tasks may finish while you look.
     */
    public static List<Task<?>> liveTasks() {
        return TaskTree.liveTasks();
    }

    /**
     * The live scopes and tasks as indented text: names, states and the Weft call each task is
     * waiting in (asyncio: {@code python -m asyncio pstree}; Kotlin: {@code DebugProbes.dumpCoroutines()}).
     */
    public static String dumpTaskTree() {
        return TaskTree.dump();
    }

    /**
     * Warms the paths a large fan-out runs through (about 0.3 s, once), for a program that starts a
     * very large fan-out of sleeping tasks right after start-up: in a fresh JVM the first fan-out of
     * a million {@code sleep}ing tasks otherwise pays one JIT deoptimisation per task in the JDK's
     * virtual-thread sleep (about 14 s instead of about 5 s on 2 cores). Optional; nothing else
     * needs it.
     */
    public static void warmUp() {
        WarmUp.run();
    }

    /** The name of the engine that runs Weft's tasks, such as {@code "virtual"}. */
    public static String engineName() {
        return Engines.current().name();
    }
}
