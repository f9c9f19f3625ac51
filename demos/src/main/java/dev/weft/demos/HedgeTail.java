package dev.weft.demos;

import static dev.weft.Weft.*;

import dev.weft.Hedge;
import dev.weft.Semaphore;
import dev.weft.testing.LatencyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * How much tail latency a {@link Hedge} removes: 1,000 GETs against a {@link LatencyServer} whose
 * answers take 20-80 ms, except about 5 % that take 1 s, fetched 20 at a time, once plainly and once
 * hedged after the 95th percentile the hedge observes (at least 50 ms). The two runs use two servers
 * with the same seed, so every first request meets the same fate in both; a hedge's second request
 * gets a fresh draw. Prints p50, p95, p99 and the maximum of both, and what the hedge cost in extra
 * requests.
 *
 * <p>Run its {@code main} with the demos' class path on a JDK 21+ {@code java} (from the IDE, or
 * {@code java -cp <demos class path> dev.weft.demos.HedgeTail}); it takes about 15 s and is not part of
 * the tour. Real time and a real loopback server: the figures move with the machine's load.
 */
public final class HedgeTail {
    private static final int REQUESTS = 1_000;
    private static final int IN_FLIGHT = 20;
    private static final long SEED = 7;

    private HedgeTail() {
    }

    public static void main(String[] args) {
        show(System.out);
    }

    static void show(PrintStream out) {
        WarmUp.once();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            out.printf(Locale.ROOT, "%,d GETs, %d in flight; the server answers in 20-80 ms, about 5%% of first"
                    + " requests take 1 s%n", REQUESTS, IN_FLIGHT);
            report(out, "plain", client, null);
            report(out, "hedged", client, Hedge.percentile(95, 500, Duration.ofMillis(50), 2));
        } finally {
            client.close();
        }
    }

    private static void report(PrintStream out, String label, HttpClient client, Hedge hedge) {
        try (LatencyServer server = LatencyServer.builder()
                .latency(Duration.ofMillis(20), Duration.ofMillis(80))
                .slowRate(0.05, Duration.ofSeconds(1))
                .seed(SEED)
                .start()) {
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            long start = System.nanoTime();
            long[] nanos = run(() -> gather(IntStream.range(0, REQUESTS).mapToObj(i -> (Callable<Long>) () -> {
                URI url = server.uri("/item/" + i);
                return inFlight.withPermit(() -> {
                    long t0 = System.nanoTime();
                    if (hedge == null) {
                        get(client, url);
                    } else {
                        hedge.call(() -> get(client, url));
                    }
                    return System.nanoTime() - t0;
                });
            }).toList())).stream().mapToLong(Long::longValue).sorted().toArray();
            double total = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "  %-7s p50 %4d ms, p95 %4d ms, p99 %4d ms, max %4d ms; %,d requests sent (%d slow);"
                    + " all in %.2f s%s%n", label, ms(nanos, 50), ms(nanos, 95), ms(nanos, 99), nanos[nanos.length - 1] / 1_000_000,
                    server.requests(), server.slowResponses(), total,
                    hedge == null ? "" : "; hedge delay at the end " + hedge.currentDelay().toMillis() + " ms");
        }
    }

    /** The {@code p}-th percentile of sorted nanoseconds, in ms (nearest rank). */
    private static long ms(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1_000_000;
    }

    private static String get(HttpClient client, URI url) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + url);
        }
        return r.body();
    }
}
