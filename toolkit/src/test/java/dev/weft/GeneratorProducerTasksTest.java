package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task spawned by a generator's producer belongs to the producer, as in a {@code TaskGroup.run}
 * body (issue 11, defect 12; Kotlin's {@code channelFlow}, whose launched coroutines are children of
 * the producer).
 */
@Timeout(30)
class GeneratorProducerTasksTest {

    @Test
    void theSequenceEndsOnlyWhenTheTasksTheProducerSpawnedAreDone() {
        List<Integer> seen = new ArrayList<>();
        Weft.run(() -> {
            // given a producer that spawns an emitter and returns at once
            try (var values = Generator.<Integer>of(4, out -> Weft.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    Weft.sleep(java.time.Duration.ofMillis(1));
                    out.emit(i);
                }
                return null;
            }))) {
                // when the consumer reads to the end
                values.forEach(seen::add);
            }
        });

        // then it saw everything the spawned task emitted
        assertEquals(List.of(0, 1, 2), seen);
    }

    @Test
    void aFailureOfATaskTheProducerSpawnedReachesTheConsumer() {
        var boom = new IllegalStateException("child");

        var thrown = assertThrows(IllegalStateException.class, () -> Weft.run(() -> {
            try (var values = Generator.<Integer>of(out -> {
                Weft.spawn(() -> {
                    throw boom;
                });
                out.emit(1);
            })) {
                values.forEach(v -> { });
            }
        }));

        assertSame(boom, thrown);
    }

    @Test
    void aFailureOfTheProducerCancelsTheTasksItSpawned() {
        var boom = new IllegalStateException("producer");
        var child = new AtomicReference<Task<Object>>();

        var thrown = assertThrows(IllegalStateException.class, () -> Weft.run(() -> {
            var started = new CountDownLatch(1);
            try (var values = Generator.<Integer>of(out -> {
                child.set(Weft.spawn(() -> {
                    started.countDown();
                    Weft.sleep(TestSupport.LONG);
                    return null;
                }));
                started.await();
                throw boom;
            })) {
                values.forEach(v -> { });
            }
        }));

        assertSame(boom, thrown);
        assertTrue(child.get().isCancelled());
    }
}
