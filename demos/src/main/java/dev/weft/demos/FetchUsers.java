package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.Semaphore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The challenge at the end of the "1000 tasks on one thread" tutorial: fetch ten fake users, first all
 * at once with {@code gather}, then at most three at a time behind a {@link Semaphore}, timing each
 * pass with a home-made {@link Timer}; all of it in one main run once by {@code run}.
 *
 * <p>The tutorial's timer is an async context manager ({@code __aenter__}/{@code __aexit__}). Here
 * nothing needs to be async: a plain {@link AutoCloseable} in try-with-resources does the job, and
 * closing it prints the elapsed time even if the block throws.
 *
 * <p>Each fetch takes 1 s in the tutorial, a tenth of that unless {@code --full} is given.
 */
public final class FetchUsers {
    private static final int USERS = 10;
    private static final int AT_A_TIME = 3;

    private final PrintStream out;
    private final Pace pace;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    private FetchUsers(PrintStream out, Pace pace) {
        this.out = out;
        this.pace = pace;
    }

    /** Fetches the users on standard output; {@code --full} for the tutorial's 1 s per fetch. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /** Runs the whole pipeline, printing to {@code out}; durations are multiplied by {@code scale}. */
    public static void show(PrintStream out, double scale) {
        WarmUp.once();
        FetchUsers demo = new FetchUsers(out, new Pace(scale));
        run(demo::pipeline);
    }

    /** A fake user, as the tutorial's dict {@code {"id": 1, "name": "user1", ...}}. */
    record User(int id, String name, String email) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The tutorial's {@code fetch_user(id)}: a 1 s round trip to nowhere, then a fake user. */
    User fetchUser(int id) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            sleep(pace.seconds(1));
            return new User(id, "user" + id, "user" + id + "@example.com");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Step 5: one main that does everything, run once. */
    private void pipeline() {
        out.println("1. One after the other, for comparison (expect about " + pace.label(USERS) + ")");
        try (Timer timer = new Timer(out, "one after the other")) {
            List<User> users = new ArrayList<>();
            for (int id = 1; id <= USERS; id++) {
                users.add(fetchUser(id));
            }
            fetched(users);
        }

        out.println("2. All " + USERS + " at once with gather (expect about " + pace.label(1) + ")");
        try (Timer timer = new Timer(out, "gather")) {
            List<User> users = gather(fetches(this::fetchUser));
            fetched(users);
        }

        out.println("3. gather behind a Semaphore(" + AT_A_TIME + "): " + AT_A_TIME + " at a time, "
                + ceilDiv(USERS, AT_A_TIME) + " rounds (expect about " + pace.label(ceilDiv(USERS, AT_A_TIME)) + ")");
        Semaphore semaphore = new Semaphore(AT_A_TIME);
        try (Timer timer = new Timer(out, "gather with a semaphore")) {
            List<User> users = gather(fetches(id -> {
                try (Semaphore.Permit permit = semaphore.acquire()) {   // async with sem:
                    return fetchUser(id);
                }
            }));
            fetched(users);
        }
        out.println("The semaphore trades speed for politeness: the server never sees more than "
                + AT_A_TIME + " requests from us at once.");
    }

    /** One fetch per user id, in id order: what the tutorial builds as a list of coroutines. */
    private static List<Callable<User>> fetches(IntFunction<User> fetch) {
        return IntStream.rangeClosed(1, USERS).mapToObj(id -> (Callable<User>) () -> fetch.apply(id)).toList();
    }

    private void fetched(List<User> users) {
        out.println("  got " + users.size() + " users " + users + ", at most " + mostInFlight.getAndSet(0)
                + " in flight");
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Prints how long its try-with-resources block took when the block is left, normally or not: the
     * tutorial's {@code Timer} async context manager.
     *
     * <pre>{@code
     * try (Timer timer = new Timer(out, "gather")) {
     *     gather(...);
     * }                                   // prints "  timer: gather took 0.10 s"
     * }</pre>
     */
    static final class Timer implements AutoCloseable {
        private final PrintStream out;
        private final String label;
        private final long start = System.nanoTime();

        Timer(PrintStream out, String label) {
            this.out = out;
            this.label = label;
        }

        @Override
        public void close() {
            out.println("  timer: " + label + " took " + Pace.since(start));
        }
    }
}
