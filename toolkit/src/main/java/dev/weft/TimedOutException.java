package dev.weft;

/**
 * Thrown when a deadline set by {@link Weft#timeout}, {@link Weft#waitFor} or another Weft deadline
 * passes.
 *
 * <p>asyncio equivalent: {@code TimeoutError} raised by {@code asyncio.timeout} and
 * {@code asyncio.wait_for}; Trio: {@code TooSlowError} from {@code fail_after}; Kotlin:
 * {@code TimeoutCancellationException}.
 *
 * <p>Only the scope whose own deadline passed reports it: a cancel from outside stays a
 * {@link CancelledException}, and an inner timeout lets an outer one's exception pass. The message
 * names the duration and the task (or thread) the deadline fired in, for example "the timeout of
 * 2 s expired in task fetcher". When the body failed because of the deadline's interrupt in another
 * form (see {@link CancelledException#causedByInterrupt}), that exception is the cause.
 *
 * <pre>{@code
 * try {
 *     String page = waitFor(Duration.ofSeconds(2), () -> fetch(url));
 * } catch (TimedOutException e) {
 *     log.info("too slow: {}", e.getMessage());
 * }
 * }</pre>
 */
public class TimedOutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the deadline that passed. */
    public TimedOutException(String message) {
        super(message);
    }
}
