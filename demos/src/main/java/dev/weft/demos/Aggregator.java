package dev.weft.demos;

import static dev.weft.Weft.*;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.Outcome;
import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.ServiceScope;
import dev.weft.TimedOutException;
import dev.weft.WeftApp;
import dev.weft.testing.LatencyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A small service built with Weft: an HTTP aggregator on the loopback interface. {@code GET
 * /product/{id}} fans out to three backends (price, stock, reviews: one {@link LatencyServer} from
 * {@code weft-test-fixtures}) and answers with what came back within the request's deadline.
 *
 * <ul>
 *   <li>The JDK's {@link HttpServer} runs each exchange on a virtual thread; each request is one
 *       {@code Weft.run("request req-17", ...)} whose {@code gatherSettled("backends", ...)} calls the
 *       backends with the JDK {@link HttpClient}.
 *   <li>Each request has a deadline (header {@code X-Deadline-Ms}, else 2 s at full pace), and each
 *       backend call is given what is left of it as its HTTP timeout: a slow backend makes the answer
 *       partial ({@code "missing":[...]}) instead of late.
 *   <li>Every log line of a request carries its id through SLF4J's MDC ({@code requestId}), in the
 *       request's task and in each backend call's task.
 *   <li>A {@link ServiceScope} named {@code background} supervises the service's own tasks: two audit
 *       workers draining a {@link Queue} of audit records, and a cache refresher that fails now and
 *       then: its failure reaches the scope's handler the moment it happens, which restarts it.
 *   <li>Shutdown is graceful: the server stops taking requests, the audit queue is shut down and
 *       drained, the background scope gets a grace period, and the tally shows that every audit record
 *       queued was written or reported. Run {@code main} with {@code --serve} and press Ctrl-C (or send
 *       SIGTERM): {@link WeftApp} cancels the tree and the same shutdown runs.
 *   <li>A load run: a Weft client sends a few thousand requests, 32 at a time ({@code mapConcurrent}),
 *       and prints throughput and p50/p99 latency.
 * </ul>
 *
 * <p>Durations are a tenth of the stated ones unless {@code --full} is given (then 3,000 requests).
 */
public final class Aggregator {
    private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);
    private static final String[] BACKENDS = {"price", "stock", "reviews"};
    /** Backend latency (tutorial seconds), and the share of slow answers that miss the deadline. */
    private static final double FASTEST = 0.010;
    private static final double SLOWEST = 0.040;
    private static final double SLOW = 3.0;
    private static final double SLOW_RATE = 0.02;
    private static final double DEADLINE = 2.0;
    private static final double GRACE = 2.0;
    private static final double REFRESH_EVERY = 0.050;
    private static final int IN_FLIGHT = 32;
    /** How many backend answers are logged at INFO (the rest at DEBUG), to show the request id in a child's log line. */
    private static final int SAMPLE = 3;

    private final PrintStream out;
    private final Pace pace;
    private final HttpClient backendClient;
    private final URI backends;
    private final Duration defaultDeadline;
    private final AtomicInteger requestIds = new AtomicInteger();
    private final AtomicInteger mdcMismatches = new AtomicInteger();
    private final AtomicInteger partial = new AtomicInteger();
    private final AtomicInteger sampled = new AtomicInteger();
    /** Why the first missing backend answer was missing, for the summary. */
    private final java.util.concurrent.atomic.AtomicReference<String> firstMiss = new java.util.concurrent.atomic.AtomicReference<>();
    /** Audit records: put by request tasks, taken by the background workers. */
    private final Queue<String> audit = Queue.fifo(10_000);
    private final AtomicLong auditQueued = new AtomicLong();
    private final AtomicLong auditWritten = new AtomicLong();
    private final AtomicInteger refresherFailures = new AtomicInteger();
    private final ServiceScope background;
    private final HttpServer server;
    private final ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();

    private Aggregator(PrintStream out, Pace pace, URI backends) throws IOException {
        this.out = out;
        this.pace = pace;
        this.backends = backends;
        this.defaultDeadline = pace.seconds(DEADLINE);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(exchanges);
        server.createContext("/product/", this::handle);
        this.backendClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        this.background = ServiceScope.open("background", (task, error) -> {
            // called the moment a background task fails, on its thread: log it, restart the refresher
            out.printf("  supervisor: %s failed (%s); restarting it%n", task.name(), error.getMessage());
            if (task.name().equals("cache-refresh") && !background().isShutDown()) {
                startRefresher();
            }
        });
    }

    private ServiceScope background() {
        return background;
    }

    /** Runs the load demo on standard output; {@code --full} for the stated durations and 3,000 requests;
     * {@code --serve} to serve until Ctrl-C or SIGTERM (graceful shutdown through {@link WeftApp}). */
    public static void main(String[] args) {
        Pace pace = Pace.fromArgs(args);
        WeftApp.run(args, Duration.ofSeconds(10), argv -> {
            if (argv.contains("--serve")) {
                serveUntilStopped(System.out, pace);
            } else {
                show(System.out, pace.scale());
            }
        });
    }

    /** Starts the service, runs the load, prints the figures and shuts the service down; durations times {@code scale}. */
    public static void show(PrintStream out, double scale) throws Exception {
        WarmUp.once();
        Pace pace = new Pace(scale);
        int requests = scale >= Pace.FULL ? 3_000 : scale >= Pace.FAST ? 1_000 : 300;
        try (LatencyServer backend = backend(pace)) {
            Aggregator service = new Aggregator(out, pace, backend.uri("/"));
            service.start();
            try {
                service.load(requests);
            } finally {
                service.shutDown();
            }
        }
    }

    private static void serveUntilStopped(PrintStream out, Pace pace) throws Exception {
        try (LatencyServer backend = backend(pace)) {
            Aggregator service = new Aggregator(out, pace, backend.uri("/"));
            service.start();
            try {
                out.printf("Serving on %s -- try: curl %s ; Ctrl-C to stop%n", service.uri(""), service.uri("42"));
                sleep(Duration.ofDays(365)); // until the shutdown hook cancels the tree
            } finally {
                shield(() -> {
                    service.shutDown(); // runs to the end although the app is being cancelled
                    return null;
                });
            }
        }
    }

    private static LatencyServer backend(Pace pace) {
        return LatencyServer.builder()
                .latency(pace.seconds(FASTEST), pace.seconds(SLOWEST))
                .slowRate(SLOW_RATE, pace.seconds(SLOW))
                .seed(7)
                .responder(path -> path.substring(path.lastIndexOf('/') + 1) + "-" + path.split("/")[1])
                .start();
    }

    private URI uri(String product) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/product/" + product);
    }

    // ---- the service -------------------------------------------------------------------------------

    private void start() {
        for (int i = 0; i < 2; i++) {
            background.spawn("audit-writer-" + i, this::writeAudit);
        }
        startRefresher();
        server.start();
        out.printf(Locale.ROOT, "1. Service up at %s: backends answer in %d-%d ms (%.0f%% take %d ms), deadline %d ms a request%n",
                uri(""), pace.seconds(FASTEST).toMillis(), pace.seconds(SLOWEST).toMillis(), SLOW_RATE * 100,
                pace.seconds(SLOW).toMillis(), defaultDeadline.toMillis());
        out.println("   background: " + background.liveTasks().stream().map(t -> t.name()).sorted().toList());
    }

    /** One exchange, on its own virtual thread: the request is a Weft run named after its id. */
    private void handle(HttpExchange exchange) throws IOException {
        String id = "req-" + requestIds.incrementAndGet();
        MDC.put("requestId", id);
        try {
            String product = exchange.getRequestURI().getPath().substring("/product/".length());
            Duration deadline = deadlineOf(exchange);
            long deadlineAt = System.nanoTime() + deadline.toNanos();
            String body;
            int status;
            try {
                body = run("request " + id, () -> aggregate(id, product, deadlineAt));
                status = 200;
            } catch (RuntimeException e) {
                LOG.warn("request for product {} failed", product, e);
                body = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
                status = 500;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } finally {
            exchange.close();
            MDC.remove("requestId");
        }
    }

    private Duration deadlineOf(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("X-Deadline-Ms");
        if (header == null) {
            return defaultDeadline;
        }
        try {
            long ms = Long.parseLong(header.trim());
            return ms > 0 ? Duration.ofMillis(ms) : defaultDeadline;
        } catch (NumberFormatException e) {
            return defaultDeadline;
        }
    }

    /** The request's task: all backends at once, each with what is left of the deadline. */
    private String aggregate(String id, String product, long deadlineAt) throws InterruptedException {
        List<Callable<String>> calls = new ArrayList<>();
        for (String name : BACKENDS) {
            calls.add(withRequestId(id, () -> callBackend(name, product, deadlineAt)));
        }
        List<Outcome<String>> parts = gatherSettled("backends", calls);
        StringBuilder json = new StringBuilder("{\"product\":\"").append(product).append('"');
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < BACKENDS.length; i++) {
            if (parts.get(i) instanceof Outcome.Success<String> s) {
                json.append(",\"").append(BACKENDS[i]).append("\":\"").append(s.value()).append('"');
            } else {
                missing.add(BACKENDS[i]);
                Throwable why = ((Outcome.Failure<String>) parts.get(i)).error();
                firstMiss.compareAndSet(null, BACKENDS[i] + ": " + why);
            }
        }
        if (!missing.isEmpty()) {
            partial.incrementAndGet();
            json.append(",\"missing\":").append(missing.stream().map(m -> '"' + m + '"').toList());
        }
        audit.put(id + " product " + product + (missing.isEmpty() ? "" : " partial"));
        auditQueued.incrementAndGet();
        return json.append('}').toString();
    }

    /**
     * One backend call with the time left until the request's deadline as its HTTP timeout. (With
     * a current-deadline API in the toolkit this would read the task's own deadline instead of
     * carrying {@code deadlineAt} along; the arithmetic is the same.)
     */
    private String callBackend(String name, String product, long deadlineAt) throws IOException, InterruptedException {
        long left = deadlineAt - System.nanoTime();
        if (left <= 0) {
            throw new TimedOutException("no time left for " + name);
        }
        HttpRequest request = HttpRequest.newBuilder(backends.resolve(name + "/" + product))
                .timeout(Duration.ofNanos(left))
                .build();
        HttpResponse<String> response = backendClient.send(request, HttpResponse.BodyHandlers.ofString());
        if (sampled.getAndIncrement() < SAMPLE) {
            LOG.info("{} answered {} for product {}", name, response.statusCode(), product); // the pattern shows %X{requestId}
        } else {
            LOG.debug("{} answered {} for product {}", name, response.statusCode(), product);
        }
        return response.body();
    }

    /**
     * Runs {@code body} with {@code requestId} in the MDC of the task that runs it, and counts a task
     * that would have logged under another id. (Spawned tasks inherit the MDC where the toolkit
     * propagates it; setting it here keeps the demo right either way.)
     */
    private <T> Callable<T> withRequestId(String requestId, Callable<T> body) {
        return () -> {
            String inherited = MDC.get("requestId");
            if (inherited != null && !inherited.equals(requestId)) {
                mdcMismatches.incrementAndGet();
            }
            MDC.put("requestId", requestId);
            try {
                return body.call();
            } finally {
                MDC.remove("requestId");
            }
        };
    }

    // ---- the background scope ----------------------------------------------------------------------

    /** An audit worker: writes records until the queue is shut down and empty. */
    private Void writeAudit() {
        for (;;) {
            String record;
            try {
                record = audit.get();
            } catch (QueueShutDownException drained) {
                return null;
            }
            LOG.debug("audit {}", record);
            auditWritten.incrementAndGet();
            audit.taskDone();
        }
    }

    /** A cache refresher whose first run fails on its 3rd refresh: the supervisor's handler restarts it. */
    private void startRefresher() {
        try {
            background.spawn("cache-refresh", () -> {
                for (int round = 1; ; round++) {
                    sleep(pace.seconds(REFRESH_EVERY));
                    if (round == 3 && refresherFailures.compareAndSet(0, 1)) {
                        throw new IllegalStateException("cache backend hiccup after " + round + " refreshes");
                    }
                }
            });
        } catch (IllegalStateException closing) {
            LOG.debug("not restarting the refresher: the background scope is closing");
        }
    }

    // ---- the load client ---------------------------------------------------------------------------

    private void load(int requests) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            out.printf(Locale.ROOT, "2. Load: %,d requests, %d at a time, from a Weft client (mapConcurrent)%n", requests, IN_FLIGHT);
            long start = System.nanoTime();
            List<Long> nanos = run("load", () -> mapConcurrent(IntStream.rangeClosed(1, requests).boxed().toList(), IN_FLIGHT,
                    i -> timedGet(client, uri(Integer.toString(i % 500)))));
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            out.printf(Locale.ROOT, "   %,d answers in %.2f s: %,.0f requests/s, latency p50 %.1f ms, p99 %.1f ms%n",
                    sorted.length, seconds, sorted.length / seconds, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
            out.printf(Locale.ROOT, "   %,d partial answers (a backend missed the deadline); request id in every backend call's MDC: %s%n",
                    partial.get(), mdcMismatches.get() == 0 ? "yes" : "NO (" + mdcMismatches.get() + " mismatches)");
            if (firstMiss.get() != null) {
                out.println("   first missing answer: " + firstMiss.get());
            }
        } finally {
            client.close();
        }
    }

    private static long timedGet(HttpClient client, URI uri) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + uri + ": " + r.body());
        }
        return System.nanoTime() - t0;
    }

    private static long percentile(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ---- shutdown ----------------------------------------------------------------------------------

    /** Stops taking requests, drains the audit queue, closes the background scope: nothing queued is lost. */
    private void shutDown() {
        out.println("3. Shutdown: stop the server, shut the audit queue down, close the background scope");
        server.stop(0);
        exchanges.close(); // waits for exchanges still being answered
        audit.shutdown(); // no new records; the workers drain what is queued, then end
        boolean inTime = background.close(pace.seconds(GRACE));
        int left = audit.size();
        if (left > 0) {
            audit.shutdown(true);
            LOG.warn("{} audit records were not written before the grace period ended", left);
        }
        out.printf(Locale.ROOT, "   background closed %s; audit records: %,d queued, %,d written, %,d reported unwritten%n",
                inTime ? "within the grace period" : "after cancelling what was left (the refresher loop)",
                auditQueued.get(), auditWritten.get(), left);
        out.printf("   the refresher failed %d time(s), each reported when it happened and restarted%n", refresherFailures.get());
        backendClient.close();
    }

    @Override
    public String toString() {
        return "Aggregator at " + uri("") + " " + Arrays.toString(BACKENDS);
    }
}
