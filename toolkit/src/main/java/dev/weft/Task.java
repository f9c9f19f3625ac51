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
 * exception is not lost.
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
     * itself is cancelled, or its group fails, while waiting, that is what this call throws.
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
     * already done, {@code true} otherwise; the task becomes done once its cleanup has run.
     */
    boolean cancel();

    /** Same as {@link #cancel()}; the flag is ignored because a Weft task is always interrupted. */
    @Override
    default boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * Runs {@code callback} once the task is done (asyncio: {@code add_done_callback}): on the task's
     * thread as it completes, or at once on the caller's thread if it is already done. An exception
     * thrown by a callback run at completion is reported to the task's scope like a task failure.
     */
    void onDone(Consumer<? super Task<T>> callback);
}
