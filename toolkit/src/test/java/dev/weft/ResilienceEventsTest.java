package dev.weft;

import static dev.weft.TestSupport.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.testing.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JFR events of retry and hedge (the breaker's is in {@link CircuitBreakerTest}). */
@Timeout(30)
class ResilienceEventsTest {

    @BeforeAll
    static void warmUp() {
        ResilienceWarmUp.once();
    }

    /** Runs {@code code} under a recording of {@code event} and returns the events recorded on this thread's runs. */
    private static List<RecordedEvent> record(String event, Runnable code) throws Exception {
        Path file = Files.createTempFile("weft-resilience", ".jfr");
        try {
            try (Recording recording = new Recording()) {
                recording.enable(event);
                recording.start();
                code.run();
                recording.stop();
                recording.dump(file);
            }
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(event))
                    .toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aRetryRecordsEachScheduledRetryAndWhyItGaveUp() throws Exception {
        // given a policy of 3 attempts 100 ms apart, and a body that always fails with a marker
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).fixedDelay(ms(100)).jitter(RetryPolicy.Jitter.NONE).build();
        Runnable failing = () -> Virtually.run(() -> {
            assertThrows(IllegalStateException.class, () -> Weft.retry(policy, () -> {
                throw new IllegalStateException("events-test-marker");
            }));
        });

        // when
        // (a recording file is not in time order: events land a thread buffer at a time, and the retrying task
        // may change carrier threads between attempts; CI saw [2, 1] once. Order them by attempt.)
        List<RecordedEvent> scheduled = record("dev.weft.RetryScheduled", failing).stream()
                .filter(e -> e.getString("failure").contains("events-test-marker"))
                .sorted(Comparator.comparingInt(e -> e.getInt("attempt"))).toList();
        List<RecordedEvent> gaveUp = record("dev.weft.RetryGaveUp", failing);

        // then
        assertEquals(List.of(1, 2), scheduled.stream().map(e -> e.getInt("attempt")).toList());
        assertEquals(Duration.ofMillis(100), scheduled.get(0).getDuration("delay"));
        assertEquals(1, gaveUp.stream().filter(e -> e.getInt("attempts") == 3
                && e.getString("reason").equals("MAX_ATTEMPTS")).count());
    }

    @Test
    void aHedgeRecordsTheAttemptItStarted() throws Exception {
        // when a hedge of 2 attempts, 70 ms apart, runs a body of an hour
        List<RecordedEvent> started = record("dev.weft.HedgeStarted", () -> Virtually.run(() -> {
            assertThrows(TimedOutException.class, () -> Weft.waitFor(ms(100), () -> Hedge.fixed(ms(70), 2).call(() -> {
                Weft.sleep(Duration.ofHours(1));
                return "never";
            })));
        })).stream().filter(e -> e.getDuration("after").equals(Duration.ofMillis(70))).toList();

        // then
        assertEquals(1, started.size());
        assertEquals(2, started.get(0).getInt("attempt"));
    }
}
