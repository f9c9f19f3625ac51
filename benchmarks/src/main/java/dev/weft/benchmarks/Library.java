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
