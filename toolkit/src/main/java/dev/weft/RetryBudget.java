package dev.weft;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket shared by many {@link Weft#retry retry} calls that stops retries when too many
 * attempts fail, so that retrying cannot multiply the load on a service that is already down.
 *
 * <p>gRPC's retry throttling, exactly: the bucket starts full with {@code maxTokens}; every failed
 * attempt takes one token, every successful call gives back {@code tokenRatio}; a retry is allowed
 * only while more than half of {@code maxTokens} remain. Finagle's {@code RetryBudget} and Envoy's
 * retry budgets serve the same purpose; Resilience4j and Failsafe have none. asyncio has none either
 * ({@code tenacity} neither). Share one budget among every call to the same service:
 *
 * <pre>{@code
 * RetryBudget budget = RetryBudget.of(10, 0.1);     // 10 tokens; 10 successes earn one retry back
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).budget(budget).build();
 * String page = retry(policy, () -> fetch(url));     // gives up at once while the budget is spent
 * }</pre>
 *
 * <p>Thread-safe and lock-free: the tokens are kept in thousandths in one atomic counter.
 */
public final class RetryBudget {
    private static final long SCALE = 1000;

    private final int maxTokens;
    private final double tokenRatio;
    private final long max;
    private final long threshold;
    private final long refund;
    private final AtomicLong tokens;

    private RetryBudget(int maxTokens, double tokenRatio) {
        this.maxTokens = maxTokens;
        this.tokenRatio = tokenRatio;
        this.max = maxTokens * SCALE;
        this.threshold = max / 2;
        this.refund = Math.round(tokenRatio * SCALE);
        this.tokens = new AtomicLong(max);
    }

    /**
     * A full budget of {@code maxTokens} tokens that a success refills by {@code tokenRatio} (gRPC:
     * {@code retryThrottling {maxTokens, tokenRatio}}).
     *
     * @throws IllegalArgumentException if {@code maxTokens} is not positive or {@code tokenRatio} is not
     *         in (0, maxTokens]
     */
    public static RetryBudget of(int maxTokens, double tokenRatio) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        if (!(tokenRatio > 0) || tokenRatio > maxTokens) {
            throw new IllegalArgumentException("tokenRatio must be in (0, maxTokens]: " + tokenRatio);
        }
        return new RetryBudget(maxTokens, tokenRatio);
    }

    /** Whether a retry is allowed now: more than half of the tokens are left. */
    public boolean allowsRetry() {
        return tokens.get() > threshold;
    }

    /** The tokens left, for monitoring (fractions count: 4.5 means four and a half). */
    public double tokens() {
        return tokens.get() / (double) SCALE;
    }

    /** A failed attempt takes a token. */
    void onFailure() {
        tokens.updateAndGet(t -> Math.max(0, t - SCALE));
    }

    /** A successful call gives back {@code tokenRatio}. */
    void onSuccess() {
        tokens.updateAndGet(t -> Math.min(max, t + refund));
    }

    @Override
    public String toString() {
        return "RetryBudget[" + tokens() + " of " + maxTokens + " tokens, " + tokenRatio + " back per success]";
    }
}
