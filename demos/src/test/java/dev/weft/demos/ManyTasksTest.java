package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the many-tasks demo: one fast run, then checks of what it printed. */
class ManyTasksTest {
    /** Every task sleeps 0.05 s; the pool of 200 needs five rounds, 0.25 s. */
    private static final double SCALE = 0.05;

    private static Printed printed;

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    static void spawnMany() throws Exception {
        printed = Printed.by(ManyTasks::show, SCALE);
    }

    @Test
    void aThousandSleepersFinishTogether() {
        assertEquals("1,000 said running, 1,000 said finished, results 1..1000 in order",
                printed.one("=> (1,000 said running, 1,000 said finished, results \\d+\\.\\.\\d+ in order)"), printed.text());
        double seconds = printed.number("all 1,000 in (\\d+\\.\\d+) s");
        // one after the other would be 1,000 * SCALE = 50 s
        assertTrue(seconds >= 0.99 * SCALE && seconds < 20 * SCALE, "1,000 sleepers took " + seconds + "\n" + printed);
    }

    @Test
    void aHundredThousandAreSpawnedWeighedAndFinished() {
        assertEquals("100,000", printed.one("spawned (100,000) in"), printed.text());
        double bytesEach = printed.number("about ([\\d,]+) bytes a task");
        assertTrue(bytesEach > 0 && bytesEach < 100_000, "bytes a task: " + bytesEach + "\n" + printed);
        assertEquals("100,000", printed.one("=> ([\\d,]+) finished .* after the start signal"), printed.text());
        assertTrue(printed.text().contains("--million"), printed.text());
    }

    @Test
    void thePlatformPoolNeedsRoundsAndLosesToVirtualThreads() {
        double pool = printed.number("1,000 done on 200 platform threads in (\\d+\\.\\d+) s");
        double virtual = printed.number("all 1,000 in (\\d+\\.\\d+) s");
        assertTrue(pool >= 0.99 * 5 * SCALE, "pool " + pool + "\n" + printed);
        assertTrue(virtual < pool, "virtual " + virtual + " vs pool " + pool + "\n" + printed);
        assertTrue(printed.inOrder("4. For comparison", "Why not one platform thread per task?"), printed.text());
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
