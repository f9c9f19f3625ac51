package dev.weft.internal;

import dev.weft.CancelledException;
import java.time.Duration;

/** {@code Weft.sleep}: a cancellable pause through the clock. */
public final class Sleeping {
    private Sleeping() {
    }

    /** Sleeps for {@code d}; throws the current task's cancellation or timeout news. */
    public static void sleep(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + d);
        }
        Frame f = Frame.currentOrNull();
        if (f != null) {
            f.checkCancelled();
        }
        try {
            Clocks.current().sleep(Durations.toNanos(d));
        } catch (InterruptedException e) {
            throw interrupted(f, e);
        }
        if (f != null) {
            f.checkCancelled(); // the wake-up is a cancellation point too: a cancel racing the end of the pause wins
        }
    }

    /** What a Weft call throws when interrupted: the frame's news, or for a thread outside Weft a cancel. */
    static RuntimeException interrupted(Frame f, InterruptedException e) {
        if (f != null) {
            return f.interrupted(e);
        }
        Thread.currentThread().interrupt();
        CancelledException c = new CancelledException("the thread " + Thread.currentThread().getName() + " was interrupted");
        c.initCause(e);
        return c;
    }
}
