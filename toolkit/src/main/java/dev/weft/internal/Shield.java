package dev.weft.internal;

import java.util.concurrent.Callable;

/** {@code Weft.shield}: runs a body that the caller's cancellation cannot interrupt. */
public final class Shield {
    private Shield() {
    }

    /** Runs {@code body} behind a shield on the calling thread, then reports a pending cancel. */
    public static <T> T run(Callable<T> body) {
        Frame f = Frame.currentOrCreate();
        CancelScope shield = new CancelScope(CancelScope.Kind.SHIELD, f, null);
        f.push(shield);
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
