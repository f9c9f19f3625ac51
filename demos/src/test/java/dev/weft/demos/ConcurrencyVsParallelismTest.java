package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the concurrency-vs-parallelism demo: one fast run, then checks of what it printed. */
class ConcurrencyVsParallelismTest {
    /** Ten downloads of 0.1 s; four CPU tasks of about 0.1 s each. */
    private static final double SCALE = 0.1;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static Printed printed;

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    static void measure() throws Exception {
        printed = Printed.by(ConcurrencyVsParallelism::show, SCALE);
    }

    @Test
    void printsTheCoreCount() {
        assertEquals(CORES, (int) printed.number("This machine: (\\d+) core"), printed.text());
        assertEquals(Math.min(4, CORES), (int) printed.number("cores\\) = (\\d+)"), printed.text());
    }

    @Test
    void waitingOverlapsWhateverTheCoreCount() {
        List<String> times = printed.all("10 files in (\\d+\\.\\d+) s");
        assertEquals(2, times.size(), printed.text());
        double sequential = Double.parseDouble(times.get(0));
        double gathered = Double.parseDouble(times.get(1));
        assertTrue(sequential >= 0.99 * 10 * SCALE, "sequential " + sequential + "\n" + printed);
        assertTrue(gathered < sequential / 3, "gathered " + gathered + " vs sequential " + sequential + "\n" + printed);
    }

    @Test
    void everyCpuTaskCountsTheSamePrimes() {
        String fourCounts = "[2262, 2262, 2262, 2262]";
        assertEquals(List.of(fourCounts, fourCounts), printed.all("(\\[[\\d, ]+]) primes in"), printed.text());
    }

    @Test
    void computingTogetherBeatsOneAfterTheOtherWithMoreThanOneCore() throws Exception {
        assertTrue(printed.text().contains("CPU speedup"), printed.text());
        if (CORES == 1) {
            return;
        }
        // CPU time is what other processes on a shared machine take away: a run measured while the
        // machine was busy gets two more chances; the demo must show the speedup in one of them
        Printed run = printed;
        StringBuilder seen = new StringBuilder();
        for (int attempt = 1; ; attempt++) {
            List<String> times = run.all("primes in (\\d+\\.\\d+) s");
            assertEquals(2, times.size(), run.text());
            double sequential = Double.parseDouble(times.get(0));
            double gathered = Double.parseDouble(times.get(1));
            if (gathered < sequential) {
                return;
            }
            seen.append("gathered ").append(gathered).append(" vs sequential ").append(sequential).append('\n');
            assertTrue(attempt < 3, "no speedup in 3 runs:\n" + seen + run);
            run = Printed.by(ConcurrencyVsParallelism::show, SCALE);
        }
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
