package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the fetch-and-send demo: one fast run, then checks of what it printed. */
class FetchAndSendTest {
    /** Fetch 0.5 s, each send 0.4 s: one after the other 1.3 s, sends gathered 0.9 s. */
    private static final double SCALE = 0.2;

    private static Printed printed;

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    static void fetchAndSend() throws Exception {
        printed = Printed.by(FetchAndSend::show, SCALE);
    }

    @Test
    void bothVersionsDeliverToMarioThenLuigi() {
        assertEquals(List.of("[mario got it, luigi got it]", "[mario got it, luigi got it]"),
                printed.all("=> (\\[.*]) in"), printed.text());
    }

    @Test
    void oneAfterTheOtherSendsToLuigiOnlyAfterMarioGotIt() {
        assertTrue(printed.inOrder("1. Fetch, then send to mario, then to luigi", "fetching data", "data fetched",
                "sending 'API data' to mario", "data sent to mario", "sending 'API data' to luigi",
                "data sent to luigi", "2. Fetch, then send to both"), printed.text());
    }

    @Test
    void withGatherBothSendsStartBeforeEitherEnds() {
        String second = printed.text().substring(printed.at("2. Fetch, then send to both"));
        Printed gathered = new Printed(second);
        int firstDelivery = gathered.at("data sent to");
        assertTrue(gathered.inOrder("fetching data", "data fetched", "sending"), second);
        assertTrue(gathered.at("sending 'API data' to mario") < firstDelivery, second);
        assertTrue(gathered.at("sending 'API data' to luigi") < firstDelivery, second);
    }

    @Test
    void gatherSavesOneSend() {
        List<String> times = printed.all("] in (\\d+\\.\\d+) s");
        assertEquals(2, times.size(), printed.text());
        double sequential = Double.parseDouble(times.get(0));
        double gathered = Double.parseDouble(times.get(1));
        assertTrue(sequential >= 0.99 * 6.5 * SCALE, "sequential " + sequential + "\n" + printed);
        assertTrue(gathered >= 0.99 * 4.5 * SCALE, "gathered " + gathered + "\n" + printed);
        // in theory it saves 2 * SCALE; demand half of that
        assertTrue(gathered < sequential - SCALE, "gathered " + gathered + " vs sequential " + sequential + "\n" + printed);
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
