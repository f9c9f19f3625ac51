package dev.weft;

/**
 * The body of {@link TaskGroup#execute(GroupAction)}: it receives the open group, may spawn into it,
 * and returns nothing (the void form of {@link GroupBody}).
 *
 * <p>asyncio equivalent: the body of {@code async with asyncio.TaskGroup() as g:}; Kotlin: the block of
 * {@code coroutineScope { }} when its value is not used.
 *
 * <pre>{@code
 * TaskGroup.execute(g -> {
 *     for (String url : urls) {
 *         g.spawn(() -> fetch(url));
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface GroupAction {
    /** Runs the body with the open group {@code g}. */
    void accept(TaskGroup g) throws Exception;
}
