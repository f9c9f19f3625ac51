package dev.weft;

import java.time.Duration;

/**
 * Thrown at once by {@link CircuitBreaker#call} while the breaker is open (or half-open with every
 * probe permit taken): the body was not run.
 *
 * <p>Resilience4j: {@code CallNotPermittedException}; Failsafe: {@code CircuitBreakerOpenException};
 * Python's {@code pybreaker}: {@code CircuitBreakerError}. {@link RetryPolicy}'s default does not
 * retry it.
 *
 * <pre>{@code
 * try {
 *     return breaker.call(() -> fetch(url));
 * } catch (CircuitOpenException e) {
 *     return cached(url);                          // fail fast, serve something else
 * }
 * }</pre>
 */
public final class CircuitOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String breaker;
    private final transient Duration retryAfter;

    CircuitOpenException(String breaker, CircuitBreaker.State state, Duration retryAfter) {
        super("circuit breaker " + breaker + " is " + state + (retryAfter.isZero()
                ? ": every probe permit is taken"
                : ": calls are refused for another " + retryAfter.toMillis() + " ms"), null, false, false);
        this.breaker = breaker;
        this.retryAfter = retryAfter;
    }

    /** The name of the breaker that refused the call. */
    public String breakerName() {
        return breaker;
    }

    /** How long until the breaker lets a probe through (zero when half-open with every probe taken). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
