package dev.weft;

/**
 * A function that may throw a checked exception: the mapping step of {@link Concurrently} and
 * {@link Generator#mapConcurrent}.
 *
 * <p>Like {@link ThrowingRunnable} for {@code Runnable}, it spares a task body the try/catch that
 * {@link java.util.function.Function} would force; a checked exception it throws arrives wrapped in
 * {@link TaskFailedException}.
 *
 * <pre>{@code
 * ThrowingFunction<Path, String> read = Files::readString;
 * List<String> texts = Concurrently.map(paths, 4, read);
 * }</pre>
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ThrowingFunction<T, R> {
    /** Applies the function to {@code value}. */
    R apply(T value) throws Exception;
}
