package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ServiceScopeTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void anyThreadCanSpawnIntoTheScope() throws Exception {
        // given
        var ran = new ConcurrentLinkedQueue<String>();
        try (var scope = ServiceScope.open("svc")) {
            // when: plain threads, not Weft tasks, spawn into it
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                threads.add(Thread.ofPlatform().start(() -> scope.spawn(() -> ran.add("job-" + n)).join()));
            }
            for (Thread t : threads) {
                t.join();
            }
        }

        // then
        assertEquals(4, ran.size());
    }

    @Test
    void childFailureReachesTheHandlerWhenItFailsNotAtClose() {
        // given
        var reported = new AtomicReference<Throwable>();
        var reportedTask = new AtomicReference<String>();
        var boom = new IllegalStateException("boom");
        try (var scope = ServiceScope.open("svc", (task, error) -> {
            reportedTask.set(task.name());
            reported.set(error);
        })) {
            // when
            scope.spawn("worker", () -> {
                throw boom;
            });

            // then: reported while the scope is still open
            await().atMost(Duration.ofSeconds(10)).until(() -> reported.get() != null);
            assertSame(boom, reported.get());
            assertEquals("worker", reportedTask.get());
        }
    }

    @Test
    void childFailureCancelsNoSibling() {
        // given
        var sibling = new AtomicReference<Task<String>>();
        var failed = new CountDownLatch(1);
        try (var scope = ServiceScope.open("svc", (task, error) -> failed.countDown())) {
            sibling.set(scope.spawn(() -> {
                awaitLatch(failed);
                return "still here";
            }));

            // when
            scope.spawn(() -> {
                throw new IllegalStateException("boom");
            });

            // then
            assertEquals("still here", sibling.get().join());
        }
    }

    @Test
    void defaultHandlerLogsTheFailedTaskAtWarnWhenItFails() {
        // given
        try (var log = LogCapture.of("dev.weft.internal.ServiceRoot"); var scope = ServiceScope.open("svc")) {
            // when
            scope.spawn("refresher", () -> {
                throw new IllegalStateException("boom");
            });

            // then
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.warningsNaming("refresher").isEmpty());
            assertTrue(log.warningsNaming("refresher").get(0).getFormattedMessage().contains("svc"));
        }
    }

    @Test
    void failureOfAJoinedChildGoesToTheJoinerNotTheHandler() throws Exception {
        // given
        var handled = new AtomicInteger();
        var go = new CountDownLatch(1);
        try (var scope = ServiceScope.open("svc", (task, error) -> handled.incrementAndGet())) {
            Task<Object> t = scope.spawn(() -> {
                awaitLatch(go);
                throw new IllegalStateException("boom");
            });
            var joined = new AtomicReference<Throwable>();
            Thread joiner = Thread.ofVirtual().start(() -> joined.set(assertThrows(IllegalStateException.class, t::join)));
            await().atMost(Duration.ofSeconds(10)).until(() -> joiner.getState() == Thread.State.WAITING);

            // when
            go.countDown();
            joiner.join();

            // then
            assertEquals("boom", joined.get().getMessage());
            assertEquals(0, handled.get());
        }
    }

    @Test
    void closeWaitsForChildrenThatFinishWithinTheGrace() {
        // given
        var finished = new AtomicBoolean();
        var scope = ServiceScope.open("svc");
        scope.spawn(() -> {
            Weft.sleep(Duration.ofMillis(50));
            finished.set(true);
            return null;
        });

        // when
        boolean inTime = scope.close(LONG);

        // then
        assertTrue(inTime);
        assertTrue(finished.get());
    }

    @Test
    void closeCancelsWhatIsLeftAfterTheGraceAndWaitsForItsCleanup() throws Exception {
        // given
        var cleanedUp = new AtomicBoolean();
        var started = new CountDownLatch(1);
        var scope = ServiceScope.open("svc");
        Task<Object> forever = scope.spawn("forever", () -> {
            try {
                started.countDown();
                Weft.sleep(LONG);
                return null;
            } finally {
                Weft.shield(() -> {
                    Weft.sleep(Duration.ofMillis(20)); // shielded cleanup still runs
                    cleanedUp.set(true);
                    return null;
                });
            }
        });
        awaitLatch(started);

        // when
        boolean inTime = scope.close(Duration.ofMillis(10));

        // then
        assertFalse(inTime);
        assertTrue(forever.isCancelled());
        assertTrue(cleanedUp.get());
    }

    @Test
    void closeFromAShutdownHookStyleThreadEndsTheScope() throws Exception {
        // given
        var scope = ServiceScope.open("svc");
        Task<Object> loop = scope.spawn(() -> {
            Weft.sleep(LONG);
            return null;
        });

        // when
        Thread hook = Thread.ofPlatform().start(() -> scope.close(Duration.ZERO));
        hook.join();

        // then
        assertTrue(loop.isCancelled());
        assertTrue(Weft.liveTasks().stream().noneMatch(t -> t == loop));
    }

    @Test
    void spawnAfterCloseIsRefusedWithAClearMessage() {
        // given
        var scope = ServiceScope.open("svc");
        scope.close();

        // when
        var e = assertThrows(IllegalStateException.class, () -> scope.spawn(() -> 1));

        // then
        assertTrue(e.getMessage().contains("svc"), e.getMessage());
    }

    @Test
    void cancelCancelsEveryChildAndRefusesNewOnes() {
        // given
        try (var scope = ServiceScope.open("svc")) {
            Task<Object> t = scope.spawn(() -> {
                Weft.sleep(LONG);
                return null;
            });

            // when
            scope.cancel();

            // then
            assertInstanceOf(CancelledException.class, assertThrows(CancelledException.class, t::join));
            assertTrue(scope.isShutDown());
            assertThrows(IllegalStateException.class, () -> scope.spawn(() -> 1));
        }
    }

    @Test
    void aChildCannotCloseItsOwnScope() {
        // given
        try (var scope = ServiceScope.open("svc")) {
            // when
            Task<Boolean> t = scope.spawn(() -> scope.close(Duration.ZERO));

            // then
            assertThrows(IllegalStateException.class, t::join);
        }
    }

    @Test
    void childrenShowInLiveTasksAndTheDump() throws Exception {
        // given
        var started = new CountDownLatch(1);
        try (var scope = ServiceScope.open("billing")) {
            // when
            Task<Object> t = scope.spawn("invoice-run", () -> {
                started.countDown();
                Weft.sleep(LONG);
                return null;
            });
            awaitLatch(started);

            // then
            assertTrue(Weft.liveTasks().contains(t));
            assertTrue(scope.liveTasks().contains(t));
            String dump = Weft.dumpTaskTree();
            assertTrue(dump.contains("billing") && dump.contains("invoice-run"), dump);
        }
    }

    @Test
    void badArgumentsAreRefusedAtTheCall() {
        assertThrows(NullPointerException.class, () -> ServiceScope.open((String) null));
        assertThrows(IllegalArgumentException.class, () -> ServiceScope.open(" "));
        assertThrows(NullPointerException.class, () -> ServiceScope.open("svc", null));
        try (var scope = ServiceScope.open("svc")) {
            assertThrows(IllegalArgumentException.class, () -> scope.close(Duration.ofSeconds(-1)));
            assertThrows(NullPointerException.class, () -> scope.spawn(null));
        }
    }

    @Test
    void aSpawnRacingCloseIsEitherRefusedOrRunToItsEnd() throws Exception {
        for (int round = 0; round < 50; round++) {
            // given
            var scope = ServiceScope.open("svc");
            var accepted = new AtomicReference<Task<Integer>>();
            var spawner = Thread.ofVirtual().unstarted(() -> {
                try {
                    accepted.set(scope.spawn(() -> 42));
                } catch (IllegalStateException refused) {
                    // refused: nothing was started
                }
            });

            // when
            spawner.start();
            scope.close(LONG);
            spawner.join();

            // then: nothing accepted is left unfinished
            Task<Integer> t = accepted.get();
            if (t != null) {
                assertTrue(t.isDone());
                assertEquals(42, t.join());
            }
        }
    }
}
