package dev.weft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.CancelledException;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@Timeout(30)
class WeftLeakCheckTest {
    /** Set while this test runs {@link Samples} through the test kit; otherwise the samples skip themselves. */
    private static final AtomicBoolean RUNNING_SAMPLES = new AtomicBoolean();
    private static final CountDownLatch LEAKER_STARTED = new CountDownLatch(1);
    private static final CountDownLatch LEAKER_ENDED = new CountDownLatch(1);

    @ExtendWith(WeftLeakCheck.class)
    static class Samples {
        @BeforeEach
        void onlyUnderTheTestKit() {
            Assumptions.assumeTrue(RUNNING_SAMPLES.get(), "a sample for WeftLeakCheckTest");
        }

        @Test
        void closesItsGroup() {
            try (var g = TaskGroup.open()) {
                g.spawn("tidy", () -> "done");
            }
        }

        @Test
        void leavesATaskSleeping() throws InterruptedException {
            Thread.ofPlatform().name("leaker").start(() -> {
                try {
                    Weft.run(() -> {
                        Weft.spawn("forgotten-sleeper", () -> {
                            LEAKER_STARTED.countDown();
                            Weft.sleep(Duration.ofMinutes(1));
                            return null;
                        }).join();
                    });
                } catch (CancelledException expected) {
                    // the leak check cancels what it reports
                } finally {
                    LEAKER_ENDED.countDown();
                }
            });
            assertTrue(LEAKER_STARTED.await(10, TimeUnit.SECONDS));
        }

        @Test
        void endsWhileItsTaskFinishesCleanup() throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            Thread.ofPlatform().start(() -> Weft.run(() -> {
                Weft.spawn("slow-cleanup", () -> {
                    started.countDown();
                    long end = System.nanoTime() + Duration.ofMillis(50).toNanos();
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    return null;
                });
            }));
            assertTrue(started.await(10, TimeUnit.SECONDS));
        }
    }

    private static Events run(String method) {
        RUNNING_SAMPLES.set(true);
        try {
            return EngineTestKit.engine("junit-jupiter")
                    .configurationParameter(WeftLeakCheck.GRACE_PARAMETER, "500")
                    .selectors(selectMethod(Samples.class, method))
                    .execute()
                    .testEvents();
        } finally {
            RUNNING_SAMPLES.set(false);
        }
    }

    @Test
    void aTestThatClosesItsGroupsPasses() {
        Events events = run("closesItsGroup");

        assertEquals(1, events.succeeded().count());
    }

    @Test
    void aTestThatLeavesATaskRunningFailsNamingItAndPrintingTheTree() throws InterruptedException {
        Events events = run("leavesATaskSleeping");

        assertEquals(1, events.failed().count());
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        String message = failure.getMessage();
        assertTrue(message.contains("forgotten-sleeper"), message);
        assertTrue(message.contains("weft-main"), message);
        assertTrue(message.contains("task forgotten-sleeper [RUNNING"), message);
        assertTrue(LEAKER_ENDED.await(10, TimeUnit.SECONDS), "the leak check cancelled the leaked tasks");
        assertTrue(Weft.liveTasks().isEmpty(), Weft::dumpTaskTree);
    }

    @Test
    void aTaskThatFinishesWithinTheGracePeriodIsNotALeak() {
        Events events = run("endsWhileItsTaskFinishesCleanup");

        assertEquals(1, events.succeeded().count());
    }
}
