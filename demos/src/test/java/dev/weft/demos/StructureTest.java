package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the structure demo (TaskGroup, timeout, shield): one fast run, then checks of what it printed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StructureTest {
    private static final double SCALE = 0.1;

    private static Printed printed;

    @BeforeAll
    static void show() throws Exception {
        printed = Printed.by(Structure::show, SCALE);
    }

    @Test
    void theGroupReturnsEveryChildsValueInOrder() {
        assertTrue(printed.text().contains("got [page a, page b, page c]"), printed.text());
    }

    @Test
    void aFailingChildCancelsItsSiblingWhichCleansUp() {
        assertTrue(printed.text().contains("group failed with 'page not found'; slow sibling cancelled and cleaned up: true"),
                printed.text());
    }

    @Test
    void timeoutsGiveUpAtTheirDeadlineAndLetQuickWorkThrough() {
        assertTrue(printed.inOrder("2. timeout", "gave up at the", "TimedOutException",
                "waitFor returned 'quick page'", "timeoutOrNull gave null"), printed.text());
    }

    @Test
    void shieldedWorkFinishesBeforeTheTimeoutTakesEffect() {
        assertTrue(printed.text().contains("it finished anyway (saved = true)"), printed.text());
    }

    @Test
    void noUnreachedLineIsPrinted() {
        assertTrue(!printed.text().contains("not reached"), printed.text());
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
