package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.ContextVar;
import dev.weft.Generator;
import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.TaskGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moving data between tasks, after the tutorials: a {@link Queue} feeding workers until it is shut down,
 * a {@link Generator} producing values on demand, a {@link ContextVar} that children inherit, and
 * {@code mapConcurrent} with a limit.
 *
 * <p>asyncio: {@code asyncio.Queue} with {@code shutdown()} (3.13), an async generator with
 * {@code async for}, {@code contextvars.ContextVar}, {@code gather} behind a semaphore. Durations are a
 * tenth of the written ones unless {@code --full} is given.
 */
public final class Pipelines {
    private static final ContextVar<String> REQUEST_ID = ContextVar.withDefault("request-id", "none");

    private Pipelines() {
    }

    /** Shows the four on standard output; {@code --full} for the written durations. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /** Shows the four, printing to {@code out}; durations times {@code scale}. */
    public static void show(PrintStream out, double scale) {
        Pace pace = new Pace(scale);
        run(() -> {
            queueWithShutdown(out, pace);
            generator(out, pace);
            contextVar(out, pace);
            mapWithLimit(out, pace);
        });
    }

    private static void queueWithShutdown(PrintStream out, Pace pace) {
        out.println("1. Queue: a producer, three workers; shutdown() ends the workers once the queue is drained");
        Queue<Integer> jobs = Queue.fifo(5);
        List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
        TaskGroup.execute(g -> {
            for (int w = 1; w <= 3; w++) {
                g.spawn("worker-" + w, () -> {
                    try {
                        while (true) {
                            int job = jobs.get();
                            sleep(pace.seconds(0.1));
                            handled.add(job);
                            jobs.taskDone();
                        }
                    } catch (QueueShutDownException e) {
                        // drained and shut down: this worker is done
                    }
                });
            }
            for (int job = 1; job <= 12; job++) {
                jobs.put(job);                  // waits while 5 are queued: back-pressure
            }
            jobs.join();                        // every job marked done (asyncio: await queue.join())
            jobs.shutdown();
        });
        List<Integer> sorted = new ArrayList<>(handled);
        Collections.sort(sorted);
        out.println("  handled " + sorted.size() + " jobs " + sorted + "; the workers left on QueueShutDownException");
    }

    private static void generator(PrintStream out, Pace pace) {
        out.println("2. Generator: pages produced one at a time, as the consumer asks");
        List<String> seen = new ArrayList<>();
        try (Generator<String> pages = generate(emit -> {
            for (int page = 1; ; page++) {
                sleep(pace.seconds(0.1));
                emit.emit("page " + page);
            }
        })) {
            for (String page : pages) {
                seen.add(page);
                if (seen.size() == 3) {
                    break;                      // closing the generator cancels its producer
                }
            }
        }
        out.println("  took " + seen + ", then closed the endless generator");
    }

    private static void contextVar(PrintStream out, Pace pace) {
        out.println("3. ContextVar: a value the tasks spawned under it inherit");
        List<String> ids = REQUEST_ID.where("req-42", () -> gather(
                () -> "child sees " + REQUEST_ID.get(),
                () -> {
                    sleep(pace.seconds(0.1));
                    return "grandchild sees " + spawn(() -> REQUEST_ID.get()).join();
                }));
        out.println("  " + String.join(", ", ids) + "; outside: " + REQUEST_ID.get());
    }

    private static void mapWithLimit(PrintStream out, Pace pace) {
        out.println("4. mapConcurrent: ten fetches, at most three at a time, results in input order");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> lengths = mapConcurrent(List.of("a", "bb", "ccc", "dddd", "e", "ff", "ggg", "hhhh", "i", "jj"), 3,
                word -> {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        sleep(pace.seconds(0.2));
                        return word.length();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
        out.println("  lengths " + lengths + ", at most " + most.get() + " in flight");
    }
}
