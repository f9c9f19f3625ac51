package dev.weft;

/**
 * The producer's end of a {@link Generator}: {@link #emit} hands one value to the consumer, waiting
 * while the generator's buffer is full.
 *
 * <p>asyncio equivalent: the {@code yield} statement inside an {@code async def} generator; Kotlin:
 * {@code FlowCollector.emit} in a {@code flow { }} builder.
 *
 * <pre>{@code
 * try (var lines = Generator.<String>of(out -> {
 *     for (String line : Files.readAllLines(path)) {
 *         out.emit(line);   // waits until the consumer has room
 *     }
 * })) {
 *     for (String line : lines) log.info("{}", line);
 * }
 * }</pre>
 *
 * <p>Weft creates emitters; it is safe for several tasks of one producer to emit concurrently.
 *
 * @param <T> the type of the values
 */
public interface Emitter<T> {
    /**
     * Hands {@code value} to the consumer, blocking while the buffer is full (back-pressure).
     * Cancellable: when the generator is closed or the producer cancelled, it throws
     * {@link CancelledException}; it also honours the producer's timeouts. A cancellation point at
     * entry and at wake-up: in a cancelled task (outside {@code shield}) it throws at once even when
     * there is room, and an emit that throws handed nothing over, so retrying never duplicates.
     *
     * @throws NullPointerException if {@code value} is null
     */
    void emit(T value);
}
