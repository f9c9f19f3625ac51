package dev.weft;

import java.util.Set;

/**
 * What {@link Weft#waitTasks} returns: the tasks that are done and those still pending, as asyncio's
 * {@code done, pending = await asyncio.wait(...)}. Both sets keep the order of the argument.
 *
 * <pre>{@code
 * DoneAndPending<Integer> r = waitTasks(tasks, ReturnWhen.FIRST_COMPLETED);
 * r.done().forEach(t -> log.info("{} -> {}", t.name(), t.result()));
 * r.pending().forEach(Task::cancel);   // waitTasks itself cancels nothing
 * }</pre>
 *
 * @param done the finished tasks
 * @param pending the tasks still running
 * @param <T> the type of the tasks' values
 */
public record DoneAndPending<T>(Set<Task<T>> done, Set<Task<T>> pending) {
    /** Copies both sets (unmodifiable, order kept). */
    public DoneAndPending {
        done = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(done));
        pending = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(pending));
    }
}
