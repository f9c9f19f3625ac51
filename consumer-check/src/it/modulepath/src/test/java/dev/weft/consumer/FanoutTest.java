package dev.weft.consumer;

import static dev.weft.Weft.gather;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testing.VirtualTime;
import dev.weft.testing.WeftLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WeftLeakCheck.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FanoutTest {

    @Test
    void gatherReturnsResultsInArgumentOrder() {
        assertEquals(List.of("USERS", "ORDERS"), Fanout.fetchAll());
    }

    @Test
    void taskGroupWaitsForEveryChild() {
        assertEquals(10, Fanout.countInGroup(10));
    }

    @Test
    void virtualTimeMeasuresTheSlowestBranch() {
        VirtualTime.Result<List<String>> r = VirtualTime.run(() -> gather(
                () -> Fanout.fetch("a", Duration.ofSeconds(3)),
                () -> Fanout.fetch("b", Duration.ofSeconds(2))));

        assertEquals(List.of("A", "B"), r.value());
        assertEquals(Duration.ofSeconds(3), r.elapsed());
    }
}
