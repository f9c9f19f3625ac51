package dev.weft.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The current task's effective deadline (Trio's {@code current_effective_deadline}): the nearest
 * deadline of the timeouts that can cancel the calling code.
 *
 * <p>Implementation notes. The walk starts at the calling frame's innermost cancel scope and goes
 * outwards. Past a task's root (or at once, if the task opened no scope and its root was never
 * needed as an object: see {@link Frame}) it continues in the scope that owns the task, from that
 * scope's body on its owner's frame: a timeout around a group cancels the group's children, so its
 * deadline is theirs too. A shield ends the walk (nothing outside it can cancel the code inside), as does the
 * root of {@code Weft.run} or of a thread outside Weft. A scope that is already cancelled, or a
 * deadline already past, counts as zero time left. Reading another frame's stack is safe without its
 * lock: the owning scope cannot close while one of its children runs, so the scopes from its body
 * outwards stay on that stack, unchanged, for the whole walk; only their deadlines may move, and
 * those are volatile.
 */
public final class EffectiveDeadline {
    /** "No deadline" in {@link #nanosLeft()}. */
    static final long NONE = Long.MAX_VALUE;

    private EffectiveDeadline() {
    }

    /** Time left before the calling code is cancelled by a deadline, if one applies. */
    public static Optional<Duration> remaining() {
        long left = nanosLeft();
        return left == NONE ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, left)));
    }

    /** The effective deadline as a wall-clock instant ({@link Instant#now()} plus the time left), if one applies. */
    public static Optional<Instant> deadline() {
        long left = nanosLeft();
        return left == NONE ? Optional.empty() : Optional.of(Instant.now().plusNanos(Math.max(0, left)));
    }

    /** Nanoseconds left (0 once cancelled or passed), or {@link #NONE} ({@code Long.MAX_VALUE}). */
    public static long nanosLeft() {
        Frame f = Frame.currentOrNull();
        if (f == null) {
            return NONE;
        }
        long best = NONE;
        Frame at = f;
        CancelScope c = f.top(); // null for a task that opened no scope and whose root was never needed
        for (;;) {
            for (; c != null; c = c.outer) {
                switch (c.kind) {
                    case SHIELD -> {
                        return best;
                    }
                    case TIMEOUT -> {
                        if (c.isCancelled()) {
                            return 0;
                        }
                        if (c.hasDeadline()) {
                            best = Math.min(best, Math.max(0, c.nanosLeft()));
                        }
                    }
                    default -> {
                        if (c.isCancelled()) {
                            return 0;
                        }
                    }
                }
            }
            if (!(at instanceof TaskImpl<?> t) || t.owningScope == null) {
                return best;
            }
            c = t.owningScope.bodyScope(); // past the task's root: go on where its group's body is
            at = c.frame;
        }
    }
}
