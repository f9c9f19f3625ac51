package dev.weft.demos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the service demo at a small pace: it serves, loads, and shuts down losing nothing. */
@Timeout(120)
class AggregatorTest {

    @Test
    void serviceDemoAnswersEveryRequestAndShutsDownWithoutLosingAnAuditRecord() throws Exception {
        // given
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // when
        try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
            Aggregator.show(out, 0.05);
        }

        // then
        Printed printed = new Printed(bytes.toString(UTF_8));
        assertTrue(printed.inOrder("1. Service up at http://127.0.0.1:", "background: [audit-writer-0, audit-writer-1, cache-refresh]",
                "2. Load: 300 requests", "300 answers in", "requests/s, latency p50", "p99",
                "request id in every backend call's MDC: yes", "3. Shutdown:", "audit records: 300 queued, 300 written, 0 reported unwritten",
                "the refresher failed 1 time(s)"), printed.text());
        assertTrue(printed.text().contains("supervisor: cache-refresh failed"), printed.text());
    }
}
