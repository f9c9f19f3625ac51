package dev.weft;

import static dev.weft.Weft.asCompleted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AsCompletedTimeoutTest {

    @Test
    void throwsTimedOutAfterTheDeadlineAndLeavesTheRestRunning() {
        TaskGroup.run(g -> {
            Task<String> quick = g.spawn(() -> "quick");
            Task<String> stuck = g.spawn(() -> {
                Weft.sleep(Duration.ofMinutes(1));
                return "stuck";
            });
            List<String> seen = new ArrayList<>();

            assertThrows(TimedOutException.class, () -> {
                for (Task<String> t : asCompleted(List.of(quick, stuck), Duration.ofMillis(150))) {
                    seen.add(t.join());
                }
            });

            assertEquals(List.of("quick"), seen);
            assertFalse(stuck.isDone());
            stuck.cancel();
            return null;
        });
    }
}
