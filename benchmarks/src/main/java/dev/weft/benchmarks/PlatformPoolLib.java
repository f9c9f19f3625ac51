package dev.weft.benchmarks;

import static dev.weft.benchmarks.Libraries.*;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** One library of the side-by-side harness (see {@link Libraries#create}). */
final class PlatformPoolLib extends VirtualExecutorLib {
    private final int threads;

    PlatformPoolLib(int threads) {
        this.threads = threads;
    }

    @Override
    ExecutorService newExecutor() {
        return Executors.newFixedThreadPool(threads);
    }

    @Override
    public double sleep(int n, long millis) throws Exception {
        if (n > threads * 4) {
            throw new NotApplicable(n + " sleepers on " + threads + " threads: ~" + (n / threads * millis / 1000)
                    + " s by construction");
        }
        return super.sleep(n, millis);
    }

    @Override
    public double queue(int items, int consumers, int capacity) throws Exception {
        return super.queue(items, consumers, capacity);
    }

    @Override
    public double heapPerParkedTask(int n) {
        throw new NotApplicable("a pool of " + threads + " threads cannot park " + n + " tasks");
    }

    @Override
    public double prewarm() throws Exception {
        long t0 = System.nanoTime();
        spawn(10_000);
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public String info() {
        return "Executors.newFixedThreadPool(" + threads + ")";
    }
}
