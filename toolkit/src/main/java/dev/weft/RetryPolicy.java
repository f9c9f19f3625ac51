package dev.weft;

import dev.weft.internal.ResilienceEvents;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * How {@link Weft#retry retry} retries: how many attempts, how long to wait between them, which
 * failures and results call for another attempt, and an optional shared {@link RetryBudget}. Immutable
 * and thread-safe; build one per kind of call and share it.
 *
 * <p>Python: {@code tenacity}'s {@code @retry(stop=..., wait=..., retry=...)}; Failsafe:
 * {@code RetryPolicy}; Resilience4j: {@code RetryConfig}; Ox (Scala): {@code retry(Schedule...)}.
 * Unlike those, Weft's retry knows the caller's deadline: it never sleeps past an enclosing
 * {@code timeout} or {@code waitFor}, it gives up early instead, and it never retries a cancellation.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *         .maxAttempts(4)
 *         .exponentialBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2))   // 100, 200, 400 ms
 *         .jitter(RetryPolicy.Jitter.FULL)
 *         .retryOn(e -> e instanceof IOException)
 *         .build();
 * String page = waitFor(Duration.ofSeconds(5), () -> retry(policy, () -> fetch(url)));
 * }</pre>
 *
 * <p>The delay before attempt {@code k + 1} ({@code k >= 1}) starts from a base: the fixed delay, or
 * {@code min(max, initial * multiplier^(k-1))} for exponential backoff; then the {@link Jitter} is
 * applied. Defaults: 3 attempts, exponential backoff from 100 ms doubling up to 10 s with full jitter,
 * no time limit, every {@link Exception} retried except a {@link CircuitOpenException} (and never a
 * cancellation or the caller's own deadline), no result retried, no budget.
 */
public final class RetryPolicy {
    /**
     * How a delay is randomised, so that many clients failing together do not retry together (the AWS
     * Architecture Blog's "Exponential Backoff And Jitter" names and compares these).
     */
    public enum Jitter {
        /** The base delay itself. */
        NONE,
        /** Uniform in {@code [0, base]}. */
        FULL,
        /** Half the base plus uniform in {@code [0, base / 2]}. */
        EQUAL,
        /** Uniform in {@code [initial, 3 * previous delay]}, at most {@code max}: each delay grows from the last one drawn. */
        DECORRELATED
    }

    private final int maxAttempts;
    private final long maxElapsedNanos;
    private final long initialNanos;
    private final double multiplier;
    private final long maxNanos;
    private final Jitter jitter;
    private final Predicate<? super Throwable> retryOn;
    private final Predicate<Object> retryOnResult;
    private final RetryBudget budget;
    private final Random random;
    /** Guards draws from a caller's {@link Random} shared by concurrent calls, so a seeded run stays exact. */
    private final ReentrantLock randomLock = new ReentrantLock();

    private RetryPolicy(Builder b) {
        ResilienceEvents.load();
        this.maxAttempts = b.maxAttempts;
        this.maxElapsedNanos = b.maxElapsed == null ? Long.MAX_VALUE : saturatedNanos(b.maxElapsed);
        this.initialNanos = saturatedNanos(b.initial);
        this.multiplier = b.multiplier;
        this.maxNanos = saturatedNanos(b.max);
        this.jitter = b.jitter;
        this.retryOn = b.retryOn;
        this.retryOnResult = b.retryOnResult;
        this.budget = b.budget;
        this.random = b.random;
    }

    /** A builder with the defaults described on the class. */
    public static Builder builder() {
        return new Builder();
    }

    /** A policy with every default: 3 attempts, exponential backoff from 100 ms with full jitter. */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** The most attempts a call makes, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The shared budget, or {@code null}. */
    RetryBudget budget() {
        return budget;
    }

    /** {@code Long.MAX_VALUE} when there is no time limit. */
    long maxElapsedNanos() {
        return maxElapsedNanos;
    }

    /** Whether an attempt's own failure calls for another attempt (cancellations never reach here). */
    boolean retriesOn(Throwable failure) {
        return retryOn.test(failure);
    }

    /** Whether an attempt's result calls for another attempt. */
    boolean retriesResult(Object result) {
        return retryOnResult != null && retryOnResult.test(result);
    }

    /**
     * The delay after failed attempt {@code attempt} (1 for the first), given the previous delay drawn
     * in this call ({@code 0} before the first); what {@link Jitter#DECORRELATED} grows from.
     */
    long delayNanos(int attempt, long previous) {
        long base = initialNanos;
        if (multiplier != 1.0) {
            double grown = initialNanos * Math.pow(multiplier, attempt - 1);
            base = grown >= maxNanos ? maxNanos : (long) grown;
        }
        return switch (jitter) {
            case NONE -> base;
            case FULL -> (long) (draw() * base);
            case EQUAL -> base / 2 + (long) (draw() * (base - base / 2));
            case DECORRELATED -> {
                long low = initialNanos;
                long high = Math.max(low, Math.min(maxNanos, previous <= 0 ? low : saturatedTimes3(previous)));
                yield low + (long) (draw() * (high - low));
            }
        };
    }

    private double draw() {
        if (random == null) {
            return ThreadLocalRandom.current().nextDouble();
        }
        randomLock.lock();
        try {
            return random.nextDouble();
        } finally {
            randomLock.unlock();
        }
    }

    private static long saturatedTimes3(long n) {
        return n > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : n * 3;
    }

    private static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) >= 0 ? Long.MAX_VALUE / 2 : d.toNanos();
    }

    @Override
    public String toString() {
        String schedule = multiplier == 1.0
                ? "fixed " + Duration.ofNanos(initialNanos)
                : "exponential " + Duration.ofNanos(initialNanos) + " x" + multiplier + " up to " + Duration.ofNanos(maxNanos);
        return "RetryPolicy[" + maxAttempts + " attempts, " + schedule + ", jitter " + jitter
                + (maxElapsedNanos == Long.MAX_VALUE ? "" : ", within " + Duration.ofNanos(maxElapsedNanos))
                + (budget == null ? "" : ", " + budget) + "]";
    }

    /**
     * Builds a {@link RetryPolicy}; every setter checks its argument at once and names it in the
     * exception. Not thread-safe; the policy it builds is.
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration maxElapsed;
        private Duration initial = Duration.ofMillis(100);
        private double multiplier = 2.0;
        private Duration max = Duration.ofSeconds(10);
        private Jitter jitter = Jitter.FULL;
        private Predicate<? super Throwable> retryOn = e -> e instanceof Exception && !(e instanceof CircuitOpenException);
        private Predicate<Object> retryOnResult;
        private RetryBudget budget;
        private Random random;

        private Builder() {
        }

        /**
         * At most {@code maxAttempts} attempts, the first one included (tenacity:
         * {@code stop_after_attempt}); {@code 1} means no retry.
         *
         * @throws IllegalArgumentException if {@code maxAttempts} is not positive
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Starts no attempt later than {@code maxElapsed} after the first one started (tenacity:
         * {@code stop_after_delay}); it does not cut an attempt short (use {@code waitFor} for that).
         *
         * @throws IllegalArgumentException if {@code maxElapsed} is negative
         */
        public Builder maxElapsed(Duration maxElapsed) {
            this.maxElapsed = nonNegative(maxElapsed, "maxElapsed");
            return this;
        }

        /**
         * The same {@code delay} between attempts (before jitter; set {@link Jitter#NONE} for exactly this).
         *
         * @throws IllegalArgumentException if {@code delay} is negative
         */
        public Builder fixedDelay(Duration delay) {
            nonNegative(delay, "delay");
            this.initial = delay;
            this.multiplier = 1.0;
            this.max = delay;
            return this;
        }

        /**
         * Delays of {@code initial}, {@code initial * multiplier}, ... up to {@code max} (before jitter).
         *
         * @throws IllegalArgumentException if a duration is negative, {@code max < initial}, or
         *         {@code multiplier < 1}
         */
        public Builder exponentialBackoff(Duration initial, double multiplier, Duration max) {
            nonNegative(initial, "initial");
            nonNegative(max, "max");
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be a finite number >= 1: " + multiplier);
            }
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max must not be less than initial: max " + max + ", initial " + initial);
            }
            this.initial = initial;
            this.multiplier = multiplier;
            this.max = max;
            return this;
        }

        /** How delays are randomised; {@link Jitter#NONE} for the exact schedule. */
        public Builder jitter(Jitter jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /**
         * Which failures of an attempt call for another one (tenacity: {@code retry_if_exception}); the
         * rest are thrown at once. A cancellation, and the caller's own deadline, are never retried
         * whatever this says.
         */
        public Builder retryOn(Predicate<? super Throwable> retryOn) {
            this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
            return this;
        }

        /**
         * Retries results of {@code type} that {@code retryOn} accepts (tenacity:
         * {@code retry_if_result}); other results are returned. When the attempts run out, the last
         * result is returned (and nothing is thrown).
         */
        public <R> Builder retryOnResult(Class<R> type, Predicate<? super R> retryOn) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(retryOn, "retryOn");
            this.retryOnResult = r -> type.isInstance(r) && retryOn.test(type.cast(r));
            return this;
        }

        /** Shares {@code budget} among every call with this policy (and any other policy given it). */
        public Builder budget(RetryBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /** Draws the jitter from {@code random}, such as {@code new Random(42)}, so that a test is exact. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The immutable policy. */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + d);
            }
            return d;
        }
    }
}
