package dev.weft;

import java.time.Duration;
import java.util.Optional;

/**
 * Why {@link Weft#retry retry} stopped retrying: attached as a suppressed exception to the failure it
 * throws (the last attempt's own, so that {@code catch (ItsType e)} still works), never thrown by itself.
 *
 * <p>Failsafe reports the same through {@code ExecutionCompletedEvent}; Resilience4j throws
 * {@code MaxRetriesExceededException} only for retried results; tenacity wraps the last failure in a
 * {@code RetryError}. Here the failure stays what it was and this note rides along:
 *
 * <pre>{@code
 * try {
 *     retry(policy, () -> fetch(url));
 * } catch (IOException | RuntimeException e) {
 *     RetryGaveUpException.on(e).ifPresent(why -> log.warn("gave up: {}", why.getMessage()));
 * }
 * }</pre>
 */
public final class RetryGaveUpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What ran out. */
    public enum Reason {
        /** The policy's {@code maxAttempts} were all used. */
        MAX_ATTEMPTS,
        /** The next attempt would have started after the policy's {@code maxElapsed}. */
        MAX_ELAPSED,
        /** The enclosing deadline (a {@code timeout}, {@code waitFor}) would pass before the next attempt. */
        DEADLINE,
        /** The shared {@link RetryBudget} allowed no more retries. */
        BUDGET
    }

    private final Reason reason;
    private final int attempts;
    private final transient Duration elapsed;

    RetryGaveUpException(Reason reason, int attempts, Duration elapsed, String detail) {
        super("gave up retrying after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " in "
                + elapsed.toMillis() + " ms: " + detail, null, false, false);
        this.reason = reason;
        this.attempts = attempts;
        this.elapsed = elapsed;
    }

    /** What ran out. */
    public Reason reason() {
        return reason;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }

    /** The time from the first attempt's start to giving up, on Weft's clock. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The note {@code retry} attached to {@code failure} (or to its cause), if it gave up retrying. */
    public static Optional<RetryGaveUpException> on(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 16; t = t.getCause()) {
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof RetryGaveUpException r) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }
}
