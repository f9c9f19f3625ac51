package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.Task;
import java.io.PrintStream;
import java.util.List;

/**
 * The breakfast of the asyncio tutorial: brewing coffee takes 3 s and toasting a bagel 2 s. Made one
 * after the other, breakfast takes 5 s; made together, with {@code gather} or with {@code spawn} and
 * {@code join}, it takes 3 s.
 *
 * <p>Python needs {@code async def} and {@code await} to make the two jobs overlap. Here every task
 * is a virtual thread, so {@link #brewCoffee()} is an ordinary method, {@code sleep} simply blocks
 * its thread, and what Python writes as {@code await asyncio.gather(...)} is just {@code gather(...)}.
 *
 * <p>Durations are a tenth of the tutorial's unless {@code --full} is given.
 */
public final class Breakfast {
    private final PrintStream out;
    private final Pace pace;

    private Breakfast(PrintStream out, Pace pace) {
        this.out = out;
        this.pace = pace;
    }

    /** Serves the three breakfasts on standard output; {@code --full} for the tutorial's 3 s and 2 s. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /**
     * Serves the three breakfasts, printing each step and timing to {@code out}; every duration is
     * multiplied by {@code scale} ({@code 1.0} is the tutorial, {@code 0.1} ten times faster).
     */
    public static void show(PrintStream out, double scale) {
        Breakfast kitchen = new Breakfast(out, new Pace(scale));
        kitchen.oneAfterTheOther();
        kitchen.withGather();
        kitchen.withSpawn();
    }

    /** The tutorial's {@code brew_coffee}: 3 s of waiting. */
    String brewCoffee() {
        out.println("  start brewing coffee");
        sleep(pace.seconds(3));
        out.println("  coffee brewed");
        return "Coffee ready";
    }

    /** The tutorial's {@code toast_bagel}: 2 s of waiting. */
    String toastBagel() {
        out.println("  start toasting bagel");
        sleep(pace.seconds(2));
        out.println("  bagel toasted");
        return "Bagel toasted";
    }

    /** The synchronous version: the bagel waits for the coffee. */
    private void oneAfterTheOther() {
        out.println("1. One after the other (expect about " + pace.label(5) + ")");
        long start = System.nanoTime();
        List<String> breakfast = run(() -> {
            String coffee = brewCoffee();
            String bagel = toastBagel();
            return List.of(coffee, bagel);
        });
        served(breakfast, start);
    }

    /** asyncio.gather: both at once; the results come back in argument order. */
    private void withGather() {
        out.println("2. Together with gather (expect about " + pace.label(3) + ")");
        long start = System.nanoTime();
        List<String> breakfast = run(() -> gather(this::brewCoffee, this::toastBagel));
        served(breakfast, start);
    }

    /** asyncio.create_task, then await each task: spawn both, then join them one by one. */
    private void withSpawn() {
        out.println("3. Together with spawn and join (expect about " + pace.label(3) + ")");
        long start = System.nanoTime();
        List<String> breakfast = run(() -> {
            Task<String> coffee = spawn("coffee", this::brewCoffee);
            Task<String> bagel = spawn("bagel", this::toastBagel);
            return List.of(coffee.join(), bagel.join());
        });
        served(breakfast, start);
    }

    private void served(List<String> breakfast, long startNanos) {
        out.println("  => " + breakfast + " in " + Pace.since(startNanos));
    }
}
