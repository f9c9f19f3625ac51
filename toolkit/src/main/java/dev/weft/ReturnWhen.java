package dev.weft;

/**
 * When {@link Weft#waitTasks} returns: asyncio's {@code return_when} constants, same names, same meaning.
 *
 * <pre>{@code
 * DoneAndPending<String> r = waitTasks(List.of(a, b, c), ReturnWhen.FIRST_COMPLETED);
 * }</pre>
 */
public enum ReturnWhen {
    /** As soon as any task is done (succeeded, failed or cancelled). */
    FIRST_COMPLETED,
    /** As soon as any task fails with an exception (a cancel does not count), or when all are done. */
    FIRST_EXCEPTION,
    /** When every task is done. */
    ALL_COMPLETED
}
