package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the io_task demo: one fast run, then checks of what it printed. */
class IoTaskTest {
    /** Gathered 0.45 s vs serial 1.11 s; each CPU-bound task computes for 0.2 s. */
    private static final double SCALE = 0.1;
    private static final String SECONDS = "(\\d+\\.\\d+) s";

    private static Printed printed;

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    static void runIoTasks() throws Exception {
        printed = Printed.by(IoTask::show, SCALE);
    }

    @Test
    void stepsFollowTheTutorialOrder() {
        assertTrue(printed.inOrder("1. Three io_tasks", "2. A background task", "3. waitTasks(FIRST_COMPLETED)",
                "4. waitFor", "5. Blocking JDK calls are fine", "6. A CPU-bound loop holds its carrier", "Remedy 1",
                "Remedy 2"), printed.text());
    }

    @Test
    void gatheredIoTasksBeatSerialOnes() {
        assertEquals("[A, B, C]", printed.one("=> gathered (\\[.*]) in"), printed.text());
        assertEquals("[A, B, C]", printed.one("=> serial (\\[.*]) in"), printed.text());
        double gathered = printed.number("=> gathered \\[.*] in " + SECONDS);
        double serial = printed.number("=> serial \\[.*] in " + SECONDS);
        assertTrue(gathered >= 0.99 * 4.5 * SCALE, "gathered " + gathered + "\n" + printed);
        assertTrue(serial >= 0.99 * 11.1 * SCALE, "serial " + serial + "\n" + printed);
        assertTrue(gathered < serial - 3 * SCALE, "gathered " + gathered + " vs serial " + serial + "\n" + printed);
    }

    @Test
    void theBackgroundTaskRunsWhileMainGoesOn() {
        assertTrue(printed.inOrder("2. A background task", "main: continuing immediately", "background: finishing",
                "main: joined 'background result'"), printed.text());
        assertTrue(printed.number("main: joined 'background result' after " + SECONDS) >= 0.99 * 5 * SCALE, printed.text());
    }

    @Test
    void firstCompletedReturnsOneDoneAndTwoPendingThenCancelsTwo() {
        assertEquals("[one = 1]", printed.one("done: (\\[.*]), pending"), printed.text());
        assertEquals("[two]", printed.one("pending: (\\[.*])"), printed.text());
        assertTrue(printed.inOrder("one: end", "done: [one = 1]", "cancelled pending 'two': isCancelled() = true"),
                printed.text());
        assertTrue(!printed.text().contains("two: end"), printed.text());
    }

    @Test
    void waitForGivesUpAfterTwoSeconds() {
        double after = printed.number("took too long: TimedOutException after " + SECONDS);
        assertTrue(after >= 0.99 * 2 * SCALE && after < 5 * SCALE, "after " + after + "\n" + printed);
    }

    @Test
    void threadSleepsOverlapOnVirtualThreads() {
        double overlapped = printed.number("overlapped: " + SECONDS);
        assertTrue(overlapped >= 0.99 * SCALE && overlapped < 3 * SCALE, "4 sleeps of " + SCALE + " s took "
                + overlapped + "\n" + printed);
    }

    @Test
    void busyTasksBeyondTheCarriersWaitUnlessTheWorkIsSliced() {
        double work = 2 * SCALE;
        double hogging = printed.number("=> hogging: last start at " + SECONDS);
        double sliced = printed.number("=> sliced: last start at " + SECONDS);
        assertTrue(hogging >= 0.5 * work, "the last busy task started at " + hogging + "\n" + printed);
        assertTrue(sliced < hogging / 2, "sliced " + sliced + " vs hogging " + hogging + "\n" + printed);
    }

    @Test
    void checkCancelledLetsATimeoutStopABusyLoop() {
        double work = 2 * SCALE;
        double without = printed.number("without a checkpoint: (?:TimedOutException|the value) only after " + SECONDS);
        double with = printed.number("with checkCancelled\\(\\): TimedOutException after " + SECONDS);
        assertTrue(without >= 0.9 * work, "without a checkpoint " + without + "\n" + printed);
        assertTrue(with < without / 2, "with checkCancelled " + with + " vs without " + without + "\n" + printed);
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
