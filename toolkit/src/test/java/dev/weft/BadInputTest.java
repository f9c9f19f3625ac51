package dev.weft;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BadInputTest {

    private static void assertMessageNames(Throwable thrown, String argument) {
        assertNotNull(thrown.getMessage(), "no message");
        assertTrue(thrown.getMessage().contains(argument),
                () -> "message '" + thrown.getMessage() + "' does not name '" + argument + "'");
    }

    @Test
    void spawnOutsideAnyScopeFailsWithAMessageThatSaysHowToFixIt() {
        // when called on a plain thread, outside Weft.run and any TaskGroup
        var thrown = assertThrows(IllegalStateException.class, () -> Weft.spawn(() -> "orphan"));

        // then
        assertMessageNames(thrown, "Weft.run");
        assertMessageNames(thrown, "TaskGroup");
    }

    @Test
    void sleepWithANegativeDurationThrowsIllegalArgument() {
        Weft.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> Weft.sleep(Duration.ofMillis(-1)));
        });
    }

    @Test
    void sleepWithNullThrowsNullPointerNamingTheArgument() {
        Weft.run(() -> {
            var thrown = assertThrows(NullPointerException.class, () -> Weft.sleep(null));
            assertMessageNames(thrown, "duration");
        });
    }

    @Test
    void sleepWithZeroDurationReturns() {
        Weft.run(() -> {
            Weft.sleep(Duration.ZERO);
        });
    }

    @Test
    void spawnWithNullBodyThrowsNullPointerNamingTheArgument() {
        Weft.run(() -> {
            var thrown = assertThrows(NullPointerException.class, () -> Weft.spawn((Callable<String>) null));
            assertMessageNames(thrown, "body");
        });
    }

    @Test
    void groupSpawnWithNullBodyThrowsNullPointerNamingTheArgument() {
        Weft.run(() -> {
            try (var g = TaskGroup.open()) {
                var thrown = assertThrows(NullPointerException.class, () -> g.spawn((Callable<String>) null));
                assertMessageNames(thrown, "body");
            }
        });
    }

    @Test
    void gatherWithANullCollectionThrowsNullPointerNamingTheArgument() {
        Weft.run(() -> {
            var thrown = assertThrows(NullPointerException.class,
                    () -> Weft.gather((Collection<Callable<String>>) null));
            assertMessageNames(thrown, "bodies");
        });
    }

    @Test
    void gatherOfAListContainingNullThrowsNullPointerNamingTheArgument() {
        // given
        List<Callable<String>> bodies = Arrays.asList(() -> "fine", null);

        Weft.run(() -> {
            // when
            var thrown = assertThrows(NullPointerException.class, () -> Weft.gather(bodies));

            // then ("bodies", or "body 1": either names the argument)
            assertMessageNames(thrown, "bod");
        });
    }

    @Test
    void timeoutWithNullDurationThrowsNullPointerNamingTheArgument() {
        Weft.run(() -> {
            var thrown = assertThrows(NullPointerException.class, () -> Weft.timeout(null));
            assertMessageNames(thrown, "duration");
        });
    }
}
