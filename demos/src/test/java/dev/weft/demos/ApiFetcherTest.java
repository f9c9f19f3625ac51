package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the API fetcher: one fast run against its loopback server, then checks of what it printed. */
class ApiFetcherTest {
    /** Latencies 2-8 ms, timeout 200 ms, stalls 500 ms, 500 starts a second: about 2 s. */
    private static final double SCALE = 0.1;

    private static Printed printed;

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    static void fetchAll() throws Exception {
        printed = Printed.by(ApiFetcher::show, SCALE);
    }

    @Test
    void everyRequestIsCountedAsOkFailedOrTimedOut() {
        int requests = (int) printed.number("3\\. ([\\d,]+) requests:");
        int ok = (int) printed.number("requests: ([\\d,]+) ok");
        int failed = (int) printed.number("ok, (\\d+) failed \\(HTTP 500\\)");
        int timedOut = (int) printed.number("(\\d+) timed out");
        int other = (int) printed.number("(\\d+) other errors");
        assertEquals(1_000, requests, printed.text());
        assertEquals(requests, ok + failed + timedOut + other, printed.text());
        assertEquals(0, other, printed.text());
        // a loaded machine may push a few ordinary answers past the timeout
        assertTrue(ok >= 800, "ok: " + ok + "\n" + printed);

        int served500 = (int) printed.number("(\\d+) answered HTTP 500");
        int stalled = (int) printed.number("(\\d+) stalled");
        assertTrue(served500 > 0 && stalled > 0, printed.text());
        assertTrue(failed < served500, "failed " + failed + " of " + served500 + "\n" + printed);
    }

    @Test
    void retriesRecoverHttp500sAndHedgesAnswerForSlowRequests() {
        int served500 = (int) printed.number("(\\d+) answered HTTP 500");
        int failed = (int) printed.number("ok, (\\d+) failed \\(HTTP 500\\)");
        int retried = (int) printed.number("retry: (\\d+) requests sent again");
        int hedged = (int) printed.number("hedge: (\\d+) second requests");
        int hedgeWins = (int) printed.number("(\\d+) of them answered first");
        assertTrue(retried > 0 && retried <= served500, "retried " + retried + " of " + served500 + "\n" + printed);
        assertTrue(hedged > 0 && hedgeWins > 0 && hedgeWins <= hedged, printed.text());
        // without them about 3% would fail (a 500 is rarely drawn three times in a row); a loaded machine
        // may still push ordinary answers past the timeout, so timeouts are not compared with the stalls
        assertTrue(failed < served500 / 2, "failed " + failed + " of " + served500 + "\n" + printed);
    }

    @Test
    void neverMoreThanTenInFlight() {
        int most = (int) printed.number("; at most (\\d+) in flight");
        assertTrue(most >= 1 && most <= 10, printed.text());
    }

    @Test
    void progressIsPrintedEveryTenPercent() {
        assertEquals(List.of("10", "20", "30", "40", "50", "60", "70", "80", "90", "100"),
                printed.all("progress +(\\d+)%"), printed.text());
    }

    @Test
    void fetchesOverlap() {
        // the overlap itself, not "faster than sequential" on the wall clock, which a busy machine can spoil
        int most = (int) printed.number("; at most (\\d+) in flight");
        assertTrue(most > 1, printed.text());
    }

    @Test
    void sectionsComeInOrder() {
        assertTrue(printed.inOrder("1. The API at http://127.0.0.1:", "warm-up: {\"id\":0", "2. Fetching 1,000 URLs",
                "progress 100%", "3. 1,000 requests", "first result: {\"id\":1,", "the server's own count"),
                printed.text());
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
