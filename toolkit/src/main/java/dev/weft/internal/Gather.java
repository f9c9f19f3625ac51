package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gather} and {@code gatherSettled}: a scope of their own, one child per body, results in order. */
public final class Gather {
    private Gather() {
    }

    /** Fail-fast gather: values in argument order, or the first failure with later ones suppressed. */
    public static <T> List<T> all(Collection<? extends Callable<? extends T>> bodies) {
        return all(null, bodies);
    }

    /** {@link #all(Collection)} whose scope is named {@code name} and children {@code name[0]}, {@code name[1]}, ... */
    public static <T> List<T> all(String name, Collection<? extends Callable<? extends T>> bodies) {
        Callable<?>[] calls = checked(bodies);
        if (calls.length == 0) {
            return Collections.emptyList();
        }
        WarmUp.beforeFanOut(calls.length);
        TaskImpl<?>[] tasks = spawnAll(ScopeImpl.open(false).named(name), calls, false, name);
        List<T> values = new ArrayList<>(tasks.length);
        for (TaskImpl<?> t : tasks) {
            if (t.stateCode() != TaskImpl.SUCCESS) {
                Frame.checkpoint(); // the caller was cancelled: report that
                throw new CancelledException("gathered " + t.name() + " was cancelled");
            }
            @SuppressWarnings("unchecked")
            T v = (T) t.value();
            values.add(v);
        }
        return Collections.unmodifiableList(values);
    }

    /** Settled gather: one outcome per body, in argument order; throws only for the caller's own cancel. */
    public static <T> List<Outcome<T>> settled(Collection<? extends Callable<? extends T>> bodies) {
        return settled(null, bodies);
    }

    /** {@link #settled(Collection)} whose scope is named {@code name} and children {@code name[0]}, {@code name[1]}, ... */
    public static <T> List<Outcome<T>> settled(String name, Collection<? extends Callable<? extends T>> bodies) {
        Callable<?>[] calls = checked(bodies);
        if (calls.length == 0) {
            return Collections.emptyList();
        }
        WarmUp.beforeFanOut(calls.length);
        TaskImpl<?>[] tasks = spawnAll(ScopeImpl.open(true).named(name), calls, true, name);
        List<Outcome<T>> outcomes = new ArrayList<>(tasks.length);
        boolean checked = false;
        for (TaskImpl<?> t : tasks) {
            switch (t.stateCode()) {
                case TaskImpl.SUCCESS -> {
                    @SuppressWarnings("unchecked")
                    T v = (T) t.value();
                    outcomes.add(Outcome.success(v));
                }
                case TaskImpl.CANCELLED -> {
                    if (!checked) {
                        Frame.checkpoint(); // the caller itself was cancelled: that is not a child's outcome
                        checked = true;
                    }
                    outcomes.add(Outcome.failure(t.rawFailure()));
                }
                default -> outcomes.add(Outcome.failure(t.rawFailure()));
            }
        }
        return Collections.unmodifiableList(outcomes);
    }

    private static TaskImpl<?>[] spawnAll(ScopeImpl scope, Callable<?>[] calls, boolean observed, String name) {
        TaskImpl<?>[] tasks = new TaskImpl<?>[calls.length];
        scope.runBody(() -> {
            scope.spawnAll(calls, tasks, name);
            if (observed) {
                for (TaskImpl<?> t : tasks) {
                    t.observed = true;
                }
            }
            return null;
        });
        return tasks;
    }

    private static Callable<?>[] checked(Collection<? extends Callable<?>> bodies) {
        Callable<?>[] calls = bodies.toArray(new Callable<?>[0]);
        for (int i = 0; i < calls.length; i++) {
            if (calls[i] == null) {
                throw new NullPointerException("bodies[" + i + "]");
            }
        }
        return calls;
    }
}
