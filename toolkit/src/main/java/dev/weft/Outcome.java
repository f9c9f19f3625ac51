package dev.weft;

import dev.weft.internal.Failures;
import java.util.Objects;

/**
 * The settled result of one task: a {@link Success} with its value or a {@link Failure} with its error.
 *
 * <p>asyncio equivalent: one element of {@code asyncio.gather(..., return_exceptions=True)}'s list (a
 * value or an exception object). A cancelled task is a {@code Failure} whose error is a
 * {@link CancelledException}. Returned by {@link Weft#gatherSettled}.
 *
 * <pre>{@code
 * for (Outcome<String> o : gatherSettled(List.of(() -> "a", () -> { throw new IOException("b"); }))) {
 *     switch (o) {
 *         case Outcome.Success<String> s -> log.info("ok {}", s.value());
 *         case Outcome.Failure<String> f -> log.info("failed {}", f.error());
 *     }
 * }
 * }</pre>
 *
 * @param <T> the type of the value
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure {

    /** A task that completed normally with {@code value} (which may be {@code null}). */
    record Success<T>(T value) implements Outcome<T> {
    }

    /** A task that failed with {@code error}, or was cancelled ({@code error} is a {@link CancelledException}). */
    record Failure<T>(Throwable error) implements Outcome<T> {
        /** @throws NullPointerException if {@code error} is null */
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Whether this is a {@link Success}. */
    default boolean isSuccess() {
        return this instanceof Success;
    }

    /**
     * The value of a success; for a failure, rethrows its error (unchecked as itself, checked wrapped
     * in {@link TaskFailedException}).
     */
    default T valueOrThrow() {
        if (this instanceof Success<T> s) {
            return s.value();
        }
        Throwable error = ((Failure<T>) this).error();
        throw Failures.unchecked(error);
    }

    /** A success holding {@code value}. */
    static <T> Outcome<T> success(T value) {
        return new Success<>(value);
    }

    /** A failure holding {@code error}. */
    static <T> Outcome<T> failure(Throwable error) {
        return new Failure<>(error);
    }
}
