package dev.weft;

/**
 * The body of the lambda form {@link TaskGroup#run(GroupBody)}: it receives the open group, may spawn
 * into it, and returns a value.
 *
 * <pre>{@code
 * int sum = TaskGroup.run(g -> {
 *     Task<Integer> a = g.spawn(() -> 1);
 *     Task<Integer> b = g.spawn(() -> 2);
 *     return a.join() + b.join();
 * });
 * }</pre>
 *
 * @param <T> the value the body returns
 */
@FunctionalInterface
public interface GroupBody<T> {
    /** Runs the body with the open group {@code g}. */
    T apply(TaskGroup g) throws Exception;
}
