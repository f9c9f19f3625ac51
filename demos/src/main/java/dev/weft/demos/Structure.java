package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimedOutException;
import dev.weft.Timeout;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The structure around tasks, after the tutorials: a {@link TaskGroup} owns its children (and a failing
 * child cancels the others), a {@code timeout} bounds everything inside its block, and {@code shield}
 * protects work that a timeout or cancel must not cut short.
 *
 * <p>asyncio: {@code asyncio.TaskGroup}, {@code asyncio.timeout}, {@code wait_for}, {@code asyncio.shield}.
 * Durations are a tenth of the written ones unless {@code --full} is given.
 */
public final class Structure {
    private Structure() {
    }

    /** Shows the three on standard output; {@code --full} for the written durations. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /** Shows the three, printing to {@code out}; durations times {@code scale}. */
    public static void show(PrintStream out, double scale) {
        Pace pace = new Pace(scale);
        run(() -> {
            groups(out, pace);
            timeouts(out, pace);
            shielding(out, pace);
        });
    }

    private static String fetch(Pace pace, String page, double seconds) {
        sleep(pace.seconds(seconds));
        return page;
    }

    private static void groups(PrintStream out, Pace pace) {
        out.println("1. TaskGroup: three children; the group ends when all of them have");
        List<String> pages = TaskGroup.run(g -> {
            Task<String> a = g.spawn("a", () -> fetch(pace, "page a", 1));
            Task<String> b = g.spawn("b", () -> fetch(pace, "page b", 2));
            Task<String> c = g.spawn("c", () -> fetch(pace, "page c", 1.5));
            return List.of(a.join(), b.join(), c.join());
        });
        out.println("  got " + pages);

        out.println("  a failing child cancels its siblings, and the group rethrows its failure:");
        AtomicBoolean slowCleanedUp = new AtomicBoolean();
        try {
            TaskGroup.execute(g -> {
                g.spawn("slow", () -> {
                    try {
                        sleep(pace.seconds(10));
                    } finally {
                        slowCleanedUp.set(true);
                    }
                });
                g.spawn("broken", () -> {
                    sleep(pace.seconds(0.5));
                    throw new IllegalStateException("page not found");
                });
            });
        } catch (IllegalStateException e) {
            out.println("  group failed with '" + e.getMessage() + "'; slow sibling cancelled and cleaned up: "
                    + slowCleanedUp.get());
        }
    }

    private static void timeouts(PrintStream out, Pace pace) {
        out.println("2. timeout: one deadline for everything inside the block");
        try (Timeout deadline = timeout(pace.seconds(1))) {
            fetch(pace, "huge page", 5);
            out.println("  (not reached: the deadline passes first; expired = " + deadline.expired() + ")");
        } catch (TimedOutException e) {
            out.println("  the " + pace.label(5) + " fetch gave up at the " + pace.label(1) + " deadline: TimedOutException");
        }
        String quick = waitFor(pace.seconds(1), () -> fetch(pace, "quick page", 0.2));
        out.println("  waitFor returned '" + quick + "' before its deadline");
        String late = timeoutOrNull(pace.seconds(0.5), () -> fetch(pace, "late page", 3));
        out.println("  timeoutOrNull gave " + late + " for the late one");
    }

    private static void shielding(PrintStream out, Pace pace) {
        out.println("3. shield: work that a timeout or cancel must not cut short");
        AtomicBoolean saved = new AtomicBoolean();
        try (Timeout deadline = timeout(pace.seconds(0.5))) {
            shield(() -> {
                sleep(pace.seconds(1));          // the deadline passes in here
                saved.set(true);
                return null;
            });
            sleep(pace.seconds(1));
            out.println("  (not reached; expired = " + deadline.expired() + ")");
        } catch (TimedOutException e) {
            out.println("  the deadline passed during the save; it finished anyway (saved = " + saved.get()
                    + "), then the timeout took effect");
        }
    }
}
