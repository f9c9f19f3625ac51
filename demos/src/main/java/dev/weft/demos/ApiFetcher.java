package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.Hedge;
import dev.weft.Outcome;
import dev.weft.RateLimiter;
import dev.weft.RetryPolicy;
import dev.weft.Semaphore;
import dev.weft.TimedOutException;
import dev.weft.testing.LatencyServer;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

/**
 * The mini project of the "1000 tasks on one thread" tutorial, with real I/O: a concurrent API fetcher.
 * A {@link LatencyServer} (from {@code weft-test-fixtures}) on the loopback interface plays the API:
 * {@code GET /items/{id}} answers a small JSON document after 20-80 ms, about 3% of ids get an HTTP 500
 * and about 2% stall for 5 s; a fixed seed makes each id behave the same way every run. We fetch 1,000
 * of its URLs with the JDK's {@link HttpClient}, each request a plain blocking {@code send} on its own
 * task:
 *
 * <ul>
 *   <li>a {@link RateLimiter} spaces the starts, a {@link Semaphore} keeps at most 10 in flight (the
 *       tutorial's {@code async with sem}), and {@code waitFor} gives each URL 2 s;
 *   <li>inside that deadline a {@link Hedge} sends a second request for a URL whose first one is slower
 *       than the 99th percentile seen so far and half a second (the stalls), and each request {@code retry}s an HTTP 500
 *       with a jittered backoff; the deadline bounds them all, and the losers are cancelled;
 *   <li>{@code gatherSettled} collects one outcome per URL, so a failure or a timeout is counted, not
 *       thrown: one bad URL does not sink the other 999;
 *   <li>a progress bar follows along, and the total is compared with the sum of the request times,
 *       which is what fetching them one after the other would have cost.
 * </ul>
 *
 * <p>Durations (latencies, timeout, rate period) are a tenth of these unless {@code --full} is given.
 */
public final class ApiFetcher {
    private static final int URLS = 1_000;
    private static final int IN_FLIGHT = 10;
    /** Starts per (tutorial) second: 500 a second at the default pace. */
    private static final int PER_SECOND = 50;
    private static final double TIMEOUT = 2.0;
    /** The API's latencies (tutorial seconds), and its shares of failures and stalls. */
    private static final double FASTEST = 0.020;
    private static final double SLOWEST = 0.080;
    private static final double STALL = 5.0;
    private static final double FAILURE_RATE = 0.03;
    private static final double STALL_RATE = 0.02;
    /**
     * The least a request waits before the hedge sends a second one: well above the ordinary latencies
     * (a second request for them would only add load, and the cancelled losers cost connections), well
     * below the timeout (so a stalled request is rescued in time).
     */
    private static final double HEDGE_FLOOR = 0.5;
    /** The server's seed: fixes which ids fail or stall (the warm-up's id 0 does neither). */
    private static final long SEED = 42;

    private final PrintStream out;
    private final Pace pace;
    private final HttpClient client;
    private final URI base;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    /** Requests sent again after an HTTP 500, second requests the hedge sent, and how many of those answered first. */
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger hedged = new AtomicInteger();
    private final AtomicInteger hedgeWins = new AtomicInteger();
    private RetryPolicy retryPolicy;
    private Hedge hedge;

    private ApiFetcher(PrintStream out, Pace pace, HttpClient client, URI base) {
        this.out = out;
        this.pace = pace;
        this.client = client;
        this.base = base;
    }

    /** Runs the fetcher on standard output; {@code --full} for the real latencies. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /**
     * Starts the server, fetches every URL, prints the tally to {@code out}, and shuts everything down;
     * durations times {@code scale}. The progress bar redraws one line when {@code out} is
     * {@code System.out} and that is a terminal, and prints a line every 10% otherwise (a log file, a pipe,
     * Maven's output).
     */
    public static void show(PrintStream out, double scale) {
        WarmUp.once();
        Pace pace = new Pace(scale);
        LatencyServer api = LatencyServer.builder()
                .latency(pace.seconds(FASTEST), pace.seconds(SLOWEST))
                .failureRate(FAILURE_RATE)
                .slowRate(STALL_RATE, pace.seconds(STALL))
                .seed(SEED)
                .responder(ApiFetcher::item)
                .start();
        URI base = api.uri("/items/");
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            ApiFetcher fetcher = new ApiFetcher(out, pace, client, base);
            out.printf(Locale.ROOT, "1. The API at %s: answers in %d-%s, about %.0f%% fail with HTTP 500, about %.0f%%"
                    + " stall for %s%n", base, pace.seconds(FASTEST).toMillis(), millis(pace.seconds(SLOWEST)),
                    FAILURE_RATE * 100, STALL_RATE * 100, pace.label(STALL));
            run(() -> fetcher.fetchAll(api));
            out.printf(Locale.ROOT, "  the server's own count: %,d requests (with the warm-up), %d answered HTTP 500,"
                    + " %d stalled%n", api.requests(), api.failures(), api.slowResponses());
        } finally {
            api.close();
            client.close();
        }
    }

    private void fetchAll(LatencyServer api) {
        RateLimiter perSecond = RateLimiter.of(PER_SECOND, pace.seconds(1));
        Semaphore connections = new Semaphore(IN_FLIGHT);
        Duration timeout = pace.seconds(TIMEOUT);
        double startsPerSecond = PER_SECOND / pace.scale();
        retryPolicy = RetryPolicy.builder()
                .maxAttempts(3)
                .exponentialBackoff(pace.seconds(0.010), 2.0, pace.seconds(0.100))
                .random(new Random(SEED))
                .retryOn(e -> e instanceof HttpStatusException h && h.status >= 500)
                .build();
        hedge = Hedge.percentile(99, 200, pace.seconds(HEDGE_FLOOR), 2);
        // once through the whole chain, with time to spare, so that the first requests do not pay for a
        // cold JVM's class loading inside their deadline
        out.println("  warm-up: " + fetch(base.resolve("0"), Duration.ofSeconds(10), connections));
        out.printf(Locale.ROOT, "2. Fetching %,d URLs: at most %d in flight (Semaphore), at most %,.0f starts a second"
                + " (RateLimiter), %s timeout each (waitFor)%n", URLS, IN_FLIGHT, startsPerSecond, millis(timeout));
        out.printf(Locale.ROOT, "  inside it: a second request after the p99 latency seen, at least %s (Hedge), and up to"
                + " 2 retries of an HTTP 500 (retry)%n", millis(pace.seconds(HEDGE_FLOOR)));

        ProgressBar progress = new ProgressBar(out, URLS, out == System.out && ProgressBar.onTerminal());
        long start = System.nanoTime();
        List<Outcome<String>> outcomes = gatherSettled(IntStream.rangeClosed(1, URLS)
                .mapToObj(id -> (Callable<String>) () -> {
                    try {
                        perSecond.acquire();                              // rate first: the deadline starts after it
                        return fetch(base.resolve(Integer.toString(id)), timeout, connections);
                    } finally {
                        progress.advance();
                    }
                })
                .toList());
        double elapsed = (System.nanoTime() - start) / 1e9;

        int ok = 0;
        int failed = 0;
        int timedOut = 0;
        int other = 0;
        String first = null;
        for (Outcome<String> outcome : outcomes) {
            switch (outcome) {
                case Outcome.Success<String> success -> {
                    ok++;
                    first = first == null ? success.value() : first;
                }
                case Outcome.Failure<String> failure when failure.error() instanceof TimedOutException -> timedOut++;
                case Outcome.Failure<String> failure when failure.error() instanceof HttpStatusException -> failed++;
                case Outcome.Failure<String> failure -> {
                    other++;
                    out.println("  unexpected: " + failure.error());
                }
            }
        }
        Duration oneByOne = Duration.ZERO;
        for (int id = 1; id <= URLS; id++) {
            Duration latency = api.fate(base.resolve(Integer.toString(id)).getPath(), 0).latency();
            oneByOne = oneByOne.plus(latency.compareTo(timeout) < 0 ? latency : timeout);
        }
        out.printf(Locale.ROOT, "3. %,d requests: %,d ok, %d failed (HTTP 500), %d timed out, %d other errors%n",
                outcomes.size(), ok, failed, timedOut, other);
        out.println("  first result: " + first + "; at most " + mostInFlight.get() + " in flight");
        out.printf(Locale.ROOT, "  retry: %d requests sent again after an HTTP 500; hedge: %d second requests, %d of them"
                + " answered first (hedge delay now %s)%n", retries.get(), hedged.get(), hedgeWins.get(),
                millis(hedge.currentDelay()));
        double sequential = oneByOne.toNanos() / 1e9;
        out.printf(Locale.ROOT, "  => all in %.2f s; one after the other at least %.2f s (the sum of the %,d latencies,"
                + " a stall counted as its timeout): %.1fx faster%n", elapsed, sequential, URLS, sequential / elapsed);
        out.printf(Locale.ROOT, "  (the rate limit alone needs %.2f s: %,d starts at %,.0f a second after a burst of %d)%n",
                (URLS - PER_SECOND) / startsPerSecond, URLS, startsPerSecond, PER_SECOND);
    }

    /**
     * One URL under a deadline, holding one of the connection permits (taken before the deadline starts,
     * as the tutorial's {@code async with sem} does): the hedge outside, so that a slow request gets a
     * second one beside it; the retry inside each, so that an HTTP 500 is sent again after a short
     * backoff. The deadline covers all of it: no retry sleeps past it and no hedge starts after it, and
     * whatever still runs then is cancelled and awaited. The permit bounds the URLs in flight; a hedged
     * URL has two requests on the wire for a moment.
     */
    private String fetch(URI url, Duration timeout, Semaphore connections) {
        AtomicInteger attempt = new AtomicInteger();
        Answer answer = connections.withPermit(() -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                return waitFor(timeout, () -> hedge.call(() -> {
                    int a = attempt.getAndIncrement();
                    if (a > 0) {
                        hedged.incrementAndGet();
                    }
                    AtomicInteger tries = new AtomicInteger();
                    return new Answer(a, retry(retryPolicy, () -> {
                        if (tries.getAndIncrement() > 0) {
                            retries.incrementAndGet();
                        }
                        return get(url);
                    }));
                }));
            } finally {
                inFlight.decrementAndGet();
            }
        });
        if (answer.attempt() > 0) {
            hedgeWins.incrementAndGet();
        }
        return answer.body();
    }

    /** What a hedged attempt got, and which attempt it was (0 for the first). */
    private record Answer(int attempt, String body) {
    }

    /**
     * A plain, blocking GET: on a virtual thread it parks only the task that makes it. A cancel (the
     * timeout) interrupts it, and the {@code InterruptedException} it throws is what Weft expects.
     */
    private String get(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new HttpStatusException(url, response.statusCode());
        }
        return response.body();
    }

    /** The API's answer for {@code path}: {@code /items/7} gives {@code {"id":7,"name":"item 7"}}. */
    private static String item(String path) {
        String id = path.substring(path.lastIndexOf('/') + 1);
        return "{\"id\":" + id + ",\"name\":\"item " + id + "\"}";
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    /** An answer other than 200 OK. */
    static final class HttpStatusException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpStatusException(URI url, int status) {
            super("HTTP " + status + " from " + url, null, false, false);
            this.status = status;
        }
    }

    /** A bar that redraws one line (live) or prints a line every 10%; safe to call from any task. */
    static final class ProgressBar {
        private static final int WIDTH = 40;

        private final PrintStream out;
        private final int total;
        private final boolean live;
        private final ReentrantLock lock = new ReentrantLock();
        private int done;
        private int shownPercent = -1;

        /**
         * Whether standard output is an interactive terminal. Since JDK 22 {@code System.console()} is
         * not null when output is redirected either, and {@code Console.isTerminal()} tells; it is looked
         * up reflectively because the demos compile for Java 21, where a console exists only on a terminal.
         */
        static boolean onTerminal() {
            Console console = System.console();
            if (console == null) {
                return false;
            }
            try {
                return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
            } catch (NoSuchMethodException e) {
                return true;
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }

        ProgressBar(PrintStream out, int total, boolean live) {
            this.out = out;
            this.total = total;
            this.live = live;
        }

        void advance() {
            lock.lock();
            try {
                done++;
                int percent = done * 100 / total;
                if (live && percent != shownPercent) {
                    int filled = done * WIDTH / total;
                    out.print("\r  [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                            + String.format(Locale.ROOT, "%3d%% %,d/%,d", percent, done, total)
                            + (done == total ? "\n" : ""));
                    out.flush();
                    shownPercent = percent;
                } else if (!live && percent / 10 != shownPercent / 10) {
                    out.printf(Locale.ROOT, "  progress %3d%% (%,d/%,d)%n", percent, done, total);
                    shownPercent = percent;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
