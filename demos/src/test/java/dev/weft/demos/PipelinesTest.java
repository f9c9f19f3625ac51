package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the pipelines demo (Queue, Generator, ContextVar, mapConcurrent): one fast run, then checks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelinesTest {
    private static final double SCALE = 0.1;

    private static Printed printed;

    @BeforeAll
    static void show() throws Exception {
        printed = Printed.by(Pipelines::show, SCALE);
    }

    @Test
    void everyQueuedJobIsHandledOnceAndTheWorkersLeaveOnShutdown() {
        assertTrue(printed.text().contains("handled 12 jobs [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]; the workers left"),
                printed.text());
    }

    @Test
    void theGeneratorYieldsThreePagesAndIsClosed() {
        assertTrue(printed.text().contains("took [page 1, page 2, page 3], then closed"), printed.text());
    }

    @Test
    void childrenAndGrandchildrenInheritTheContextVariable() {
        assertTrue(printed.text().contains("child sees req-42, grandchild sees req-42; outside: none"), printed.text());
    }

    @Test
    void mapConcurrentKeepsInputOrderWithinItsLimit() {
        assertTrue(printed.text().contains("lengths [1, 2, 3, 4, 1, 2, 3, 4, 1, 2]"), printed.text());
        int most = (int) printed.number("at most (\\d+) in flight");
        assertTrue(most >= 1 && most <= 3, printed.text());
    }

    @Test
    void sectionsComeInOrder() {
        assertTrue(printed.inOrder("1. Queue", "2. Generator", "3. ContextVar", "4. mapConcurrent"), printed.text());
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
