package dev.weft.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Queue;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WeftMetricsTest {
    private SimpleMeterRegistry registry;
    private WeftMetrics metrics;

    @BeforeEach
    void bind() {
        registry = new SimpleMeterRegistry();
        metrics = WeftMetrics.register(registry);
    }

    @AfterEach
    void unbind() {
        metrics.close();
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void spawnedAndCompletedTasksAreCountedByOutcome() {
        // when
        Weft.run(() -> {
            Weft.gatherSettled(() -> 1, () -> {
                throw new IllegalStateException("boom");
            });
            Task<Object> t = Weft.spawn(() -> {
                Weft.sleep(Duration.ofMinutes(5));
                return null;
            });
            t.cancel();
            return null;
        });

        // then
        assertEquals(3, counter("weft.tasks.spawned"));
        assertEquals(1, counter("weft.tasks.completed", "outcome", "success"));
        assertEquals(1, counter("weft.tasks.completed", "outcome", "failed"));
        assertEquals(1, counter("weft.tasks.completed", "outcome", "cancelled"));
        assertEquals(1, counter("weft.tasks.cancel.requests"));
    }

    @Test
    void firedTimeoutsAreCounted() {
        // when
        assertThrows(TimedOutException.class, () -> Weft.run(() -> Weft.waitFor(Duration.ofMillis(1), () -> {
            Weft.sleep(Duration.ofMinutes(5));
            return null;
        })));

        // then
        assertEquals(1, counter("weft.timeouts.fired"));
    }

    @Test
    void liveTasksGaugeReadsTheTaskTree() throws Exception {
        // given
        var started = new CountDownLatch(1);
        double[] seen = new double[1];

        // when
        Weft.run(() -> {
            Task<Object> t = Weft.spawn(() -> {
                started.countDown();
                Weft.sleep(Duration.ofMinutes(5));
                return null;
            });
            started.await();
            seen[0] = registry.get("weft.tasks.live").gauge().value();
            t.cancel();
            return null;
        });

        // then: the root task and its child
        assertEquals(2, seen[0]);
        assertEquals(0, registry.get("weft.tasks.live").gauge().value());
    }

    @Test
    void semaphoreWaitsAreTimed() {
        // given
        var sem = new Semaphore(1);

        // when: one acquire finds a permit, the other waits for it
        Weft.run(() -> {
            Weft.gather(() -> sem.withPermit(() -> {
                Weft.sleep(Duration.ofMillis(30));
                return 1;
            }), () -> sem.withPermit(() -> {
                Weft.sleep(Duration.ofMillis(30));
                return 2;
            }));
            return null;
        });

        // then
        var timer = registry.get("weft.semaphore.wait").timer();
        assertEquals(2, timer.count());
        assertTrue(timer.max(TimeUnit.MILLISECONDS) >= 20, "the second waited about 30 ms: " + timer.max(TimeUnit.MILLISECONDS));
    }

    @Test
    void queueDepthGaugeShowsTheItemsInAQueue() {
        // given
        var jobs = Queue.<String>fifo(10);
        WeftMetrics.monitor(registry, jobs, "jobs");

        // when
        jobs.putNowait("a");
        jobs.putNowait("b");

        // then
        assertEquals(2, registry.get("weft.queue.depth").tags("queue", "jobs").gauge().value());
    }

    @Test
    void afterCloseNothingIsCounted() {
        // given
        metrics.close();

        // when
        Weft.run(() -> Weft.gather(() -> 1));

        // then
        assertEquals(0, counter("weft.tasks.spawned"));
    }

    @Test
    void bindingOneBinderTwiceIsRefused() {
        assertThrows(IllegalStateException.class, () -> metrics.bindTo(new SimpleMeterRegistry()));
    }
}
