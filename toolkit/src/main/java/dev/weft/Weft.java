package dev.weft;

import dev.weft.internal.AsCompleted;
import dev.weft.internal.Bodies;
import dev.weft.internal.Deadlines;
import dev.weft.internal.EffectiveDeadline;
import dev.weft.internal.Engines;
import dev.weft.internal.FixtureAccess;
import dev.weft.internal.Frame;
import dev.weft.internal.Futures;
import dev.weft.internal.Gather;
import dev.weft.internal.Names;
import dev.weft.internal.Roots;
import dev.weft.internal.ScopeImpl;
import dev.weft.internal.Shield;
import dev.weft.internal.Sleeping;
import dev.weft.internal.TaskTree;
import dev.weft.internal.TasksMBean;
import dev.weft.internal.ToThread;
import dev.weft.internal.WarmUp;
import dev.weft.internal.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.stream.Stream;

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
    static {
        // weft-test-fixtures on the class path beside a named dev.weft (Surefire's module-path runs)
        FixtureAccess.exportToClassPathFixtures();
    }

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
     * Runs {@code main} as the root of a named tree (asyncio: {@code asyncio.run(main())}; the name
     * shows in {@link #dumpTaskTree()} and logs instead of {@code weft-main}). Otherwise like
     * {@link #run(Callable)}.
     *
     * <pre>{@code
     * Report r = Weft.run("nightly-report", () -> buildReport());
     * }</pre>
     */
    public static <T> T run(String name, Callable<T> main) {
        return Roots.run(Names.checked(name, "name"), Objects.requireNonNull(main, "main"));
    }

    /**
     * Runs a program's {@code main} with graceful shutdown and exits the JVM with a meaningful code:
     * {@link WeftApp#run(String[], WeftApp.Main)} (Ox: {@code OxApp}; asyncio: {@code asyncio.run}'s Ctrl-C handling).
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     Weft.runApp(args, argv -> serve(argv));   // SIGTERM: tree cancelled, cleanup, exit 143
     * }
     * }</pre>
     */
    public static void runApp(String[] args, WeftApp.Main main) {
        WeftApp.run(args, main);
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
     * The void form of {@link #spawn(Callable)}: starts a body that returns nothing, with no
     * {@code return null} (its task's {@code join()} returns {@code null}). Java picks this form for a
     * block without a value ({@code spawn(() -> { log.info("x"); })}) and the {@code Callable} form for
     * a lambda that returns one, or that only throws ({@code () -> { throw new IOException(); }}), as
     * {@code ExecutorService.submit} does.
     *
     * <pre>{@code
     * Task<Void> ping = spawn(() -> { sleep(Duration.ofSeconds(1)); log.info("ping"); });
     * }</pre>
     *
     * @throws IllegalStateException outside {@link #run}, a {@link TaskGroup} or a task
     */
    public static Task<Void> spawn(ThrowingRunnable body) {
        Objects.requireNonNull(body, "body");
        return ScopeImpl.enclosing().spawn(null, Bodies.callable(body));
    }

    /** Like {@link #spawn(ThrowingRunnable)}, naming the task and its virtual thread. */
    public static Task<Void> spawn(String name, ThrowingRunnable body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return ScopeImpl.enclosing().spawn(name, Bodies.callable(body));
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
     * The stream form of {@link #gather(Callable[])}: gathers the bodies a stream yields, in its order.
     *
     * <pre>{@code
     * List<Integer> squares = gather(IntStream.range(0, 3).mapToObj(i -> (Callable<Integer>) () -> i * i));
     * }</pre>
     * A lambda needs a target type, so a stream of lambdas needs that cast; {@link #gather(Collection,
     * ThrowingFunction)} needs none.
     */
    public static <T> List<T> gather(Stream<? extends Callable<? extends T>> bodies) {
        return Gather.all(Objects.requireNonNull(bodies, "bodies").toList());
    }

    /**
     * Runs {@code body} once per item, all concurrently, and returns the values in item order; fail-fast
     * like {@link #gather(Callable[])} (asyncio: {@code await asyncio.gather(*(fetch(u) for u in urls))}).
     * No limit on how many run at once: {@link #mapConcurrent} takes one.
     *
     * <pre>{@code
     * List<String> pages = gather(urls, url -> fetch(url));
     * }</pre>
     */
    public static <T, R> List<R> gather(Collection<? extends T> items, ThrowingFunction<? super T, ? extends R> body) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(body, "body");
        return Gather.all(Bodies.calls(items, body));
    }

    /**
     * {@link #gather(Callable[])} with names for the dumps: the gather's scope is named {@code name}
     * and its children {@code name[0]}, {@code name[1]}, ... in argument order (asyncio: naming each
     * task with {@code create_task(c, name=...)} before gathering them).
     *
     * <pre>{@code
     * List<Quote> quotes = gather("quotes", () -> quote("a"), () -> quote("b"));  // tasks quotes[0], quotes[1]
     * }</pre>
     */
    @SafeVarargs
    public static <T> List<T> gather(String name, Callable<? extends T>... bodies) {
        return Gather.all(Names.checked(name, "name"), Arrays.asList(Objects.requireNonNull(bodies, "bodies")));
    }

    /** The collection form of {@link #gather(String, Callable[])}. */
    public static <T> List<T> gather(String name, Collection<? extends Callable<? extends T>> bodies) {
        return Gather.all(Names.checked(name, "name"), Objects.requireNonNull(bodies, "bodies"));
    }

    /** {@link #gatherSettled(Callable[])} with the gather and its children named as in {@link #gather(String, Callable[])}. */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(String name, Callable<? extends T>... bodies) {
        return Gather.settled(Names.checked(name, "name"), Arrays.asList(Objects.requireNonNull(bodies, "bodies")));
    }

    /** The collection form of {@link #gatherSettled(String, Callable[])}. */
    public static <T> List<Outcome<T>> gatherSettled(String name, Collection<? extends Callable<? extends T>> bodies) {
        return Gather.settled(Names.checked(name, "name"), Objects.requireNonNull(bodies, "bodies"));
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
     * fires at once: the body does not run. The body learns of the expiry as {@link TimedOutException};
     * a body that catches it and returns a value makes this call return that value. A body that fails
     * because the deadline interrupted it (an exception caused by the interrupt, see
     * {@link CancelledException#causedByInterrupt}) gives {@code TimedOutException} with that exception
     * as its cause. In a cancelled task it throws the cancel at once. A task spawned in the body
     * belongs to the enclosing group and is not bounded by the deadline; to bound a task, use
     * {@link #waitFor(Duration, Task)}.
     */
    public static <T> T waitFor(Duration timeout, Callable<T> body) {
        return Deadlines.waitFor(Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(body, "body"));
    }

    /**
     * Waits for {@code task} at most {@code timeout}; on expiry cancels it, waits for its cleanup, and
     * throws {@link TimedOutException} (asyncio: {@code await asyncio.wait_for(task, t)}). If the task
     * finishes anyway (its value arrived before the cancel could take effect, or it failed with its
     * own exception during cleanup) that value or failure is the result. Unlike
     * {@code waitFor(d, task::join)}, which bounds only the join and leaves the task running, this
     * form cancels the task; a cancel of the caller does not (as with {@link Task#join()}). A zero or
     * negative timeout returns a done task's value and expires at once otherwise.
     *
     * <pre>{@code
     * Task<String> page = spawn(() -> fetch(url));
     * try {
     *     log.info("got {}", waitFor(Duration.ofSeconds(2), page));
     * } catch (TimedOutException e) {
     *     log.info("gave up; page is cancelled and its cleanup done: {}", page.isCancelled());
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code task} is not a Weft task
     */
    public static <T> T waitFor(Duration timeout, Task<T> task) {
        return Deadlines.waitFor(Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(task, "task"));
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
     * absorbed: an outer timeout or a cancel still propagates. Like {@link #waitFor(Duration, Callable)},
     * a body that fails because the deadline interrupted it also gives {@code null}.
     */
    public static <T> T timeoutOrNull(Duration timeout, Callable<T> body) {
        return Deadlines.orNull(Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(body, "body"));
    }

    /**
     * Runs {@code body} to completion even if the caller is cancelled meanwhile, then lets the caller
     * see the cancel (asyncio: {@code await asyncio.shield(c)}; Trio: a shielded cancel scope). The
     * body runs on the calling thread, so nothing outlives the call. A cancel or timeout that arrived
     * just before (while the caller computed) does not reach the body either: it is thrown at the exit.
     */
    public static <T> T shield(Callable<T> body) {
        return Shield.run(Objects.requireNonNull(body, "body"));
    }

    /**
     * The tasks in the order they complete (asyncio: {@code asyncio.as_completed}); the iterator's
     * {@code next()} blocks until the next one is done and is cancellable: a cancellation point at
     * entry and at wake-up (in a cancelled task it throws even when a task is done, and the task it
     * did not return stays for the next call). Its done-callbacks go away when the tasks have all
     * been returned, when a {@code next()} throws, or with an iterator left early.
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
     * is not shadowed by {@code Object.wait}. A cancellation point at entry and at wake-up: in a
     * cancelled task it throws even when the condition already holds. The done-callbacks it puts on
     * the tasks are removed when it returns, so a long-lived task watched by many calls keeps none.
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
     * order; fail-fast like {@link #gather} (asyncio: gather + semaphore in one call). A
     * {@code CancellationException} a call throws while nobody cancelled the caller is a failure like
     * any other; in a cancelled task the call throws at once.
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

    /**
     * Time left before the current code is cancelled by a deadline: the nearest of the timeouts around
     * it, its own and those around the groups it was spawned into, up to a shield (Trio:
     * {@code trio.current_effective_deadline()}; asyncio has none). Empty when no deadline applies;
     * zero once one has passed or the task is cancelled. On Weft's clock (virtual time in tests).
     * Hand it on to calls that take their own timeout:
     *
     * <pre>{@code
     * waitFor(Duration.ofSeconds(2), () -> gather(
     *         () -> http.send(request.timeout(remainingTime().orElse(MAX)).build(), ofString()),
     *         () -> { statement.setQueryTimeout((int) remainingTime().orElse(MAX).toSeconds()); ... }));
     * }</pre>
     */
    public static Optional<Duration> remainingTime() {
        return EffectiveDeadline.remaining();
    }

    /**
     * The current code's effective deadline (see {@link #remainingTime()}) as a wall-clock instant,
     * {@link Instant#now()} plus the time left; for APIs that take an absolute deadline. Under virtual
     * time the instant is still anchored at the real now: prefer {@link #remainingTime()} there.
     */
    public static Optional<Instant> currentDeadline() {
        return EffectiveDeadline.deadline();
    }

    /**
     * Waits for {@code stage} as a Weft blocking call and returns its value (asyncio:
     * {@code await asyncio.wrap_future(f)}; Kotlin: {@code CompletionStage.await()}). Its failure is
     * rethrown: unchecked as itself, checked wrapped in {@link TaskFailedException}. If the calling
     * task is cancelled or a timeout around it fires meanwhile, the stage's future is cancelled and
     * the task's {@link CancelledException} or {@link TimedOutException} is thrown.
     *
     * <pre>{@code
     * CompletableFuture<HttpResponse<String>> f = http.sendAsync(request, ofString());
     * HttpResponse<String> r = waitFor(Duration.ofSeconds(2), () -> await(f));   // cancels f on timeout
     * }</pre>
     */
    public static <T> T await(CompletionStage<T> stage) {
        return Futures.awaitStage(Objects.requireNonNull(stage, "stage"));
    }

    /**
     * Waits for {@code future} as a Weft blocking call, like {@link #await(CompletionStage)}: value,
     * failure rethrown, and cancelled ({@code cancel(true)}) if the caller is cancelled or times out
     * (asyncio: {@code await asyncio.wrap_future(f)}). A future cancelled by somebody else gives a
     * {@link CancelledException}.
     *
     * <pre>{@code
     * Future<Report> f = legacyExecutor.submit(() -> buildReport());
     * Report r = awaitFuture(f);
     * }</pre>
     */
    public static <T> T awaitFuture(Future<T> future) {
        return Futures.awaitFuture(Objects.requireNonNull(future, "future"));
    }

    /**
     * Runs {@code body} on a platform thread of Weft's default pool and waits for it (asyncio:
     * {@code await asyncio.to_thread(f)}; Kotlin: {@code withContext(Dispatchers.IO)}), for CPU-bound
     * work or native code that would pin a virtual thread's carrier. The pool has
     * {@code min(32, cores + 4)} daemon threads named {@code weft-to-thread-N}; the body sees the
     * caller's context variables and MDC. Cancelling the calling task (or a timeout around it)
     * interrupts the body's thread, and the call returns only once the body has ended: nothing
     * outlives it. The body's value is returned, its failure rethrown as {@link Task#join()} does.
     * The body is not a task: Weft calls in it act as on any plain thread, so read
     * {@link #remainingTime()} before the call if the body needs the deadline.
     *
     * <pre>{@code
     * byte[] digest = toThread(() -> MessageDigest.getInstance("SHA-256").digest(bigArray));
     * List<Image> thumbs = mapConcurrent(files, 4, f -> toThread(() -> thumbnail(f)));
     * }</pre>
     */
    public static <T> T toThread(Callable<T> body) {
        return ToThread.call(ToThread.defaultPool(), Objects.requireNonNull(body, "body"));
    }

    /**
     * Like {@link #toThread(Callable)}, on {@code executor} (asyncio:
     * {@code loop.run_in_executor(executor, f)}). The executor must run the body on a thread of its
     * own, later or at once; a {@code RejectedExecutionException} it throws leaves this call.
     *
     * <pre>{@code
     * ExecutorService jdbcPool = Executors.newFixedThreadPool(8);
     * int rows = toThread(jdbcPool, () -> statement.executeUpdate(sql));
     * }</pre>
     */
    public static <T> T toThread(Executor executor, Callable<T> body) {
        return ToThread.call(Objects.requireNonNull(executor, "executor"), Objects.requireNonNull(body, "body"));
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
     * Registers the task tree as a JMX MBean, {@code dev.weft:type=Tasks} (attribute
     * {@code LiveTaskCount}, operation {@code dumpTaskTree()}), so it can be read from outside the
     * process with JConsole or JDK Mission Control (asyncio: {@code python -m asyncio pstree <pid>};
     * Kotlin: the coroutine debug agent's JMX). Opt-in, idempotent; returns false if it was registered
     * already.
     *
     * <pre>{@code
     * Weft.registerMBean();   // at start-up; then: jconsole -> MBeans -> dev.weft -> Tasks -> dumpTaskTree
     * }</pre>
     *
     * @throws UnsupportedOperationException if module {@code java.management} is not in the module graph
     */
    public static boolean registerMBean() {
        return TasksMBean.register();
    }

    /**
     * Warms the paths a large fan-out runs through (about 0.3 s of 20,000 short tasks), which a gather
     * of 50,000 bodies or more also does by itself, once per JVM, before it starts. In a fresh JVM the
     * first fan-out of a million {@code sleep}ing tasks otherwise pays one JIT deoptimisation per task
     * in the JDK's virtual-thread sleep (about 14 s instead of about 5 s on 2 cores). Call it yourself
     * when the first large fan-out is not a gather (a {@link TaskGroup} spawning in a loop, a
     * {@code mapConcurrent}), or to take the 0.3 s at start-up rather than at the first large gather.
     * No asyncio or Kotlin equivalent: it is about the JVM's JIT.
     *
     * <p>The automatic warm-up: a {@code gather} or {@code gatherSettled} (any form) of at
     * least 50,000 bodies (system property {@code weft.autoWarmUp}: another size, or {@code off}) in a
     * JVM that has not warmed up yet (by either way) first runs this, then its own children. A smaller
     * gather pays one comparison for it. It is skipped in virtual time (whose sleeps do not reach the
     * JDK's sleep) and in a cancelled task; a gather started while another thread warms up goes ahead
     * without waiting. The warm-up's tasks are ordinary Weft tasks under a root named
     * {@code weft-warm-up}, in real time: task listeners and metrics see them.
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     Weft.warmUp();   // before a TaskGroup that spawns a million sleepers
     *     Weft.run(() -> { ... });
     * }
     * }</pre>
     */
    public static void warmUp() {
        WarmUp.run();
    }

    /** The name of the engine that runs Weft's tasks, such as {@code "virtual"}. */
    public static String engineName() {
        return Engines.current().name();
    }
}
