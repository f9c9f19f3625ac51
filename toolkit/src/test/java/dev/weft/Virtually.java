package dev.weft;

import dev.weft.testing.VirtualTime;
import java.util.concurrent.Callable;

/**
 * {@link VirtualTime#run} with the elapsed time read inside the run, right after the body returns. The
 * fixtures' virtual clock may still jump to a timer that is being disarmed while the run tears down
 * (it tells idleness from polled thread states), so the elapsed time read after the run can be later
 * than when the body finished.
 */
final class Virtually {
    private Virtually() {
    }

    static <T> VirtualTime.Result<T> run(Callable<T> body) {
        return VirtualTime.run(() -> {
            T v = body.call();
            return new VirtualTime.Result<>(v, VirtualTime.elapsed());
        }).value();
    }

    static VirtualTime.Result<Void> run(ThrowingRunnable body) {
        return run(() -> {
            body.run();
            return null;
        });
    }
}
