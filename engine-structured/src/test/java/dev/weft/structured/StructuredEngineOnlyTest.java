package dev.weft.structured;

import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only the StructuredTaskScope engine can do: ScopedValue inheritance and scope trees in thread dumps. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StructuredEngineOnlyTest {
    private static final ScopedValue<String> REQUEST = ScopedValue.newInstance();

    @Test
    void theStructuredEngineIsInUse() {
        assertEquals("structured", Weft.engineName());
    }

    @Test
    void scopedValueBoundAroundRunIsVisibleInSpawnedTasks() throws Exception {
        String seen = ScopedValue.where(REQUEST, "r-1").call(() -> run(() -> spawn(REQUEST::get).join()));

        assertEquals("r-1", seen);
    }

    @Test
    void scopedValueBoundAroundRunIsVisibleInGatherChildren() throws Exception {
        List<String> seen = ScopedValue.where(REQUEST, "r-2").call(() -> run(() -> gather(REQUEST::get, REQUEST::get)));

        assertEquals(List.of("r-2", "r-2"), seen);
    }

    @Test
    void scopedValueBoundAroundAGroupIsVisibleInNestedGroups() {
        String seen = run(() -> ScopedValue.where(REQUEST, "r-3").call(() -> TaskGroup.run(outer ->
                outer.spawn(() -> TaskGroup.run(inner -> inner.spawn(REQUEST::get).join())).join())));

        assertEquals("r-3", seen);
    }

    @Test
    void jsonThreadDumpShowsTasksInsideTheirScopesContainer(@TempDir Path dir) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Path dump = dir.resolve("threads.json");

        run(() -> {
            try (var g = TaskGroup.open()) {
                Task<Void> worker = g.spawn("dumped-worker", () -> {
                    running.countDown();
                    release.await();
                    return null;
                });
                running.await();
                try {
                    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                            .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                } finally {
                    release.countDown();
                }
                worker.join();
            }
            return null;
        });

        String json = Files.readString(dump);
        int worker = json.indexOf("\"name\": \"dumped-worker\"");
        assertTrue(worker > 0, "the worker thread is in the dump");
        int container = json.lastIndexOf("\"container\":", worker);
        String containerName = json.substring(container, json.indexOf('\n', container));
        assertTrue(containerName.contains("weft:TaskGroup@"), "the worker sits in its group's scope container: " + containerName);
        int parent = json.indexOf("\"parent\":", container);
        String parentName = json.substring(parent, json.indexOf('\n', parent));
        assertTrue(parentName.contains("weft:TaskGroup@") && parentName.contains(":owner"),
                "whose parent is the group's bridge scope: " + parentName);
    }
}
