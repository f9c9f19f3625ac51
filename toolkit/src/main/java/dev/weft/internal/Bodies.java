package dev.weft.internal;

import dev.weft.ThrowingFunction;
import dev.weft.ThrowingRunnable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Adapters from the public API's other body shapes to the engine's one shape, {@link Callable}: a void
 * body becomes a callable returning {@code null}; items and a function become one callable per item.
 * They add no behaviour: exceptions pass through unchanged.
 */
public final class Bodies {
    private Bodies() {
    }

    /** {@code body} as a callable that returns {@code null}. */
    public static Callable<Void> callable(ThrowingRunnable body) {
        return () -> {
            body.run();
            return null;
        };
    }

    /** One callable per item, in the items' order, each applying {@code fn} to its item. */
    public static <T, R> List<Callable<R>> calls(Collection<? extends T> items, ThrowingFunction<? super T, ? extends R> fn) {
        List<Callable<R>> calls = new ArrayList<>(items.size());
        for (T item : items) {
            calls.add(() -> fn.apply(item));
        }
        return calls;
    }
}
