package dev.weft.internal;

/**
 * What the resilience wrappers (retry, hedge, circuit breaker) need to know about the calling task's
 * deadlines: how long until the nearest one, and whether the caller is already cancelled.
 *
 * <p>Internal and minimal on purpose: the public current-deadline API lives elsewhere. Invariant: both
 * reads look only at the calling thread's own cancel-scope stack (owner-only state), from the innermost
 * scope outwards up to the first shield, since a deadline outside a shield cannot cancel the code inside it.
 */
public final class EnclosingDeadline {
    private EnclosingDeadline() {
    }

    /**
     * Nanoseconds until the nearest deadline that can cancel the calling code (zero or negative if one
     * has passed or a scope around it is already cancelled); {@code Long.MAX_VALUE} if there is none.
     */
    public static long nanosLeft() {
        Frame f = Frame.currentOrNull();
        if (f == null) {
            return Long.MAX_VALUE;
        }
        long left = Long.MAX_VALUE;
        for (CancelScope c = f.top(); c != null && c.kind != CancelScope.Kind.SHIELD; c = c.outer) {
            if (c.isCancelledNow()) {
                return 0;
            }
            if (c.kind == CancelScope.Kind.TIMEOUT) {
                left = Math.min(left, c.nanosLeft());
            }
        }
        return left;
    }

    /**
     * Whether the calling code is cancelled now (by its task, a group or a passed deadline), so that an
     * exception it just caught is that news, not the callee's own failure.
     */
    public static boolean cancelledNow() {
        Frame f = Frame.currentOrNull();
        if (f == null) {
            return Thread.currentThread().isInterrupted();
        }
        return f.cancelledScope() != null;
    }
}
