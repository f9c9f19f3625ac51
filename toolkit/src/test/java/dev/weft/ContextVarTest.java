package dev.weft;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContextVarTest {
    private static final ContextVar<String> REQUEST = ContextVar.named("request");

    @Test
    void valueBoundInATaskIsVisibleInTasksItSpawns() {
        List<String> seen = run(() -> {
            REQUEST.set("r-1");
            return gather(REQUEST::get, () -> spawn(REQUEST::get).join());
        });

        assertEquals(List.of("r-1", "r-1"), seen);
    }

    @Test
    void childChangeDoesNotLeakToItsParent() {
        String parentAfter = run(() -> {
            REQUEST.set("parent");
            spawn(() -> REQUEST.set("child")).join();
            return REQUEST.get();
        });

        assertEquals("parent", parentAfter);
    }

    @Test
    void parentChangeAfterSpawnDoesNotReachTheRunningChild() throws Exception {
        CountDownLatch parentChanged = new CountDownLatch(1);
        String childSaw = run(() -> {
            REQUEST.set("before");
            Task<String> child = spawn(() -> {
                parentChanged.await();
                return REQUEST.get();
            });
            REQUEST.set("after");
            parentChanged.countDown();
            return child.join();
        });

        assertEquals("before", childSaw);
    }

    @Test
    void valueSetAroundRunIsVisibleInsideIt() {
        String seen;
        try (ContextVar<String>.Token ignored = REQUEST.set("outside")) {
            seen = run(() -> gather(REQUEST::get).get(0));
        }

        assertEquals("outside", seen);
        assertFalse(REQUEST.isSet());
    }

    @Test
    void tokenRestoresThePreviousValue() {
        ContextVar<Integer> depth = ContextVar.withDefault("depth", 0);

        try (var outer = depth.set(1)) {
            try (var inner = depth.set(2)) {
                assertEquals(2, depth.get());
            }
            assertEquals(1, depth.get());
        }

        assertEquals(0, depth.get());
    }

    @Test
    void whereBindsOnlyForTheBody() {
        String inside = REQUEST.where("scoped", () -> run(() -> spawn(REQUEST::get).join()));

        assertEquals("scoped", inside);
        assertNull(REQUEST.get());
    }
}
