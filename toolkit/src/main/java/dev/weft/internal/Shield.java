package dev.weft.internal;

import java.util.concurrent.Callable;

/** {@code Weft.shield}: runs a body that the caller's cancellation cannot interrupt. */
public final class Shield {
    private Shield() {
    }

    /**
     * Runs {@code body} behind a shield on the calling thread, then reports a pending cancel. An
     * interrupt Weft sent before the shield went up (a timeout that fired, or a cancel, during CPU
     * work) is withdrawn at entry: the scopes stay cancelled, and their news is thrown at the exit.
     */
    public static <T> T run(Callable<T> body) {
        Frame f = Frame.currentOrCreate();
        CancelScope shield = new CancelScope(CancelScope.Kind.SHIELD, f, null);
        f.push(shield);
        f.consumeInterrupt(); // an interrupt Weft sent before the shield went up must not hit the body
        T v;
        try {
            v = body.call();
        } catch (InterruptedException e) {
            throw Sleeping.interrupted(Frame.currentOrNull() == f ? f : null, e);
        } catch (Exception e) {
            throw Failures.unchecked(e);
        } finally {
            f.pop(shield);
        }
        Frame.checkpoint();
        return v;
    }
}
