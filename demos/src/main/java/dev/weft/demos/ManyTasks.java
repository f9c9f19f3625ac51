package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.Event;
import dev.weft.Task;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The tutorials' "kill_time" and "1000 tasks on one thread": a thousand tasks that each sleep 1 s
 * finish together in about 1 s. Then a hundred thousand (a million with {@code --million}), timed and
 * weighed: how long spawning them takes and how much heap they use while all of them wait. Last, the
 * same thousand sleeps on a pool of 200 platform threads, and why a platform thread per task does not
 * scale.
 *
 * <p>asyncio runs its thousand coroutines on one thread; Weft gives each task a virtual thread, which
 * costs about as little: a parked virtual thread is a small object on the heap, not an OS thread.
 *
 * <p>The sleeps are a tenth of the tutorial's 1 s unless {@code --full} is given.
 */
public final class ManyTasks {
    private static final int THOUSAND = 1_000;
    private static final int POOL_THREADS = 200;

    private final PrintStream out;
    private final Pace pace;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private long bytesPerTask;

    private ManyTasks(PrintStream out, Pace pace) {
        this.out = out;
        this.pace = pace;
    }

    /** Runs the demo on standard output; {@code --full} for 1 s sleeps, {@code --million} for a million tasks. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale(), List.of(args).contains("--million"));
    }

    /** The thousand, the hundred thousand and the platform pool; durations times {@code scale}. */
    public static void show(PrintStream out, double scale) {
        show(out, scale, false);
    }

    /** Like {@link #show(PrintStream, double)}, adding a million tasks if {@code million} is true. */
    public static void show(PrintStream out, double scale, boolean million) {
        WarmUp.once();
        ManyTasks demo = new ManyTasks(out, new Pace(scale));
        demo.aThousand();
        demo.crowd("2.", 100_000);
        if (million) {
            demo.crowd("3.", 1_000_000);
        } else {
            out.println("3. (run ManyTasks with --million for 1,000,000 tasks)");
        }
        demo.platformPool();
    }

    /** The tutorial's {@code kill_time(n)}: say it runs, sleep 1 s, say it finished. */
    int killTime(int n) {
        running.incrementAndGet();          // print(f"running {n}"), counted instead of printed
        sleep(pace.seconds(1));
        finished.incrementAndGet();         // print(f"finished {n}")
        return n;
    }

    private void aThousand() {
        out.printf(Locale.ROOT, "1. %,d kill_time tasks, each sleeps %s, gathered (expect about %s)%n", THOUSAND,
                pace.label(1), pace.label(1));
        long start = System.nanoTime();
        List<Integer> results = run(() -> gather(IntStream.rangeClosed(1, THOUSAND)
                .mapToObj(n -> (Callable<Integer>) () -> killTime(n))
                .toList()));
        out.printf(Locale.ROOT, "  => %,d said running, %,d said finished, results %d..%d in order: all %,d in %s%n",
                running.getAndSet(0), finished.getAndSet(0), results.get(0), results.get(results.size() - 1),
                results.size(), Pace.since(start));
    }

    /**
     * {@code count} tasks that first wait for a start signal (so all of them are alive at once and can
     * be weighed), then run kill_time.
     */
    private void crowd(String step, int count) {
        out.printf(Locale.ROOT, "%s %,d tasks: spawn them all, weigh the heap while they wait, then let them"
                + " kill_time (%s each)%n", step, count, pace.label(1));
        long heapBefore = heapUsedAfterGc();
        long start = System.nanoTime();
        run(() -> {
            Event allWaiting = new Event();
            Event go = new Event();
            AtomicInteger waiting = new AtomicInteger();
            List<Task<Integer>> tasks = new ArrayList<>(count);
            for (int n = 1; n <= count; n++) {
                int id = n;
                tasks.add(spawn(() -> {
                    if (waiting.incrementAndGet() == count) {
                        allWaiting.set();
                    }
                    go.waitUntilSet();
                    return killTime(id);
                }));
            }
            allWaiting.waitUntilSet();
            String spawned = Pace.since(start);
            long heapWaiting = heapUsedAfterGc();
            bytesPerTask = Math.max(0, heapWaiting - heapBefore) / count;
            out.printf(Locale.ROOT, "  spawned %,d in %s; heap used while all wait: %s (%s more than before,"
                    + " about %,d bytes a task)%n", count, spawned, megabytes(heapWaiting),
                    megabytes(heapWaiting - heapBefore), bytesPerTask);

            long signal = System.nanoTime();
            go.set();
            long sum = 0;
            for (Task<Integer> task : tasks) {
                sum += task.join();
            }
            out.printf(Locale.ROOT, "  => %,d finished %s after the start signal (each slept %s; the rest is waking"
                    + " %,d tasks at once on %d cores), %s in all (sum of ids %,d)%n", finished.getAndSet(0),
                    Pace.since(signal), pace.label(1), count, Runtime.getRuntime().availableProcessors(),
                    Pace.since(start), sum);
            running.set(0);
        });
    }

    /** The thousand sleeps on platform threads: a pool caps them, so they run in rounds. */
    private void platformPool() {
        int rounds = (THOUSAND + POOL_THREADS - 1) / POOL_THREADS;
        out.printf(Locale.ROOT, "4. For comparison: the same %,d sleeps on a pool of %d platform threads"
                + " (expect about %s: %d rounds)%n", THOUSAND, POOL_THREADS, pace.label(rounds), rounds);
        long start = System.nanoTime();
        long sleepMillis = pace.seconds(1).toMillis();
        int done = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(POOL_THREADS)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int n = 1; n <= THOUSAND; n++) {
                int id = n;
                futures.add(pool.submit(() -> {
                    Thread.sleep(sleepMillis);
                    return id;
                }));
            }
            for (Future<Integer> future : futures) {
                future.get();
                done++;
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("the platform pool failed", e);
        }
        out.printf(Locale.ROOT, "  => %,d done on %d platform threads in %s%n", done, POOL_THREADS, Pace.since(start));
        out.println("  Why not one platform thread per task? Each is an OS thread with its own stack, reserved up");
        out.println("  front (1 MB by default, -Xss), and scheduled by the kernel: 100,000 of them would reserve");
        out.println("  about 100 GB of stack and exceed most systems' thread limits, so platform threads are");
        out.println("  rationed in pools and the tasks queue for them. A waiting virtual thread is a small heap");
        out.printf(Locale.ROOT, "  object (about %,d bytes above), so every task simply gets its own.%n", bytesPerTask);
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
