package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Clock;
import dev.weft.internal.EffectiveDeadline;
import dev.weft.internal.Failures;
import dev.weft.internal.ResilienceEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code Weft.retry}: attempts on the calling thread, one after the other, with the policy's delays
 * slept through Weft's clock (so virtual time drives them and a cancel or deadline cuts them short).
 *
 * <p>Implementation notes. Before each delay the loop checks, in this order: attempts left, the
 * policy's elapsed-time limit, the enclosing deadline (a delay that would reach it is not slept: the
 * deadline would only turn the wait into a {@link TimedOutException} and lose the failure) and the
 * budget; the first one that runs out is named in a {@link RetryGaveUpException} attached to the last
 * failure. Failures of earlier attempts are kept in order and attached to the one finally thrown. An
 * exception caught while the caller is cancelled is the caller's news: it is thrown as it is, with
 * nothing attached (a group's failure is delivered as the same instance to several places).
 */
final class Retry {
    private Retry() {
    }

    static <T> T run(RetryPolicy policy, Callable<T> body) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(body, "body");
        Clock clock = Blocking.clock();
        long start = clock.nanoTime();
        RetryBudget budget = policy.budget();
        List<Throwable> earlier = new ArrayList<>();
        long previousDelay = 0;
        for (int attempt = 1; ; attempt++) {
            Blocking.checkpoint();
            T result = null;
            Throwable failure = null;
            try {
                result = body.call();
            } catch (InterruptedException e) {
                throw Blocking.interrupted(e);
            } catch (Throwable e) {
                if (Attempts.isNews(e)) {
                    throw Failures.unchecked(e);
                }
                failure = e;
            }
            boolean retryable = failure == null ? policy.retriesResult(result) : policy.retriesOn(failure);
            if (!retryable) {
                if (failure == null) {
                    if (budget != null) {
                        budget.onSuccess();
                    }
                    return result;
                }
                throw withEarlier(failure, earlier, null);
            }
            if (budget != null) {
                budget.onFailure();
            }
            long delay = policy.delayNanos(attempt, previousDelay);
            RetryGaveUpException.Reason reason = null;
            String detail = null;
            long elapsed = clock.nanoTime() - start;
            long left;
            if (attempt >= policy.maxAttempts()) {
                reason = RetryGaveUpException.Reason.MAX_ATTEMPTS;
                detail = "no attempts left (maxAttempts " + policy.maxAttempts() + ")";
            } else if (delay > policy.maxElapsedNanos() - elapsed) {
                reason = RetryGaveUpException.Reason.MAX_ELAPSED;
                detail = "the next attempt would start after maxElapsed " + Duration.ofNanos(policy.maxElapsedNanos());
            } else if (delay >= (left = EffectiveDeadline.nanosLeft())) {
                reason = RetryGaveUpException.Reason.DEADLINE;
                detail = "the enclosing deadline leaves " + Duration.ofNanos(Math.max(0, left))
                        + ", not enough for the next delay of " + Duration.ofNanos(delay);
            } else if (budget != null && !budget.allowsRetry()) {
                reason = RetryGaveUpException.Reason.BUDGET;
                detail = "the retry budget is spent (" + budget + ")";
            }
            if (reason != null) {
                ResilienceEvents.retryGaveUp(attempt, reason.name());
                if (failure == null) {
                    return result; // a retried result that ran out of attempts is still the answer
                }
                throw withEarlier(failure, earlier,
                        new RetryGaveUpException(reason, attempt, Duration.ofNanos(elapsed), detail));
            }
            ResilienceEvents.retryScheduled(attempt, delay, failure);
            if (failure != null) {
                earlier.add(failure);
            }
            previousDelay = delay;
            Weft.sleep(Duration.ofNanos(delay));
        }
    }

    /** {@code last} in its thrown form, with the earlier attempts' failures and then the note attached. */
    private static RuntimeException withEarlier(Throwable last, List<Throwable> earlier, RetryGaveUpException note) {
        Throwable thrown = Failures.thrownForm(last);
        for (Throwable e : earlier) {
            Attempts.suppress(thrown, e);
        }
        if (note != null) {
            thrown.addSuppressed(note);
        }
        return Failures.unchecked(thrown);
    }
}
