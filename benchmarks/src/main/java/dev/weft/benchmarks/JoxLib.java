package dev.weft.benchmarks;

import static dev.weft.benchmarks.Libraries.*;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.ChannelDone;
import com.softwaremill.jox.structured.Fork;
import com.softwaremill.jox.structured.Par;
import com.softwaremill.jox.structured.Race;
import com.softwaremill.jox.structured.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** Each fork inside jox's own {@code Race.timeout}, which throws {@link TimeoutException} when it fires. */
    @Override
    public double deadlines(int n, long millis, int firePercent) throws Exception {
        checkDeadlineArgs(millis, firePercent);
        long quiet = PARK.toMillis();
        long firingMillis = millis / 2;
        AtomicInteger fired = new AtomicInteger();
        Callable<Object> body = () -> {
            Thread.sleep(millis);
            return null;
        };
        long t0 = System.nanoTime();
        int done = Scopes.supervised(scope -> {
            List<Fork<Object>> forks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long timeout = fires(i, firePercent) ? firingMillis : quiet;
                forks.add(scope.fork(() -> {
                    try {
                        return Race.timeout(timeout, body);
                    } catch (TimeoutException expected) {
                        fired.incrementAndGet();
                        return null;
                    }
                }));
            }
            for (Fork<Object> f : forks) {
                f.join();
            }
            return forks.size();
        });
        long t = System.nanoTime() - t0;
        expect(done, n);
        expect(fired.get(), firing(n, firePercent));
        return t / 1e9;
    }

    /** A jox buffered channel: the producer sends, then {@code done()}; each consumer receives until it sees the end. */
    @Override
    public double queue(int items, int consumers, int capacity) throws Exception {
        Channel<Object> ch = Channel.newBufferedChannel(capacity);
        long t0 = System.nanoTime();
        long total = Scopes.supervised(scope -> {
            List<Fork<Long>> cs = new ArrayList<>(consumers);
            for (int i = 0; i < consumers; i++) {
                cs.add(scope.fork(() -> {
                    long k = 0;
                    while (true) {
                        Object r = ch.receiveOrClosed();
                        if (r instanceof ChannelDone) {
                            return k;
                        }
                        if (r instanceof ChannelClosed c) {
                            throw c.toException();
                        }
                        k++;
                    }
                }));
            }
            for (int i = 0; i < items; i++) {
                ch.send(ITEM);
            }
            ch.done();
            long sum = 0;
            for (Fork<Long> f : cs) {
                sum += f.join();
            }
            return sum;
        });
        long t = System.nanoTime() - t0;
        expect(total, items);
        return items * 1e9 / t;
    }

    /** jox 0.5.0 has no flows (their {@code mapPar} came later): {@code Par.parLimit} over one callable per item. */
    @Override
    public double mapLimited(int items, int limit, long millis) throws Exception {
        List<Callable<Integer>> calls = indexed(items, i -> () -> {
            if (millis > 0) {
                Thread.sleep(millis);
            }
            return i;
        });
        long t0 = System.nanoTime();
        List<Integer> r = Par.parLimit(limit, calls);
        long t = System.nanoTime() - t0;
        checkTrivial(r, items);
        return t / 1e9;
    }

    /** One {@code fork} per blocking request inside {@code Scopes.supervised}, each joined. */
    @Override
    public IoLoad.Result io(int n, long latencyMillis, int port) throws Exception {
        IoLoad.Burst burst = new IoLoad.Burst(n, latencyMillis, port);
        burst.start();
        int done = Scopes.supervised(scope -> {
            List<Fork<Object>> forks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int request = i;
                forks.add(scope.fork(() -> {
                    burst.request(request);
                    return null;
                }));
            }
            for (Fork<Object> f : forks) {
                f.join();
            }
            return forks.size();
        });
        IoLoad.Result result = burst.finish();
        expect(done, n);
        return result;
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
        return "jox structured 0.5.0 Scopes.supervised + fork, channels 1.0.1";
    }
}
