package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blocking I/O workload ({@code io}) against a real {@link IoServer}, with a tiny burst; no figure is judged by speed. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IoWorkloadTest {

    @ParameterizedTest
    @ValueSource(strings = {"weft", "vexec", "sts", "jox", "kotlin", "pool"})
    void ioBurstIsAnsweredByTheServerWithSaneFigures(String library) throws Exception {
        // given a latency server answering after 5 ms, and a library's port of the workload
        Library lib = Libraries.create(library);
        try (IoServer server = IoServer.start()) {
            // when the library runs a burst of 40 requests
            IoLoad.Result r = lib.io(40, 5, server.port());

            // then every request reached the server once, and the figures are positive, with p99 no lower than the latency
            assertEquals(40, server.served(), server.toString());
            assertEquals(0, server.failed(), server.toString());
            assertTrue(r.requestsPerSecond() > 0 && Double.isFinite(r.requestsPerSecond()), r.toString());
            assertTrue(r.p99Millis() >= 5.0, "p99 below the server's latency: " + r);
        }
    }

    @Test
    void ioBurstWithNoServerFailsNamingTheFailedRequests() throws Exception {
        // given a port nobody listens on any more
        int port;
        try (IoServer server = IoServer.start()) {
            port = server.port();
        }

        // when a burst goes there, then it throws, counting the failures, instead of reporting a figure
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new VirtualExecutorLib().io(3, 1, port));
        assertTrue(e.getMessage().startsWith("3 of 3 requests failed"), e.getMessage());
    }

    @Test
    void percentileIsTheNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[99 - i] = i + 1;
        }
        assertEquals(99, IoLoad.percentile(values, 99));
        assertEquals(1, IoLoad.percentile(new long[] {1}, 99));
        assertEquals(100, IoLoad.percentile(values, 100));
    }

    @Test
    void workerAnswerCarriesP99AsExtraValue() {
        assertEquals("1234.50 p99=21.0000", new IoLoad.Result(1234.5, 21).answer());
    }

    @Test
    void onlyIoSelectsBothRows() {
        assertEquals(List.of("io", "io-p99"), Compare.expand(List.of("io")));
        assertEquals(List.of("io", "io-p99"), Compare.expand(List.of("io-p99")));
    }
}
