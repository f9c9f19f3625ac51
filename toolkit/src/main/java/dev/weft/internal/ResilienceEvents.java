package dev.weft.internal;

/**
 * The decisions of the resilience wrappers (retry, hedge, circuit breaker) as Flight Recorder events,
 * when module {@code jdk.jfr} is there: each call checks {@link TaskEvents#AVAILABLE} and then hands
 * on to {@link JfrResilienceEvents}, the only class of the wrappers that touches {@code jdk.jfr}, so
 * that Weft runs in an image without that module (the toolkit {@code requires static jdk.jfr}).
 */
public final class ResilienceEvents {
    private ResilienceEvents() {
    }

    /** Loads the event classes now, so that a wrapper's first decision does not pay for it. */
    public static void load() {
        if (TaskEvents.AVAILABLE) {
            JfrResilienceEvents.load();
        }
    }

    /** Attempt {@code attempt} failed with {@code failure}; the next starts after {@code delayNanos}. */
    public static void retryScheduled(int attempt, long delayNanos, Throwable failure) {
        if (TaskEvents.AVAILABLE) {
            JfrResilienceEvents.retryScheduled(attempt, delayNanos, failure);
        }
    }

    /** Retrying stopped after {@code attempts} attempts for {@code reason}. */
    public static void retryGaveUp(int attempts, String reason) {
        if (TaskEvents.AVAILABLE) {
            JfrResilienceEvents.retryGaveUp(attempts, reason);
        }
    }

    /** Hedged attempt number {@code attempt} started, {@code afterNanos} after the call began. */
    public static void hedgeStarted(int attempt, long afterNanos) {
        if (TaskEvents.AVAILABLE) {
            JfrResilienceEvents.hedgeStarted(attempt, afterNanos);
        }
    }

    /** The circuit breaker {@code breaker} went from {@code from} to {@code to}. */
    public static void circuitStateChanged(String breaker, String from, String to) {
        if (TaskEvents.AVAILABLE) {
            JfrResilienceEvents.circuitStateChanged(breaker, from, to);
        }
    }
}
