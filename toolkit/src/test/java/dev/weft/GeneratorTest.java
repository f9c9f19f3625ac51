package dev.weft;

import static dev.weft.TestSupport.LONG;
import static dev.weft.TestSupport.awaitBlocked;
import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.TestSupport.ms;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GeneratorTest {

    /** A producer of 0..n-1 that counts how often its finally block ran and remembers its task and thread. */
    private static final class Counting implements Generator.Body<Integer> {
        final int n;
        final AtomicInteger produced = new AtomicInteger();
        final AtomicInteger cleanups = new AtomicInteger();
        final AtomicReference<Task<?>> task = new AtomicReference<>();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        Counting(int n) {
            this.n = n;
        }

        @Override
        public void produce(Emitter<Integer> out) {
            task.set(Weft.currentTask().orElseThrow());
            thread.set(Thread.currentThread());
            try {
                for (int i = 0; i < n; i++) {
                    out.emit(i);
                    produced.incrementAndGet();
                }
            } finally {
                cleanups.incrementAndGet();
            }
        }
    }

    @Test
    void forEachReceivesTheValuesInTheOrderTheyWereEmitted() {
        // given
        var body = new Counting(50);
        List<Integer> seen = new ArrayList<>();

        // when
        for (int v : Generator.of(body)) {
            seen.add(v);
        }

        // then
        assertEquals(50, seen.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void producerRunsAtMostCapacityValuesAheadOfTheConsumer() {
        // given a slow consumer of a generator with room for 3
        var body = new Counting(40);
        int maxAhead = 0;
        int consumed = 0;

        // when
        try (var gen = Generator.of(3, body)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> body.produced.get() == 3 && body.thread.get() != null);
            awaitBlocked(body.thread.get()); // the producer waits in emit for room
            assertEquals(3, body.produced.get());
            for (int ignored : gen) {
                consumed++;
                maxAhead = Math.max(maxAhead, body.produced.get() - consumed);
            }
        }

        // then
        assertEquals(40, consumed);
        assertTrue(maxAhead <= 3, "producer ran " + maxAhead + " values ahead");
    }

    @Test
    void breakingOutOfTheLoopRunsTheProducersFinallyExactlyOnce() {
        // given
        var body = new Counting(1_000);

        // when
        try (var gen = Generator.of(body)) {
            for (int v : gen) {
                if (v == 2) {
                    break;
                }
            }
        }

        // then: close waited for the cleanup
        assertEquals(1, body.cleanups.get());
        assertTrue(body.task.get().isDone());
        assertTrue(body.task.get().isCancelled());
    }

    @Test
    void closeCancelsAProducerBlockedInEmit() {
        // given a producer stuck in emit because nobody consumes
        var body = new Counting(Integer.MAX_VALUE);
        var gen = Generator.of(body);
        await().atMost(Duration.ofSeconds(10)).until(() -> body.produced.get() == 1);
        awaitBlocked(body.thread.get());

        // when
        gen.close();

        // then
        assertTrue(body.task.get().isCancelled());
        assertEquals(1, body.cleanups.get());
        assertTrue(gen.isDone());
    }

    @Test
    void reachingTheEndLeavesNoProducerRunning() {
        // given
        var body = new Counting(3);

        // when
        for (int ignored : Generator.of(body)) {
            // consume all
        }

        // then
        assertTrue(body.task.get().isDone());
        assertEquals(1, body.cleanups.get());
    }

    @Test
    void uncheckedProducerFailureSurfacesAtTheNextStepAsTheSameInstance() {
        // given
        var boom = new IllegalStateException("boom");
        List<Integer> seen = new ArrayList<>();

        // when
        var thrown = assertThrows(IllegalStateException.class, () -> {
            try (var gen = Generator.<Integer>of(out -> {
                out.emit(1);
                out.emit(2);
                throw boom;
            })) {
                for (int v : gen) {
                    seen.add(v);
                }
            }
        });

        // then: the values before the failure arrive first, and close does not throw it a second time
        assertSame(boom, thrown);
        assertEquals(List.of(1, 2), seen);
        assertEquals(0, thrown.getSuppressed().length);
    }

    @Test
    void checkedProducerFailureArrivesWrappedInTaskFailedException() {
        // given
        var io = new IOException("disk");
        var gen = Generator.<Integer>of(out -> {
            throw io;
        });
        Iterator<Integer> it = gen.iterator();

        // when
        var thrown = assertThrows(TaskFailedException.class, it::hasNext);

        // then
        assertSame(io, thrown.getCause());
        assertFalse(it.hasNext());
        gen.close();
    }

    @Test
    void closeRethrowsAFailureTheConsumerHasNotSeen() {
        // given a producer that fails right after its first value
        var boom = new IllegalArgumentException("late");
        var gen = Generator.<Integer>of(out -> {
            out.emit(1);
            throw boom;
        });
        assertEquals(1, gen.iterator().next());

        // when / then
        assertSame(boom, assertThrows(IllegalArgumentException.class, gen::close));
    }

    @Test
    void streamViewGivesTheValuesAndClosingItClosesTheGenerator() {
        // given
        var body = new Counting(1_000);

        // when
        List<Integer> firstThree;
        try (Stream<Integer> s = Generator.of(body).stream()) {
            firstThree = s.limit(3).toList();
        }

        // then
        assertEquals(List.of(0, 1, 2), firstThree);
        assertEquals(1, body.cleanups.get());
        assertTrue(body.task.get().isDone());
    }

    @Test
    void streamRunToItsEndClosesTheGeneratorWithoutTryWithResources() {
        // given
        var body = new Counting(5);

        // when
        int sum = Generator.of(body).stream().mapToInt(Integer::intValue).sum();

        // then
        assertEquals(10, sum);
        assertTrue(body.task.get().isDone());
    }

    @Test
    void cancellingTheConsumerCancelsTheProducer() throws InterruptedException {
        // given a consumer task iterating a generator whose producer never emits
        var producerStarted = new CountDownLatch(1);
        var producerCleanedUp = new AtomicInteger();
        Weft.run(() -> {
            Task<Void> consumer = Weft.spawn(() -> {
                try (var gen = Generator.<Integer>of(out -> {
                    try {
                        producerStarted.countDown();
                        Weft.sleep(LONG);
                    } finally {
                        producerCleanedUp.incrementAndGet();
                    }
                })) {
                    for (int ignored : gen) {
                        // never reached
                    }
                }
                return null;
            });
            awaitLatch(producerStarted);

            // when
            consumer.cancel();

            // then
            assertThrows(CancelledException.class, consumer::join);
            return null;
        });
        assertEquals(1, producerCleanedUp.get());
    }

    @Test
    void consumerWaitHonoursAnEnclosingTimeout() {
        // given a producer that never emits
        var producerStarted = new AtomicInteger();
        var producerCleanedUp = new AtomicInteger();

        // when
        assertThrows(TimedOutException.class, () -> Weft.run(() -> {
            try (var t = Weft.timeout(ms(50)); var gen = Generator.<Integer>of(out -> {
                producerStarted.incrementAndGet();
                try {
                    Weft.sleep(LONG);
                } finally {
                    producerCleanedUp.incrementAndGet();
                }
            })) {
                for (int ignored : gen) {
                    // never reached
                }
            }
        }));

        // then a producer that got to run was cleaned up (on a busy machine the 50 ms may pass before it
        // starts: then it is cancelled before its body, which is not what this test is about)
        assertEquals(producerStarted.get(), producerCleanedUp.get());
    }

    @Test
    void plainForEachRunToTheEndInsideATaskLeavesNoScopeOpen() {
        // given
        var body = new Counting(3);

        // when: no try-with-resources; the task (and Weft.run) can only finish if the scope was closed
        int sum = Weft.run(() -> {
            int s = 0;
            for (int v : Generator.of(body)) {
                s += v;
            }
            return s;
        });

        // then
        assertEquals(3, sum);
        assertTrue(body.task.get().isDone());
    }

    @Test
    void reachingTheEndInsideAGroupOpenedLaterLeavesTheCloseToTryWithResources() {
        // given
        var body = new Counting(3);

        // when
        int sum = Weft.run(() -> {
            try (var gen = Generator.of(body)) {
                return TaskGroup.run(g -> {
                    int s = 0;
                    for (int v : gen) {
                        s += v;
                    }
                    return s;
                });
            }
        });

        // then
        assertEquals(3, sum);
        assertEquals(1, body.cleanups.get());
    }

    @Test
    void iteratingTwiceIsRefused() {
        try (var gen = Generator.of(new Counting(1))) {
            gen.iterator();
            assertThrows(IllegalStateException.class, gen::iterator);
        }
    }

    @Test
    void closingOnAnotherThreadIsRefused() throws InterruptedException {
        // given
        try (var gen = Generator.of(new Counting(1))) {
            var error = new AtomicReference<Throwable>();

            // when
            Thread other = Thread.ofVirtual().start(() -> {
                try {
                    gen.close();
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            other.join();

            // then
            assertInstanceOf(IllegalStateException.class, error.get());
        }
    }

    @Test
    void badArgumentsFailAtTheCall() {
        assertThrows(IllegalArgumentException.class, () -> Generator.of(0, out -> { }));
        var npe = assertThrows(NullPointerException.class, () -> Generator.of(null));
        assertEquals("body", npe.getMessage());
    }

    @Test
    void emittingNullIsRefusedAndFailsTheGenerator() {
        try (var gen = Generator.<String>of(out -> out.emit(null))) {
            var npe = assertThrows(NullPointerException.class, () -> gen.iterator().hasNext());
            assertEquals("value", npe.getMessage());
        }
    }
}
