package dev.weft;

/**
 * Carries a checked exception thrown by a task body out of an API that cannot declare it;
 * {@link #getCause()} is the original exception.
 *
 * <p>Unchecked exceptions and errors are rethrown as themselves (so {@code catch (ItsType e)} works);
 * only checked ones arrive wrapped in this type. asyncio has no equivalent because Python has no
 * checked exceptions; Kotlin likewise rethrows the original.
 *
 * <pre>{@code
 * try {
 *     gather(() -> Files.readString(path));
 * } catch (TaskFailedException e) {
 *     IOException io = (IOException) e.getCause();
 * }
 * }</pre>
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}, a checked exception thrown by a task. */
    public TaskFailedException(Throwable cause) {
        super("task failed with " + cause, cause);
    }

    /** Wraps {@code cause} with a message of its own. */
    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
