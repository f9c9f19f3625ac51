package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Smoke test of the concurrency-vs-parallelism demo: one fast run, then checks of what it printed. Nothing here
 * depends on how busy the machine is: overlap is counted, durations only bounded from below.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyVsParallelismTest {
    /** Ten downloads of 0.1 s; four CPU tasks of about 0.1 s each. */
    private static final double SCALE = 0.1;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static Printed printed;

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
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
        // the overlap itself, not a wall-clock ratio, which a busy machine can spoil
        assertEquals(10, (int) printed.number("(\\d+) downloads waiting at once"), printed.text());
    }

    @Test
    void sequentialDownloadsTakeAtLeastTheirSum() {
        // a lower bound only: sleeps end no sooner than asked, however loaded the machine
        double sequential = Double.parseDouble(printed.all("10 files in (\\d+\\.\\d+) s").get(0));
        assertTrue(sequential >= 0.99 * 10 * SCALE, "sequential " + sequential + "\n" + printed);
    }

    @Test
    void everyCpuTaskCountsTheSamePrimes() {
        String fourCounts = "[2262, 2262, 2262, 2262]";
        assertEquals(List.of(fourCounts, fourCounts), printed.all("(\\[[\\d, ]+]) primes in"), printed.text());
    }

    @Test
    void reportsTheCpuSpeedupAgainstTheCoreCount() {
        // Whether computing together is faster depends on what else the machine runs: that is measured by
        // the benchmarks, not asserted here. The demo must report it with the expectation it explains.
        double speedup = printed.number("CPU speedup (\\d+\\.\\d+)x");
        assertTrue(speedup > 0, printed.text());
        assertEquals(Math.min(4, CORES), (int) printed.number("cores\\) = (\\d+)"), printed.text());
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
