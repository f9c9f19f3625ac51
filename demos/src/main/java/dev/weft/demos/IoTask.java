package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.CancelledException;
import dev.weft.DoneAndPending;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.TimedOutException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * "Python AsyncIO explained in 9 minutes": an {@code io_task} that prints and waits a few times,
 * gathered against run one after the other; a background task started with {@code spawn} and joined
 * later; {@code waitTasks} returning at the first completion with its done and pending sets; and
 * {@code waitFor} giving up after 2 s.
 *
 * <p>Then the tutorial's warning, told for Java. In asyncio {@code time.sleep} blocks the one event
 * loop thread and every coroutine with it. On virtual threads a blocking JDK call such as
 * {@code Thread.sleep} only parks its own task, so it is fine. What a task must not do is compute for a
 * long time without blocking: that holds one of the few carrier threads the virtual threads run on
 * (one per core), and they are not time-sliced. The demo shows tasks waiting for a carrier, then the
 * two remedies: slice the work (yielding between slices), and put {@code checkCancelled()} in the loop
 * so a timeout or cancel can stop it.
 *
 * <p>Durations are a tenth of the tutorial's unless {@code --full} is given.
 */
public final class IoTask {
    private final PrintStream out;
    private final Pace pace;
    private final int carriers = Runtime.getRuntime().availableProcessors();

    private IoTask(PrintStream out, Pace pace) {
        this.out = out;
        this.pace = pace;
    }

    /** Runs every step on standard output; {@code --full} for the tutorial's durations. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /** Runs every step, printing to {@code out}; durations times {@code scale}. */
    public static void show(PrintStream out, double scale) {
        WarmUp.once();
        IoTask demo = new IoTask(out, new Pace(scale));
        run(() -> {
            demo.gatheredThenSerial();
            demo.backgroundTask();
            demo.firstCompleted();
            demo.tooLong();
            demo.blockingCallsAreFine();
            demo.cpuBoundHoldsACarrier();
        });
    }

    /** The tutorial's {@code io_task(name, delay, iterations)}: print, then wait, a few times. */
    String ioTask(String name, double delay, int iterations) {
        for (int i = 1; i <= iterations; i++) {
            out.println("  " + name + ": iteration " + i);
            sleep(pace.seconds(delay));
        }
        return name;
    }

    private void gatheredThenSerial() {
        out.println("1. Three io_tasks (A waits 1 s, B 1.5 s, C 1.2 s; three times each), gathered (expect about "
                + pace.label(3 * 1.5) + ")");
        long start = System.nanoTime();
        List<String> names = gather(() -> ioTask("A", 1, 3), () -> ioTask("B", 1.5, 3), () -> ioTask("C", 1.2, 3));
        out.println("  => gathered " + names + " in " + Pace.since(start));

        out.println("   The same three one after the other (expect about " + pace.label(3 * (1 + 1.5 + 1.2)) + ")");
        start = System.nanoTime();
        List<String> serial = List.of(ioTask("A", 1, 3), ioTask("B", 1.5, 3), ioTask("C", 1.2, 3));
        out.println("  => serial " + serial + " in " + Pace.since(start));
    }

    /** asyncio.create_task: the task runs while main goes on, and is awaited (joined) later. */
    private void backgroundTask() {
        out.println("2. A background task (" + pace.label(5) + "), started with spawn and joined later");
        long start = System.nanoTime();
        Task<String> background = spawn("background", () -> {
            out.println("  background: running");
            sleep(pace.seconds(5));
            out.println("  background: finishing");
            return "background result";
        });
        out.println("  main: continuing immediately");
        String result = background.join();
        out.println("  main: joined '" + result + "' after " + Pace.since(start));
    }

    /** asyncio.wait(tasks, return_when=FIRST_COMPLETED): done and pending sets; waitTasks cancels nothing. */
    private void firstCompleted() {
        out.println("3. waitTasks(FIRST_COMPLETED) on 'one' (" + pace.label(2) + ") and 'two' (" + pace.label(5) + ")");
        Task<Integer> one = spawn("one", () -> step("one", 2, 1));
        Task<Integer> two = spawn("two", () -> step("two", 5, 2));
        DoneAndPending<Integer> r = waitTasks(List.of(one, two), ReturnWhen.FIRST_COMPLETED);
        out.println("  done: " + r.done().stream().map(t -> t.name() + " = " + t.result()).toList()
                + ", pending: " + r.pending().stream().map(Task::name).toList());
        for (Task<Integer> task : r.pending()) {
            task.cancel();
            try {
                task.join();
            } catch (CancelledException e) {
                out.println("  cancelled pending '" + task.name() + "': isCancelled() = " + task.isCancelled());
            }
        }
    }

    private int step(String name, double seconds, int value) {
        out.println("  " + name + ": start");
        sleep(pace.seconds(seconds));
        out.println("  " + name + ": end");
        return value;
    }

    /** asyncio.wait_for(long_operation(), timeout=2) on a 5 s operation. */
    private void tooLong() {
        out.println("4. waitFor(" + pace.label(2) + ") on a " + pace.label(5) + " operation");
        long start = System.nanoTime();
        try {
            waitFor(pace.seconds(2), () -> {
                sleep(pace.seconds(5));
                return "finished";
            });
            out.println("  finished in time?!");
        } catch (TimedOutException e) {
            out.println("  took too long: TimedOutException after " + Pace.since(start));
        }
    }

    /** time.sleep would freeze an event loop; Thread.sleep on a virtual thread parks only its task. */
    private void blockingCallsAreFine() {
        int tasks = 4;
        out.println("5. Blocking JDK calls are fine: " + tasks + " tasks each call Thread.sleep(" + pace.label(1)
                + ") (one after the other: " + pace.label(tasks) + ")");
        long start = System.nanoTime();
        List<Callable<String>> sleepers = new ArrayList<>();
        for (int i = 1; i <= tasks; i++) {
            String name = "sleeper-" + i;
            sleepers.add(() -> {
                Thread.sleep(pace.seconds(1).toMillis());   // a plain blocking call, not Weft's sleep
                return name;
            });
        }
        List<String> done = gather(sleepers);
        out.println("  => " + done + " overlapped: " + Pace.since(start)
                + " (a blocked virtual thread leaves its carrier to the others)");
    }

    /** More busy loops than carriers: the extra ones wait; then slicing and checkCancelled. */
    private void cpuBoundHoldsACarrier() {
        int tasks = carriers + 2;
        Duration work = pace.seconds(2);
        out.println("6. A CPU-bound loop holds its carrier: " + tasks + " tasks each compute for " + label(work)
                + " on " + carriers + " carrier thread(s) (one per core)");
        long start = System.nanoTime();
        List<Run> hogs = gather(runs(tasks, name -> {
            Run run = Run.startingNow(name, start);
            compute(work);
            return run.finished();
        }));
        hogs.forEach(run -> out.println("  " + run));
        out.println("  => hogging: last start at " + seconds(latestStart(hogs))
                + " (virtual threads are not time-sliced: a task that never blocks keeps its carrier)");

        Duration slice = work.dividedBy(20);
        out.println("   Remedy 1: the same work in 20 slices, Thread.yield() after each");
        long start2 = System.nanoTime();
        List<Run> sliced = gather(runs(tasks, name -> {
            Run run = Run.startingNow(name, start2);
            for (int i = 0; i < 20; i++) {
                compute(slice);
                Thread.yield();                 // let a waiting task have the carrier
            }
            return run.finished();
        }));
        sliced.forEach(run -> out.println("  " + run));
        out.println("  => sliced: last start at " + seconds(latestStart(sliced)) + " (everyone starts at once"
                + " and shares the carriers; the total is the same)");

        Duration limit = work.dividedBy(4);
        out.println("   Remedy 2: checkCancelled() in the loop, so waitFor(" + label(limit) + ") can stop "
                + label(work) + " of work");
        long start3 = System.nanoTime();
        String outcome;
        try {
            waitFor(limit, () -> compute(work));
            outcome = "the value";
        } catch (TimedOutException e) {
            outcome = "TimedOutException";
        }
        out.println("  without a checkpoint: " + outcome + " only after " + Pace.since(start3)
                + " (the loop never looked at the cancel and ran to its end)");
        long start4 = System.nanoTime();
        try {
            waitFor(limit, () -> {
                for (int i = 0; i < 20; i++) {
                    compute(slice);
                    checkCancelled();           // throws here once the timeout has cancelled us
                }
                return null;
            });
        } catch (TimedOutException e) {
            out.println("  with checkCancelled(): TimedOutException after " + Pace.since(start4));
        }
    }

    /** Busy work for about {@code duration}: arithmetic in a loop that never blocks. */
    static long compute(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }

    /** When one task started and finished, in seconds after {@code zero} (a nanoTime reading). */
    record Run(String name, long zero, long started, long ended) {
        static Run startingNow(String name, long zero) {
            return new Run(name, zero, System.nanoTime(), 0);
        }

        Run finished() {
            return new Run(name, zero, started, System.nanoTime());
        }

        @Override
        public String toString() {
            return name + " started at +" + seconds(started - zero) + ", finished at +" + seconds(ended - zero);
        }
    }

    private static List<Callable<Run>> runs(int count, Function<String, Run> body) {
        List<Callable<Run>> runs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = "cpu-" + i;
            runs.add(() -> body.apply(name));
        }
        return runs;
    }

    private static long latestStart(List<Run> runs) {
        return runs.stream().mapToLong(r -> r.started() - r.zero()).max().orElse(0);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String label(Duration d) {
        return seconds(d.toNanos());
    }
}
