package dev.weft.peers;

import static dev.weft.Weft.generate;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.peers.Peers.LONG;
import static dev.weft.peers.Peers.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Generator;
import dev.weft.peers.Peers.Boom;
import dev.weft.testing.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * kotlinx.coroutines kotlinx-coroutines-core/common/test/channels/ProduceTest.kt: {@code produce { send(x) }}
 * consumed with a for loop is {@code generate(out -> out.emit(x))} in a try-with-resources for-each.
 */
@org.junit.jupiter.api.Timeout(30)
class KotlinProduceTest {

    @Test
    void consumerReceivesEverythingThenTheSequenceEnds() {
        // kotlinx ProduceTest.kt: testBasic
        var got = new ArrayList<Integer>();

        VirtualTime.run(() -> {
            try (Generator<Integer> g = generate(out -> {
                out.emit(1);
                out.emit(42);
            })) {
                for (int v : g) {
                    got.add(v);
                }
            }
        });

        assertEquals(List.of(1, 42), got);
    }

    @Test
    void leavingTheLoopEarlyCancelsTheProducerAndRunsItsCleanup() {
        // kotlinx ProduceTest.kt: testCancelWithoutCause
        var producerCancelled = new AtomicBoolean();
        var producerFinally = new AtomicBoolean();

        VirtualTime.run(() -> {
            try (Generator<Integer> g = generate(out -> {
                try {
                    out.emit(1);
                    out.emit(2);
                    sleep(LONG);
                } catch (CancelledException e) {
                    producerCancelled.set(true);
                    throw e;
                } finally {
                    producerFinally.set(true);
                }
            })) {
                for (int v : g) {
                    if (v == 2) {
                        break;
                    }
                }
            }
        });

        assertTrue(producerCancelled.get());
        assertTrue(producerFinally.get());
    }

    @Test
    void producerFailureReachesTheConsumer() {
        // kotlinx ProduceTest.kt: testCancelWithCause (the channel is closed with the producer's exception)
        var got = new ArrayList<Integer>();

        VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> {
                try (Generator<Integer> g = generate(out -> {
                    out.emit(1);
                    throw new Boom("TestException");
                })) {
                    for (int v : g) {
                        got.add(v);
                    }
                }
            });
        });

        assertEquals(List.of(1), got);
    }

    @Test
    void producersChildFailureReachesTheConsumer() {
        // kotlinx ProduceTest.kt: testBasic with a launch inside produce (the producer's children belong to
        // the producer, issue 11 §2 item 12)
        VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> {
                try (Generator<Integer> g = generate(out -> {
                    spawn(() -> {
                        sleep(ms(5));
                        throw new Boom("child");
                    });
                    out.emit(1);
                    sleep(ms(50));
                    out.emit(2);
                })) {
                    for (int ignored : g) {
                        // consume
                    }
                }
            });
        });
    }

    @Test
    void sequenceEndsOnlyAfterTheProducersChildrenEmittedTheirValues() {
        // kotlinx ProduceTest.kt: testBasic with children that send (issue 11 §2 item 12)
        var got = new ArrayList<Integer>();

        VirtualTime.run(() -> {
            try (Generator<Integer> g = generate(out -> {
                spawn(() -> {
                    sleep(ms(10));
                    out.emit(2);
                    return null;
                });
                out.emit(1);
            })) {
                for (int v : g) {
                    got.add(v);
                }
            }
        });

        assertEquals(List.of(1, 2), got);
    }

    @Test
    void producerFailureCancelsTheProducersChildren() {
        // kotlinx ProduceTest.kt: testCancelWithCause with a child (issue 11 §2 item 12)
        var childCancelled = new AtomicBoolean();

        VirtualTime.run(() -> {
            assertThrows(Boom.class, () -> {
                try (Generator<Integer> g = generate(out -> {
                    spawn(() -> {
                        try {
                            sleep(LONG);
                        } catch (CancelledException e) {
                            childCancelled.set(true);
                            throw e;
                        }
                        return null;
                    });
                    sleep(ms(1));
                    throw new Boom("producer");
                })) {
                    for (int ignored : g) {
                        // consume
                    }
                }
            });
        });

        assertTrue(childCancelled.get());
    }

    @Test
    void producerWaitsForTheConsumerWhenTheBufferIsFull() {
        // kotlinx ProduceTest.kt: testBasic's back-pressure (produce with a small capacity)
        var emitted = new ArrayList<Integer>();

        VirtualTime.run(() -> {
            try (Generator<Integer> g = Generator.of(1, out -> {
                for (int i = 0; i < 3; i++) {
                    out.emit(i);
                    synchronized (emitted) {
                        emitted.add(i);
                    }
                }
            })) {
                sleep(ms(10));
                synchronized (emitted) {
                    assertTrue(emitted.size() <= 2, "the producer ran ahead of the buffer: " + emitted);
                }
                for (int ignored : g) {
                    // drain
                }
            }
        });

        assertEquals(List.of(0, 1, 2), emitted);
    }
}
