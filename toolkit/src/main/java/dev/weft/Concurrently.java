package dev.weft;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Applies a function to every item of a collection on concurrent tasks, with at most {@code limit}
 * calls in flight: results as a list in input order, or as a generator in completion order.
 *
 * <p>asyncio equivalent: {@code gather(*(f(x) for x in items))} bounded by an
 * {@code asyncio.Semaphore(limit)}; Java: {@code Gatherers.mapConcurrent}; Kotlin:
 * {@code flatMapMerge(concurrency)}. Use {@link Weft#gather} when the bodies differ, and
 * {@link Generator#mapConcurrent} when the items are themselves produced concurrently.
 *
 * <pre>{@code
 * List<String> pages = Concurrently.map(urls, 8, url -> fetch(url));   // 8 fetches at a time
 *
 * try (var done = Concurrently.mapUnordered(urls, 8, url -> fetch(url))) {
 *     for (String page : done) log.info("{}", page.length());   // fastest first
 * }
 * }</pre>
 *
 * <p>Both are fail-fast like {@code gather}: the first failure cancels the calls in flight, starts no
 * further ones, waits for their cleanup and is thrown; later failures are attached as suppressed.
 * Unchecked exceptions arrive as themselves, checked ones wrapped in {@link TaskFailedException}; a
 * {@code CancellationException} that a call throws while nobody cancelled the caller is a failure
 * too, thrown as itself (it is not taken for a cancel of the worker). In a cancelled task both
 * throw at once (prompt cancellation), and their waits are cancellation points at wake-up. The
 * calls run on tasks of a group of their own, started by {@code limit} workers that each take the
 * next item when their previous call is done.
 */
public final class Concurrently {
    private Concurrently() {
    }

    /**
     * Returns {@code fn} applied to every item, in the order of {@code items}, with at most
     * {@code limit} calls running at once; waits for all of them.
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public static <T, R> List<R> map(Collection<? extends T> items, int limit, ThrowingFunction<? super T, ? extends R> fn) {
        Object[] in = snapshot(items, limit, fn);
        if (in.length == 0) {
            return Collections.emptyList();
        }
        Object[] out = new Object[in.length];
        @SuppressWarnings("unchecked")
        List<T> values = (List<T>) Arrays.asList(in);
        MapWorkers.run(values.iterator(), Math.min(limit, in.length), fn, (i, r) -> out[(int) i] = r);
        @SuppressWarnings("unchecked")
        List<R> results = (List<R>) Arrays.asList(out);
        return Collections.unmodifiableList(results);
    }

    /**
     * Returns a generator of {@code fn} applied to every item, in the order the calls complete, with at
     * most {@code limit} calls running at once (asyncio: {@code as_completed}). The calls start at once;
     * close the generator (try-with-resources) to cancel the rest when leaving early. The results must
     * not be null.
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public static <T, R> Generator<R> mapUnordered(Collection<? extends T> items, int limit,
            ThrowingFunction<? super T, ? extends R> fn) {
        Object[] in = snapshot(items, limit, fn);
        @SuppressWarnings("unchecked")
        List<T> values = (List<T>) Arrays.asList(in);
        int workers = Math.min(limit, in.length);
        return Generator.of(out -> MapWorkers.run(values.iterator(), workers, fn, (i, r) -> out.emit(r)));
    }

    private static Object[] snapshot(Collection<?> items, int limit, ThrowingFunction<?, ?> fn) {
        Objects.requireNonNull(items, "items");
        checkLimit(limit);
        Objects.requireNonNull(fn, "fn");
        return items.toArray();
    }

    /** Fails fast on a limit that would run nothing. */
    static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }
}
