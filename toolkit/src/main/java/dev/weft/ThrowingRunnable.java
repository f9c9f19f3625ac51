package dev.weft;

/**
 * A body of work that returns nothing and may throw: the void form of {@link java.util.concurrent.Callable}.
 *
 * <p>Used by the void overloads, such as {@link Weft#run(ThrowingRunnable)}, so that a coroutine
 * without a result needs no {@code return null}.
 *
 * <pre>{@code
 * Weft.run(() -> {
 *     sleep(Duration.ofMillis(10));
 *     log.info("done");
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ThrowingRunnable {
    /** Runs the body. */
    void run() throws Exception;
}
