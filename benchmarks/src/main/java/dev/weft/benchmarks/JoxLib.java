package dev.weft.benchmarks;

import static dev.weft.benchmarks.Libraries.*;

import com.softwaremill.jox.structured.Fork;
import com.softwaremill.jox.structured.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** One library of the side-by-side harness (see {@link Libraries#create}). */
final class JoxLib implements Library {
    @Override
    public double sleep(int n, long millis) throws Exception {
        long t0 = System.nanoTime();
        int done = Scopes.supervised(scope -> {
            List<Fork<Object>> forks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                forks.add(scope.fork(() -> {
                    Thread.sleep(millis);
                    return null;
                }));
            }
            for (Fork<Object> f : forks) {
                f.join();
            }
            return forks.size();
        });
        long t = System.nanoTime() - t0;
        expect(done, n);
        return t / 1e9;
    }

    @Override
    public double spawn(int n) throws Exception {
        List<Callable<Integer>> calls = trivial(n);
        long t0 = System.nanoTime();
        List<Integer> r = Scopes.supervised(scope -> {
            List<Fork<Integer>> forks = new ArrayList<>(n);
            for (Callable<Integer> c : calls) {
                forks.add(scope.fork(c));
            }
            List<Integer> out = new ArrayList<>(n);
            for (Fork<Integer> f : forks) {
                out.add(f.join());
            }
            return out;
        });
        long t = System.nanoTime() - t0;
        checkTrivial(r, n);
        return (double) t / n;
    }

    @Override
    public double heapPerParkedTask(int n) throws Exception {
        CountDownLatch started = new CountDownLatch(n);
        long before = usedAfterGc();
        long[] delta = new long[1];
        Scopes.supervised(scope -> {
            for (int i = 0; i < n; i++) {
                scope.fork(() -> {
                    started.countDown();
                    Thread.sleep(PARK.toMillis());
                    return null;
                });
            }
            awaitParked(started);
            delta[0] = usedAfterGc() - before;
            return null; // leaving the body interrupts the remaining (daemon) forks
        });
        return (double) delta[0] / n;
    }

    @Override
    public String info() {
        return "jox structured 0.5.0 Scopes.supervised + fork";
    }
}
