package dev.weft.demos;

import dev.weft.Weft;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs the demos one after another, each under a header: the tour a newcomer starts with.
 *
 * <pre>
 * mvn -q -DskipTests -Ptour verify                          # from the repo root: every demo, fast
 * mvn -q -DskipTests -Ptour verify -Dtour.args="--full breakfast"
 * java -cp ... dev.weft.demos.Tour --list                   # names only
 * </pre>
 *
 * <p>Arguments: {@code --list} prints the demos' names; one or more names run only those demos;
 * {@code --full} restores the tutorials' durations (by default they are a tenth). An argument holding
 * spaces is split, so Maven can pass several in one property.
 */
public final class Tour {

    /** What a demo does when the tour shows it: print to {@code out}, durations times {@code scale}. */
    @FunctionalInterface
    interface Body {
        void show(PrintStream out, double scale) throws Exception;
    }

    /** One stop of the tour: a short name for the command line, a one-line summary, and its body. */
    record Demo(String name, String summary, Body body) {
    }

    /** Every demo, in tour order. A new demo is one more line here. */
    static final List<Demo> DEMOS = List.of(
            new Demo("breakfast", "coffee and a bagel: one after the other, gather, spawn + join", Breakfast::show),
            new Demo("fetch-users", "ten users: one by one, gather, gather behind a semaphore; a Timer", FetchUsers::show),
            new Demo("fetch-and-send", "fetch data, then send it to two users: one by one vs gather", FetchAndSend::show),
            new Demo("task-control", "spawn, cancel, isCancelled, isDone, result, waitFor", TaskControl::show),
            new Demo("io-task", "gather vs serial, background task, waitTasks, waitFor; blocking vs CPU-bound", IoTask::show),
            new Demo("many-tasks", "1,000 and 100,000 sleeping tasks: time and heap; a platform pool", ManyTasks::show),
            new Demo("concurrency-vs-parallelism", "waiting overlaps on any core count; computing scales with cores",
                    ConcurrencyVsParallelism::show),
            new Demo("api-fetcher", "real HTTP: 1,000 URLs, 10 in flight, rate limit, timeouts, progress bar",
                    ApiFetcher::show),
            // after the tutorials: the rest of the headline API
            new Demo("structure", "TaskGroup (a failure cancels siblings), timeout, waitFor, timeoutOrNull, shield",
                    Structure::show),
            new Demo("pipelines", "Queue with shutdown, Generator, ContextVar, mapConcurrent", Pipelines::show),
            new Demo("service", "an HTTP aggregator: deadlines, MDC ids, ServiceScope, graceful shutdown, load p50/p99",
                    Aggregator::show));

    private Tour() {
    }

    /** Runs the tour; exits with 2 on a bad argument and 1 if a demo failed. */
    public static void main(String[] args) {
        List<String> words = words(args);
        if (words.contains("--list")) {
            DEMOS.forEach(d -> System.out.printf("%-27s %s%n", d.name(), d.summary()));
            return;
        }
        List<Demo> chosen = new ArrayList<>();
        for (String word : words) {
            if (word.equals("--full")) {
                continue;
            }
            Optional<Demo> demo = find(word);
            if (demo.isEmpty()) {
                System.err.println("Unknown argument '" + word + "'. Use --list, --full, or a demo name: "
                        + DEMOS.stream().map(Demo::name).toList());
                System.exit(2);
            }
            chosen.add(demo.get());
        }
        boolean ok = tour(System.out, chosen.isEmpty() ? DEMOS : chosen, Pace.fromArgs(words));
        if (!ok) {
            System.exit(1);
        }
    }

    /** Shows each demo under a header; a failing demo is reported and the tour goes on. True if all passed. */
    static boolean tour(PrintStream out, List<Demo> demos, Pace pace) {
        out.printf("Weft demo tour on Java %s, engine '%s', durations x%s%s%n", Runtime.version(),
                Weft.engineName(), pace.scale(), pace.scale() == Pace.FULL ? "" : " (--full for the tutorials' own)");
        long start = System.nanoTime();
        int failed = 0;
        for (Demo demo : demos) {
            out.printf("%n=== %s: %s ===%n", demo.name(), demo.summary());
            try {
                demo.body().show(out, pace.scale());
            } catch (Exception e) {
                failed++;
                out.println("!!! " + demo.name() + " failed: " + e);
                e.printStackTrace();
            }
        }
        out.printf("%nTour done: %d demo(s), %d failed, in %s%n", demos.size(), failed, Pace.since(start));
        return failed == 0;
    }

    private static Optional<Demo> find(String name) {
        return DEMOS.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }

    private static List<String> words(String[] args) {
        return Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("\\s+"))).filter(w -> !w.isEmpty()).toList();
    }
}
