package dev.weft.demos;

import static dev.weft.Weft.*;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first tutorial's distinction, measured. Concurrency is tasks overlapping in time; parallelism is
 * tasks running at the same instant on different cores. Waiting (I/O) overlaps on any number of cores,
 * so ten one-second downloads take one second. Computing needs a core each, so tasks of fixed CPU work
 * finish faster together only up to the number of cores: the speedup is about {@code min(tasks, cores)}.
 *
 * <p>asyncio runs on one thread, so it gets the first kind only. Weft's tasks are virtual threads
 * running on one carrier thread per core, so it gets both.
 *
 * <p>Durations are a tenth of the tutorial's unless {@code --full} is given; the CPU work is calibrated
 * on this machine to take about that long per task.
 */
public final class ConcurrencyVsParallelism {
    private static final int DOWNLOADS = 10;
    private static final int CPU_TASKS = 4;
    private static final int PRIMES_BELOW = 20_000;

    private final PrintStream out;
    private final Pace pace;
    private final int cores = Runtime.getRuntime().availableProcessors();
    /** Downloads waiting right now, and the most seen at once: the overlap, whatever the clock says. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger mostWaiting = new AtomicInteger();

    private ConcurrencyVsParallelism(PrintStream out, Pace pace) {
        this.out = out;
        this.pace = pace;
    }

    /** Measures both on standard output; {@code --full} for the tutorial's durations. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /** Measures both, printing to {@code out}; durations times {@code scale}. */
    public static void show(PrintStream out, double scale) {
        WarmUp.once();
        ConcurrencyVsParallelism demo = new ConcurrencyVsParallelism(out, new Pace(scale));
        out.println("This machine: " + demo.cores + " core(s) available to the JVM");
        run(() -> {
            demo.waitingOverlaps();
            demo.computingNeedsCores();
        });
    }

    /** An I/O-bound task: all of its time is spent waiting for the (imaginary) network. */
    String download(int n) {
        int now = waiting.incrementAndGet();
        mostWaiting.accumulateAndGet(now, Math::max);
        try {
            sleep(pace.seconds(1));
        } finally {
            waiting.decrementAndGet();
        }
        return "file" + n;
    }

    /** A CPU-bound task: counts the primes below {@link #PRIMES_BELOW}, {@code rounds} times over. */
    static int countPrimes(int rounds) {
        int count = 0;
        for (int round = 0; round < rounds; round++) {
            count = 0;
            for (int n = 2; n < PRIMES_BELOW; n++) {
                boolean prime = true;
                for (int d = 2; d * d <= n; d++) {
                    if (n % d == 0) {
                        prime = false;
                        break;
                    }
                }
                if (prime) {
                    count++;
                }
            }
        }
        return count;
    }

    private void waitingOverlaps() {
        out.println("1. I/O-bound: " + DOWNLOADS + " downloads of " + pace.label(1) + " each");
        long start = System.nanoTime();
        List<String> files = new ArrayList<>();
        for (int n = 1; n <= DOWNLOADS; n++) {
            files.add(download(n));
        }
        double sequential = secondsSince(start);
        out.println("  one after the other: " + files.size() + " files in " + seconds(sequential));

        mostWaiting.set(0);
        start = System.nanoTime();
        List<Callable<String>> downloads = new ArrayList<>();
        for (int n = 1; n <= DOWNLOADS; n++) {
            int id = n;
            downloads.add(() -> download(id));
        }
        files = gather(downloads);
        double together = secondsSince(start);
        out.println("  gathered:            " + files.size() + " files in " + seconds(together)
                + ", " + mostWaiting.get() + " downloads waiting at once");
        out.printf(Locale.ROOT, "  => I/O speedup %.1fx with %d core(s): waiting takes no core, so this works on one%n",
                sequential / together, cores);
    }

    private void computingNeedsCores() {
        int rounds = calibrate(pace.seconds(1));
        int expected = Math.min(CPU_TASKS, cores);
        out.printf(Locale.ROOT, "2. CPU-bound: %d tasks, each counting the primes below %,d %d times (about %s of work)%n",
                CPU_TASKS, PRIMES_BELOW, rounds, pace.label(1));
        long start = System.nanoTime();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < CPU_TASKS; i++) {
            counts.add(countPrimes(rounds));
        }
        double sequential = secondsSince(start);
        out.println("  one after the other: " + counts + " primes in " + seconds(sequential));

        start = System.nanoTime();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < CPU_TASKS; i++) {
            tasks.add(() -> countPrimes(rounds));
        }
        counts = gather(tasks);
        double together = secondsSince(start);
        out.println("  gathered:            " + counts + " primes in " + seconds(together));
        out.printf(Locale.ROOT, "  => CPU speedup %.1fx with %d core(s) (expected about min(%d tasks, %d cores) = %d):"
                + " computing needs a core%n", sequential / together, cores, CPU_TASKS, cores, expected);
    }

    /** How many rounds of {@link #countPrimes} take about {@code target} on this machine (warmed up). */
    private static int calibrate(Duration target) {
        countPrimes(3);                                   // let the JIT compile it
        int rounds = 1;
        long elapsed;
        do {
            rounds *= 2;
            long start = System.nanoTime();
            countPrimes(rounds);
            elapsed = System.nanoTime() - start;
        } while (elapsed < 20_000_000L && rounds < (1 << 20));
        return (int) Math.max(1, Math.round(rounds * (double) target.toNanos() / elapsed));
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }
}
