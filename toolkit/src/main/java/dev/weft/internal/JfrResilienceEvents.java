package dev.weft.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The decisions of the resilience wrappers as JDK Flight Recorder events: {@code dev.weft.RetryScheduled}
 * (an attempt failed and another follows after a delay), {@code dev.weft.RetryGaveUp} (no more attempts,
 * and why), {@code dev.weft.HedgeStarted} (a hedged attempt started beside the running ones) and
 * {@code dev.weft.CircuitStateChanged}. All are on by default: each marks a decision, not a routine
 * step, so they are rare next to the calls they wrap. When no recording asks for one, its hook is one
 * check of a flag kept by JFR (the pattern of {@link TaskEvents}); every use of {@code jdk.jfr} by the
 * wrappers stays in this class, which {@link ResilienceEvents} loads only when module {@code jdk.jfr}
 * is readable.
 */
final class JfrResilienceEvents {
    private JfrResilienceEvents() {
    }

    /**
     * Loads the event classes now. The wrappers call it when they are built, so that the first
     * decision of a hedge or retry, often on a latency-critical path, does not pay for loading (and
     * JFR's registration of) four event classes.
     */
    static void load() {
        // reading each probe initialises its class
        if (RetryScheduled.PROBE == null || RetryGaveUp.PROBE == null || HedgeStarted.PROBE == null
                || CircuitStateChanged.PROBE == null) {
            throw new AssertionError("an event probe is missing");
        }
    }

    /** Attempt {@code attempt} failed with {@code failure}; the next starts after {@code delayNanos}. */
    static void retryScheduled(int attempt, long delayNanos, Throwable failure) {
        if (RetryScheduled.PROBE.isEnabled()) {
            RetryScheduled e = new RetryScheduled();
            e.attempt = attempt;
            e.delay = delayNanos;
            e.failure = failure == null ? "a result to retry" : failure.toString();
            e.commit();
        }
    }

    /** Retrying stopped after {@code attempts} attempts for {@code reason}. */
    static void retryGaveUp(int attempts, String reason) {
        if (RetryGaveUp.PROBE.isEnabled()) {
            RetryGaveUp e = new RetryGaveUp();
            e.attempts = attempts;
            e.reason = reason;
            e.commit();
        }
    }

    /** Hedged attempt number {@code attempt} started, {@code afterNanos} after the call began. */
    static void hedgeStarted(int attempt, long afterNanos) {
        if (HedgeStarted.PROBE.isEnabled()) {
            HedgeStarted e = new HedgeStarted();
            e.attempt = attempt;
            e.after = afterNanos;
            e.commit();
        }
    }

    /** The circuit breaker {@code breaker} went from {@code from} to {@code to}. */
    static void circuitStateChanged(String breaker, String from, String to) {
        if (CircuitStateChanged.PROBE.isEnabled()) {
            CircuitStateChanged e = new CircuitStateChanged();
            e.breaker = breaker;
            e.from = from;
            e.to = to;
            e.commit();
        }
    }

    @Name("dev.weft.RetryScheduled")
    @Label("Retry Scheduled")
    @Category({"Weft", "Resilience"})
    @Description("An attempt failed (or returned a result to retry) and another one follows after a delay")
    @StackTrace(false)
    static final class RetryScheduled extends Event {
        /** Asked "is this event type enabled?"; a final field of the exact type, so the check inlines. */
        static final RetryScheduled PROBE = new RetryScheduled();
        @Label("Failed Attempt")
        int attempt;
        @Label("Delay")
        @Timespan(Timespan.NANOSECONDS)
        long delay;
        @Label("Failure")
        String failure;
    }

    @Name("dev.weft.RetryGaveUp")
    @Label("Retry Gave Up")
    @Category({"Weft", "Resilience"})
    @Description("Retrying stopped: attempts, elapsed time, the enclosing deadline or the retry budget ran out")
    @StackTrace(false)
    static final class RetryGaveUp extends Event {
        /** Asked "is this event type enabled?"; a final field of the exact type, so the check inlines. */
        static final RetryGaveUp PROBE = new RetryGaveUp();
        @Label("Attempts")
        int attempts;
        @Label("Reason")
        String reason;
    }

    @Name("dev.weft.HedgeStarted")
    @Label("Hedge Started")
    @Category({"Weft", "Resilience"})
    @Description("A hedged call started another attempt beside the ones still running")
    @StackTrace(false)
    static final class HedgeStarted extends Event {
        /** Asked "is this event type enabled?"; a final field of the exact type, so the check inlines. */
        static final HedgeStarted PROBE = new HedgeStarted();
        @Label("Attempt")
        int attempt;
        @Label("After")
        @Timespan(Timespan.NANOSECONDS)
        long after;
    }

    @Name("dev.weft.CircuitStateChanged")
    @Label("Circuit State Changed")
    @Category({"Weft", "Resilience"})
    @Description("A circuit breaker changed state (CLOSED, OPEN, HALF_OPEN)")
    @StackTrace(false)
    static final class CircuitStateChanged extends Event {
        /** Asked "is this event type enabled?"; a final field of the exact type, so the check inlines. */
        static final CircuitStateChanged PROBE = new CircuitStateChanged();
        @Label("Breaker")
        String breaker;
        @Label("From")
        String from;
        @Label("To")
        String to;
    }
}
