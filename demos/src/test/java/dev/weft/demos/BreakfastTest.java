package dev.weft.demos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Smoke test of the breakfast demo: run once, fast, into a captured stream; the tests read what it
 * printed. Timings are compared with wide margins, never to the millisecond.
 */
class BreakfastTest {
    /** Coffee 0.6 s, bagel 0.4 s: one after the other 1.0 s, together 0.6 s. */
    private static final double SCALE = 0.2;
    private static final Pattern SERVED = Pattern.compile("=> (\\[.*]) in (\\d+\\.\\d+) s");

    private static String printed;
    private static final List<String> results = new ArrayList<>();
    private static final List<Double> seconds = new ArrayList<>();

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    static void serveBreakfast() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
            Breakfast.show(out, SCALE);
        }
        printed = bytes.toString(UTF_8);
        Matcher m = SERVED.matcher(printed);
        while (m.find()) {
            results.add(m.group(1));
            seconds.add(Double.parseDouble(m.group(2)));
        }
    }

    @Test
    void everyVersionServesCoffeeThenBagel() {
        assertEquals(List.of("[Coffee ready, Bagel toasted]", "[Coffee ready, Bagel toasted]",
                "[Coffee ready, Bagel toasted]"), results, printed);
    }

    @Test
    void sectionsFollowTheTutorialOrder() {
        int sequential = printed.indexOf("1. One after the other");
        int gather = printed.indexOf("2. Together with gather");
        int spawn = printed.indexOf("3. Together with spawn and join");
        assertTrue(0 <= sequential && sequential < gather && gather < spawn, printed);
    }

    @Test
    void sequentialTakesAtLeastBothDurations() {
        assertEquals(3, seconds.size(), printed);
        assertTrue(seconds.get(0) >= 0.99 * 5 * SCALE, "sequential: " + seconds.get(0) + " s\n" + printed);
    }

    @Test
    void gatherAndSpawnAreFasterThanOneAfterTheOther() {
        assertEquals(3, seconds.size(), printed);
        double sequential = seconds.get(0);
        double gather = seconds.get(1);
        double spawn = seconds.get(2);
        // in theory they save 2 * SCALE; demand at least half of that
        assertTrue(gather < sequential - SCALE, "gather " + gather + " s vs sequential " + sequential + " s\n" + printed);
        assertTrue(spawn < sequential - SCALE, "spawn " + spawn + " s vs sequential " + sequential + " s\n" + printed);
        // and they still waited for the coffee
        assertTrue(gather >= 0.99 * 3 * SCALE, "gather: " + gather + " s\n" + printed);
        assertTrue(spawn >= 0.99 * 3 * SCALE, "spawn: " + spawn + " s\n" + printed);
    }
}
