package dev.weft.benchmarks;

/**
 * One library's versions of the side-by-side workloads. A method that does not make sense for a library
 * (a million sleeping tasks on a 256-thread pool) throws {@link NotApplicable}.
 */
interface Library {
    /** Gather of {@code n} tasks each sleeping {@code millis}: wall seconds. */
    double sleep(int n, long millis) throws Exception;

    /** Gather of {@code n} trivial tasks: nanoseconds per task. */
    double spawn(int n) throws Exception;

    /** {@code tasks} tasks, each holding one of {@code permits} permits for {@code millis}: wall seconds. */
    default double semaphore(int tasks, int permits, long millis) throws Exception {
        throw new NotApplicable("no semaphore workload for this library");
    }

    /** One producer, {@code consumers} consumers, {@code items} items, bounded {@code capacity}: items per second. */
    default double queue(int items, int consumers, int capacity) throws Exception {
        throw new NotApplicable("no queue workload for this library");
    }

    /**
     * Issue 2's own method for the spawn goal: in this one JVM, the library's {@link #spawn} and the JDK
     * virtual-thread executor's, back to back; returns library ÷ executor. {@code libraryFirst} picks the order.
     * {@code collect}: a full GC before each of the two; otherwise none (the steady state of a series of such
     * samples). Only Weft answers it.
     */
    default double spawnRatioInOneJvm(int n, boolean libraryFirst, boolean collect) throws Exception {
        throw new NotApplicable("only measured for Weft");
    }

    /**
     * Deadlines at scale: a gather of {@code n} tasks, each sleeping {@code millis} inside the library's own
     * per-task timeout ({@code waitFor}, {@code withTimeoutOrNull}, ...); for {@code firePercent} tasks in every
     * hundred the timeout is half the sleep and fires, for the rest it is a minute and does not. Wall seconds;
     * compare with {@link #sleep}{@code (n, millis)}, the same fan-out without deadlines.
     */
    default double deadlines(int n, long millis, int firePercent) throws Exception {
        throw new NotApplicable("no per-task timeout in this library's idiom");
    }

    /**
     * Streaming through the library's generator ({@code Generator}, Kotlin's {@code flow { }.buffer}): one
     * producer emits {@code items} values, the consumer iterates them, with {@code capacity} values of buffer
     * between them. Items per second. (A channel hand-off is {@link #queue} with one consumer.)
     */
    default double generator(int items, int capacity) throws Exception {
        throw new NotApplicable("no generator in this library");
    }

    /**
     * A concurrent map with a limit ({@code mapConcurrent}, Kotlin {@code flatMapMerge}, jox
     * {@code Par.parLimit}): {@code items} items, at most {@code limit} in flight, each call sleeping
     * {@code millis} (0: returns at once). Wall seconds.
     */
    default double mapLimited(int items, int limit, long millis) throws Exception {
        throw new NotApplicable("no concurrent map with a limit in this library");
    }

    /**
     * One resilience wrapper ({@code direct}: none, {@code race}, {@code retry}, {@code hedge}, {@code breaker})
     * around a trivial body that succeeds at once, called {@code calls} times in a row inside one task.
     * Nanoseconds per call.
     */
    default double resilience(String kind, int calls) throws Exception {
        throw new NotApplicable("measured for Weft only");
    }

    /**
     * Blocking I/O fan-out: a burst of {@code n} concurrent blocking requests to the {@link IoServer} on
     * {@code port}, each answered after {@code latencyMillis}, run the library's idiomatic way (see
     * {@link IoLoad} for the protocol and what is measured). Requests per second and p99 latency.
     */
    default IoLoad.Result io(int n, long latencyMillis, int port) throws Exception {
        throw new NotApplicable("no blocking I/O port for this library");
    }

    /** {@code n} tasks parked in a long sleep: used heap after a full GC, minus before, per task, in bytes. */
    double heapPerParkedTask(int n) throws Exception;

    /** A short, cheap exercise of the library's own paths (used to try cutting the cold start). */
    default double prewarm() throws Exception {
        long t0 = System.nanoTime();
        spawn(10_000);
        sleep(10_000, 1);
        return (System.nanoTime() - t0) / 1e9;
    }

    String info();

    final class NotApplicable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotApplicable(String why) {
            super(why, null, false, false);
        }
    }
}
