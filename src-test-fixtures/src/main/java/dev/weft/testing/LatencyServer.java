package dev.weft.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A loopback HTTP server for tests of code that fetches things: every request waits a configurable
 * latency, and a configurable share of them fail (HTTP 500) or are slow; it counts what it served.
 *
 * <p>Python equivalent: an {@code aiohttp.test_utils.TestServer} with a handler that does
 * {@code await asyncio.sleep(...)}; Java: a WireMock stub with {@code withFixedDelay}, without the
 * dependency. Built on the JDK's {@code com.sun.net.httpserver}, on 127.0.0.1 and a free port, one
 * virtual thread per request, so it serves any number of requests at once.
 *
 * <pre>{@code
 * try (LatencyServer server = LatencyServer.builder()
 *         .latency(Duration.ofMillis(20), Duration.ofMillis(80))
 *         .failureRate(0.1)
 *         .seed(42)
 *         .start()) {
 *     HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri("/page/1")).build(), ofString());
 *     assertEquals(1, server.requests());
 * }
 * }</pre>
 *
 * <p>Deterministic: the fate of a request (its latency, whether it fails, whether it is slow) is drawn
 * from the seed, its path and how many earlier requests had the same path, so a run with the same
 * seed and the same requests per path sees the same fates, whatever the order in which concurrent
 * requests arrive, and a retry of a failed path gets a fresh draw. {@link #fate(String, int)} tells a
 * request's fate in advance, say to work out what the same requests would cost one after the other.
 * Latency is real time (a sleep on the handler's thread): Weft's virtual time does not shorten it.
 *
 * <p>Responses: {@code 200} with the body the responder makes from the path (by default
 * {@code "hello from /the/path"}), or {@code 500} with {@code "simulated failure"}. A client that gives
 * up early (a cancelled task) simply closes its connection; the server notices nothing more.
 */
public final class LatencyServer implements AutoCloseable {
    private final Builder config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentHashMap<String, AtomicInteger> perPath = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong slow = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private LatencyServer(Builder config) throws IOException {
        this.config = config;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A builder for a server; with no settings it answers every request at once with 200. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server whose every response takes {@code latency}, and never fails. */
    public static LatencyServer withLatency(Duration latency) {
        return builder().latency(latency).start();
    }

    /** The URI of {@code path} on this server, such as {@code http://127.0.0.1:54321/page/1}. */
    public URI uri(String path) {
        Objects.requireNonNull(path, "path");
        return URI.create("http://127.0.0.1:" + port() + (path.startsWith("/") ? path : "/" + path));
    }

    /** The port the server listens on (chosen by the system). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** How many requests arrived so far (including those still being served). */
    public long requests() {
        return requests.get();
    }

    /** How many requests arrived for {@code path}. */
    public int requests(String path) {
        AtomicInteger n = perPath.get(path.startsWith("/") ? path : "/" + path);
        return n == null ? 0 : n.get();
    }

    /**
     * The fate the server draws for the {@code attempt}-th request (0 for the first) for {@code path}:
     * its latency, whether it fails, whether it is slow. Asking changes nothing; the request, when it
     * comes, gets exactly this fate. For example, the sum of {@code fate(path, 0).latency()} over the
     * paths a client fetches once each is what fetching them one after the other would take.
     *
     * @throws IllegalArgumentException if {@code attempt} is negative
     */
    public Fate fate(String path, int attempt) {
        Objects.requireNonNull(path, "path");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
        return draw(path.startsWith("/") ? path : "/" + path, attempt);
    }

    /** How many requests were answered with HTTP 500. */
    public long failures() {
        return failures.get();
    }

    /** How many requests drew the slow latency. */
    public long slowResponses() {
        return slow.get();
    }

    /** How many requests are being served right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most requests that were being served at the same moment; shows a client's concurrency. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Stops the server at once; requests still waiting out their latency are dropped. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "LatencyServer[" + uri("/") + ", requests=" + requests() + ", failures=" + failures()
                + ", maxInFlight=" + maxInFlight() + "]";
    }

    // ---- serving ---------------------------------------------------------------------------------

    /**
     * What happens to one request, drawn from the seed, its path and its attempt number.
     *
     * @param latency how long the server waits before it answers
     * @param fails whether the answer is HTTP 500 rather than 200
     * @param slow whether the latency is the slow one ({@link Builder#slowRate})
     */
    public record Fate(Duration latency, boolean fails, boolean slow) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int attempt = perPath.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            Fate fate = draw(path, attempt);
            if (fate.slow()) {
                slow.incrementAndGet();
            }
            if (fate.latency().isPositive()) {
                Thread.sleep(fate.latency());
            }
            if (fate.fails()) {
                failures.incrementAndGet();
                respond(exchange, 500, "simulated failure");
            } else {
                respond(exchange, 200, config.responder.apply(path));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private Fate draw(String path, int attempt) {
        SplittableRandom r = new SplittableRandom(config.seed * 0x9E3779B97F4A7C15L + path.hashCode() * 31L + attempt);
        long min = config.minLatency.toNanos();
        long max = config.maxLatency.toNanos();
        long latency = max > min ? min + r.nextLong(max - min + 1) : min;
        boolean isSlow = r.nextDouble() < config.slowRate;
        boolean fails = r.nextDouble() < config.failureRate;
        return new Fate(isSlow ? config.slowLatency : Duration.ofNanos(latency), fails, isSlow);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The settings of a {@link LatencyServer}; {@link #start()} starts one. */
    public static final class Builder {
        private Duration minLatency = Duration.ZERO;
        private Duration maxLatency = Duration.ZERO;
        private double failureRate;
        private double slowRate;
        private Duration slowLatency = Duration.ZERO;
        private long seed;
        private Function<String, String> responder = path -> "hello from " + path;

        private Builder() {
        }

        /** Every response takes {@code latency}. */
        public Builder latency(Duration latency) {
            return latency(latency, latency);
        }

        /** Each response takes a latency drawn uniformly from {@code min} to {@code max}. */
        public Builder latency(Duration min, Duration max) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("need 0 <= min <= max, got min " + min + ", max " + max);
            }
            this.minLatency = min;
            this.maxLatency = max;
            return this;
        }

        /** The share of requests, from 0 to 1, answered with HTTP 500 (after their latency). */
        public Builder failureRate(double rate) {
            this.failureRate = rate("failure rate", rate);
            return this;
        }

        /** The share of requests, from 0 to 1, that take {@code latency} instead of the usual one. */
        public Builder slowRate(double rate, Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("slow latency must not be negative: " + latency);
            }
            this.slowRate = rate("slow rate", rate);
            this.slowLatency = latency;
            return this;
        }

        /** The seed of every draw (default 0): the same seed gives the same fates. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Makes the body of a 200 response from the request's path. */
        public Builder responder(Function<String, String> responder) {
            this.responder = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /**
         * Starts the server on 127.0.0.1 and a free port.
         *
         * @throws java.io.UncheckedIOException if the server cannot bind
         */
        public LatencyServer start() {
            try {
                return new LatencyServer(copy());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not start the latency server", e);
            }
        }

        private Builder copy() {
            Builder b = new Builder();
            b.minLatency = minLatency;
            b.maxLatency = maxLatency;
            b.failureRate = failureRate;
            b.slowRate = slowRate;
            b.slowLatency = slowLatency;
            b.seed = seed;
            b.responder = responder;
            return b;
        }

        private static double rate(String what, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(what + " must be between 0 and 1: " + rate);
            }
            return rate;
        }
    }
}
