package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TimedOutException;
import java.io.PrintStream;

/**
 * "Learn asyncio in 15 minutes", last part: a task object you can cancel, ask whether it is done, read
 * the result of, and give a deadline. The API call takes 2.5 s; we cancel it, look at it after 3 s and
 * after 2 s, and finally allow it only 2 s with {@code waitFor}.
 *
 * <p>One difference from asyncio is worth seeing: the tutorial sleeps 0.5 s after {@code cancel()}
 * "so the cancel can register". A Weft task is done, and {@code isCancelled()} true, once its cleanup
 * ({@code finally} blocks) has run; joining it waits exactly that long, no guessing.
 *
 * <p>Durations are a tenth of the tutorial's unless {@code --full} is given.
 */
public final class TaskControl {
    private final PrintStream out;
    private final Pace pace;

    private TaskControl(PrintStream out, Pace pace) {
        this.out = out;
        this.pace = pace;
    }

    /** Runs the four steps on standard output; {@code --full} for the tutorial's durations. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /** Runs the four steps, printing to {@code out}; durations times {@code scale}. */
    public static void show(PrintStream out, double scale) {
        WarmUp.once();
        TaskControl demo = new TaskControl(out, new Pace(scale));
        run(() -> {
            demo.cancelIt();
            demo.lookAfter("2.", 3);
            demo.lookAfter("3.", 2);
            demo.giveItTwoSeconds();
        });
    }

    /** The tutorial's {@code api.fetch_data()}: 2.5 s; says so when it is interrupted. */
    String fetchData() {
        out.println("    fetching data");
        boolean fetched = false;
        try {
            sleep(pace.seconds(2.5));
            fetched = true;
            return "API data";
        } finally {
            out.println(fetched ? "    data fetched" : "    fetch stopped, cleanup ran");
        }
    }

    /** spawn, let it start, cancel; join to see the cancellation. */
    private void cancelIt() {
        out.println("1. spawn the fetch, cancel it " + pace.label(0.5) + " later");
        Task<String> task = spawn("fetch", this::fetchData);
        sleep(pace.seconds(0.5));
        boolean asked = task.cancel();
        try {
            out.println("  result: " + task.join());
        } catch (CancelledException e) {
            out.println("  cancel() returned " + asked + "; join threw CancelledException: request was cancelled");
        }
        out.println("  isCancelled() = " + task.isCancelled() + ", isDone() = " + task.isDone());
        out.println("  (a cancelled task counts as done only after its cleanup ran; join waits for that,"
                + " instead of the tutorial's 0.5 s nap)");
    }

    /** Checks isDone after sleeping {@code tutorialSeconds}, and only then asks for the result. */
    private void lookAfter(String step, double tutorialSeconds) {
        out.println(step + " spawn the fetch (" + pace.label(2.5) + "), look after "
                + pace.label(tutorialSeconds));
        Task<String> task = spawn("fetch", this::fetchData);
        sleep(pace.seconds(tutorialSeconds));
        if (task.isDone()) {
            out.println("  isDone() = true, result() = " + task.result());
            return;
        }
        out.println("  isDone() = false: no result yet");
        try {
            task.result();
        } catch (IllegalStateException e) {
            out.println("  result() now throws IllegalStateException, so check isDone() first");
        }
        task.cancel();
        try {
            task.join();
        } catch (CancelledException e) {
            out.println("  cancelled it; isCancelled() = " + task.isCancelled());
        }
    }

    /** asyncio.wait_for(task, timeout=2) against the 2.5 s fetch. */
    private void giveItTwoSeconds() {
        out.println("4. waitFor with a " + pace.label(2) + " timeout on the " + pace.label(2.5) + " fetch");
        long start = System.nanoTime();
        try {
            out.println("  result: " + waitFor(pace.seconds(2), this::fetchData));
        } catch (TimedOutException e) {
            out.println("  TimedOutException after " + Pace.since(start) + ": request took too long");
        }
        out.println("  (waitFor cancelled the fetch and waited for its cleanup before throwing)");
    }
}
