package dev.weft;

import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A running piece of work on its own virtual thread, owned by a scope; a {@link Future} you can also
 * {@link #join()} like an {@code await}.
 *
 * <p>asyncio equivalent: {@code asyncio.Task} (from {@code create_task}); Kotlin: {@code Deferred};
 * Trio has no task objects. Create one with {@link Weft#spawn} or {@link TaskGroup#spawn}.
 *
 * <pre>{@code
 * Task<String> coffee = spawn("coffee", () -> { sleep(Duration.ofSeconds(3)); return "coffee"; });
 * Task<String> bagel = spawn("bagel", () -> { sleep(Duration.ofSeconds(2)); return "bagel"; });
 * log.info("{} and {}", coffee.join(), bagel.join());   // about 3 s, not 5
 * }</pre>
 *
 * <p>Cancellation follows asyncio, not {@code FutureTask}: {@link #cancel()} asks the task to stop
 * (its virtual thread is interrupted and its Weft calls throw {@link CancelledException}); the task is
 * done, and {@link #isCancelled()} turns true, only once its cleanup ({@code finally} blocks) has run.
 * A task that fails with another exception while being cancelled ends {@code FAILED}, so that
 * exception is not lost. A task ends {@code CANCELLED} only if it was cancelled (its
 * {@code cancel()}, its group, an enclosing deadline): a {@link java.util.concurrent.CancellationException}
 * escaping a task nobody cancelled, for example from joining a cancelled task, makes it
 * {@code FAILED} with that exception (a plain {@link InterruptedException} escaping still counts as a
 * cancel: an interrupt Weft did not send means "stop"). A cancelled task whose body fails with an exception caused by
 * Weft's interrupt (see {@link CancelledException#causedByInterrupt}) ends {@code CANCELLED} with that
 * exception as the cause of its {@link CancelledException}. A task spawned into a cancelled or
 * failing group is born cancelled: its body never runs (Kotlin's rule; asyncio raises instead).
 *
 * <p><b>Memory consistency effects.</b> Actions in the spawning thread before {@code spawn} happen-before
 * the body starts. Actions of the body happen-before a return from {@link #join()}, {@code get},
 * {@link #result()} or {@link #exception()} that reports its outcome, and before an {@link #onDone}
 * callback runs (as {@link java.util.concurrent.FutureTask} promises for {@code get}).
 *
 * <p><b>General exceptions.</b> A {@code null} argument throws {@link NullPointerException} naming it.
 * The waiting methods ({@code join}, {@code get}) throw {@link CancelledException} when the
 * <em>calling</em> task is cancelled and {@link TimedOutException} when its deadline passes; a
 * failure of the awaited task is rethrown as itself if unchecked, wrapped in
 * {@link TaskFailedException} if checked ({@code get} wraps it in {@code ExecutionException}).
 * {@link #result()} and {@link #exception()} throw {@link IllegalStateException} while the task runs.
 *
 * @param <T> the type of the task's value
 */
public interface Task<T> extends Future<T> {

    /** The task's name: the one given to {@code spawn(name, ...)}, or a generated {@code task-N}. */
    String name();

    /**
     * Waits for the task and returns its value (asyncio: {@code await task}).
     *
     * <p>A failure is rethrown: unchecked exceptions and errors as themselves, checked ones wrapped in
     * {@link TaskFailedException}; a cancelled task throws {@link CancelledException}. If the caller
     * itself is cancelled, or its group fails, while waiting, that is what this call throws; in a
     * cancelled caller it throws even if this task is already done. Cancelling the caller never
     * cancels this task (Kotlin's {@code await}): {@code waitFor(d, task::join)} bounds only the join,
     * while {@link Weft#waitFor(java.time.Duration, Task)} cancels the task on expiry.
     */
    T join();

    /**
     * The value of a task that completed normally, without waiting (asyncio: {@code task.result()}).
     *
     * @throws IllegalStateException while the task is running
     * @throws CancelledException if the task was cancelled
     * @throws TaskFailedException (or the failure itself, if unchecked) if it failed
     */
    T result();

    /**
     * The exception of a finished task, without waiting (asyncio: {@code task.exception()}):
     * {@code null} after success, a {@link CancelledException} after cancellation, else the original
     * exception (a checked one unwrapped).
     *
     * @throws IllegalStateException while the task is running
     */
    Throwable exception();

    /**
     * Asks the task to stop (asyncio: {@code task.cancel()}). Returns {@code false} if the task is
     * already done (or has already fixed its outcome), {@code true} otherwise; the task becomes done
     * once its cleanup has run. {@code true} is a promise: the task will not end {@code SUCCESS}, even
     * if its body returns at that moment; it ends {@code CANCELLED}, or {@code FAILED} if its body
     * fails with an exception of its own meanwhile. Calling it again while the task stops returns
     * {@code true} again.
     */
    boolean cancel();

    /** Same as {@link #cancel()}; the flag is ignored because a Weft task is always interrupted. */
    @Override
    default boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * Runs {@code callback} once the task is done (asyncio: {@code add_done_callback}): on the task's
     * thread as it completes, or at once on the caller's thread if it is already done (then a
     * {@link ContextVar} change made inside the callback does not leak into the caller). An exception
     * thrown by a callback run at completion is reported to the task's scope like a task failure.
     */
    void onDone(Consumer<? super Task<T>> callback);

    /**
     * This task as a {@link java.util.concurrent.CompletableFuture}, for code that composes futures (asyncio: a task is
     * already a future; Kotlin: {@code Deferred.asCompletableFuture()}). The future completes when
     * the task is done: with its value, its original exception (a checked one unwrapped), or
     * cancelled. Cancelling the future cancels the task; the future is cancelled at once, the task
     * ends once its cleanup has run, and its group still waits for it. Counts as observing the task.
     *
     * <pre>{@code
     * CompletableFuture<String> f = spawn(() -> fetch(url)).toCompletableFuture();
     * legacyApi.onResult(f.thenApply(String::length));
     * }</pre>
     */
    default java.util.concurrent.CompletableFuture<T> toCompletableFuture() {
        return dev.weft.internal.Futures.of(this);
    }
}
