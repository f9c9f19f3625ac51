package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Failures;
import dev.weft.internal.Idle;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code Weft.race} and {@code Weft.raceFirstDone}: the bodies as children of a supervisor group of
 * their own; the caller takes finished children from a queue in completion order, decides, cancels
 * the rest, and the group's end waits for their cleanup before anything is returned or thrown.
 *
 * <p>Implementation notes. The decision is made inside the group's body and carried out as an
 * {@link Outcome}, so that a failure is thrown only after the group has ended (every loser's
 * {@code finally} has run). A child found cancelled can only be the caller's own cancellation
 * arriving: the checkpoint then throws that news, which ends the group the same way.
 */
final class Race {
    private Race() {
    }

    /** The first successful value; if every body fails, the first failure with the others suppressed. */
    static <T> T firstSuccess(Collection<? extends Callable<? extends T>> bodies) {
        return race(Attempts.nonEmpty(bodies), true);
    }

    /** The first body to finish decides: its value is returned, or its failure thrown. */
    static <T> T firstDone(Collection<? extends Callable<? extends T>> bodies) {
        return race(Attempts.nonEmpty(bodies), false);
    }

    private static <T> T race(Callable<?>[] calls, boolean successOnly) {
        Outcome<T> decided = TaskGroup.supervise(g -> {
            LinkedBlockingQueue<Task<?>> finished = new LinkedBlockingQueue<>();
            for (Callable<?> c : calls) {
                g.spawn(c).onDone(done -> Idle.offer(finished, done));
            }
            Throwable first = null;
            for (int seen = 0; seen < calls.length; seen++) {
                Task<?> t = Attempts.take(finished);
                if (t.state() == Future.State.SUCCESS) {
                    g.cancel();
                    @SuppressWarnings("unchecked")
                    T v = (T) t.result();
                    return Outcome.success(v);
                }
                if (t.isCancelled()) {
                    Blocking.checkpoint();
                }
                Throwable e = t.exception();
                if (!successOnly) {
                    g.cancel();
                    return Outcome.failure(e);
                }
                if (first == null) {
                    first = e;
                } else {
                    Attempts.suppress(first, e);
                }
            }
            return Outcome.failure(first);
        });
        return switch (decided) {
            case Outcome.Success<T> s -> s.value();
            case Outcome.Failure<T> f -> throw Failures.unchecked(f.error());
        };
    }
}
