package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the task-control demo: one fast run, then checks of what it printed. */
class TaskControlTest {
    /** The fetch takes 0.75 s; we look after 0.9 s and 0.6 s, and time out after 0.6 s. */
    private static final double SCALE = 0.3;

    private static Printed printed;

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    static void control() throws Exception {
        printed = Printed.by(TaskControl::show, SCALE);
    }

    @Test
    void stepsFollowTheTutorialOrder() {
        assertTrue(printed.inOrder("1. spawn the fetch, cancel it", "2. spawn the fetch", "3. spawn the fetch",
                "4. waitFor"), printed.text());
    }

    @Test
    void aCancelledTaskIsCancelledAndDoneOnceJoined() {
        assertTrue(printed.inOrder("1. spawn", "fetch stopped, cleanup ran",
                "cancel() returned true; join threw CancelledException", "isCancelled() = true, isDone() = true",
                "2. spawn"), printed.text());
    }

    @Test
    void afterThreeSecondsTheResultIsThere() {
        assertTrue(printed.inOrder("2. spawn", "data fetched", "isDone() = true, result() = API data", "3. spawn"),
                printed.text());
    }

    @Test
    void afterTwoSecondsThereIsNoResultYet() {
        assertTrue(printed.inOrder("3. spawn", "isDone() = false", "result() now throws IllegalStateException",
                "fetch stopped, cleanup ran", "cancelled it; isCancelled() = true", "4. waitFor"), printed.text());
    }

    @Test
    void waitForGivesUpAfterTwoSecondsOnceTheFetchCleanedUp() {
        assertTrue(printed.inOrder("4. waitFor", "fetching data", "fetch stopped, cleanup ran", "TimedOutException after"),
                printed.text());
        double after = printed.number("TimedOutException after (\\d+\\.\\d+) s");
        assertTrue(after >= 0.99 * 2 * SCALE, "timed out after " + after + "\n" + printed);
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
