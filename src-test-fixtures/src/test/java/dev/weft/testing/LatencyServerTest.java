package dev.weft.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Weft;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(30)
@ExtendWith(WeftLeakCheck.class)
class LatencyServerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Integer> statuses(LatencyServer server, int n) throws IOException, InterruptedException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(get(server.uri("/item/" + (i % 7))).statusCode());
        }
        return out;
    }

    @Test
    void answersWithTheResponderBodyNoSoonerThanTheLatency() throws Exception {
        try (LatencyServer server = LatencyServer.withLatency(Duration.ofMillis(50))) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(server.uri("page/1"));
            long elapsed = System.nanoTime() - start;

            assertEquals(200, response.statusCode());
            assertEquals("hello from /page/1", response.body());
            assertTrue(elapsed >= Duration.ofMillis(50).toNanos(), "took " + elapsed + " ns");
            assertEquals(1, server.requests());
            assertEquals(1, server.requests("/page/1"));
        }
    }

    @Test
    void uriPointsAtTheLoopbackPortForThePath() {
        try (LatencyServer server = LatencyServer.builder().start()) {
            assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/a/b"), server.uri("/a/b"));
            assertEquals(server.uri("/a/b"), server.uri("a/b"));
        }
    }

    @Test
    void failsAboutTheConfiguredShareOfRequestsWithHttp500() throws Exception {
        try (LatencyServer server = LatencyServer.builder().failureRate(0.3).seed(7).start()) {
            long failed = statuses(server, 200).stream().filter(s -> s == 500).count();

            assertEquals(failed, server.failures());
            assertTrue(failed > 30 && failed < 90, "failed " + failed + " of 200");
        }
    }

    @Test
    void theSameSeedGivesTheSameFates() throws Exception {
        List<Integer> first;
        List<Integer> second;
        try (LatencyServer server = LatencyServer.builder().failureRate(0.5).seed(42).start()) {
            first = statuses(server, 40);
        }
        try (LatencyServer server = LatencyServer.builder().failureRate(0.5).seed(42).start()) {
            second = statuses(server, 40);
        }

        assertEquals(first, second);
    }

    @Test
    void fateTellsInAdvanceWhatEachRequestForAPathGets() throws Exception {
        try (LatencyServer server = LatencyServer.builder()
                .latency(Duration.ofMillis(1), Duration.ofMillis(5))
                .failureRate(0.5)
                .slowRate(0.2, Duration.ofMillis(30))
                .seed(3)
                .start()) {
            List<LatencyServer.Fate> planned = new ArrayList<>();
            for (int attempt = 0; attempt < 3; attempt++) {
                for (int i = 0; i < 10; i++) {
                    planned.add(server.fate("item/" + i, attempt));
                }
            }
            assertEquals(server.fate("/item/0", 0), server.fate("item/0", 0));
            assertEquals(0, server.requests(), "asking serves nothing");

            List<Integer> statuses = new ArrayList<>();
            for (int attempt = 0; attempt < 3; attempt++) {
                for (int i = 0; i < 10; i++) {
                    statuses.add(get(server.uri("/item/" + i)).statusCode());
                }
            }

            assertEquals(planned.stream().map(f -> f.fails() ? 500 : 200).toList(), statuses);
            assertEquals(planned.stream().filter(LatencyServer.Fate::fails).count(), server.failures());
            assertEquals(planned.stream().filter(LatencyServer.Fate::slow).count(), server.slowResponses());
            for (LatencyServer.Fate fate : planned) {
                Duration latency = fate.latency();
                assertTrue(fate.slow() ? latency.equals(Duration.ofMillis(30))
                        : latency.compareTo(Duration.ofMillis(1)) >= 0 && latency.compareTo(Duration.ofMillis(5)) <= 0,
                        fate.toString());
            }
            assertThrows(IllegalArgumentException.class, () -> server.fate("/item/0", -1));
        }
    }

    @Test
    void countsSlowResponses() throws Exception {
        try (LatencyServer server = LatencyServer.builder().slowRate(1.0, Duration.ofMillis(20)).start()) {
            statuses(server, 3);

            assertEquals(3, server.slowResponses());
        }
    }

    @Test
    void countsTheMostRequestsInFlightAtOnce() throws Exception {
        int n = 10;
        CountDownLatch allArrived = new CountDownLatch(n);
        try (LatencyServer server = LatencyServer.builder().responder(path -> {
            allArrived.countDown();
            try {
                allArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "ok";
        }).start()) {
            List<Callable<Integer>> fetches = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                URI uri = server.uri("/" + i);
                fetches.add(() -> get(uri).statusCode());
            }

            List<Integer> statuses = Weft.run(() -> Weft.gather(fetches));

            assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200), statuses);
            assertEquals(n, server.maxInFlight());
            assertEquals(0, server.inFlight());
        }
    }

    @Test
    void closeDoesNotWaitForRequestsInFlight() throws Exception {
        LatencyServer server = LatencyServer.withLatency(Duration.ofMinutes(1));
        Thread client = Thread.ofVirtual().start(() -> {
            try {
                get(server.uri("/never"));
            } catch (IOException | InterruptedException expected) {
                // the server went away
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.inFlight() == 1);

        server.close();

        assertTrue(client.join(Duration.ofSeconds(10)), "the client got its answer (a closed connection)");
    }

    @Test
    void rejectsARateOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> LatencyServer.builder().failureRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> LatencyServer.builder().slowRate(-0.1, Duration.ZERO));
    }
}
