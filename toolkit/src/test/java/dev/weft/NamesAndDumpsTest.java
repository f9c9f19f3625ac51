package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.VirtualTime;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class NamesAndDumpsTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void aNamedRunNamesItsRootTaskInTheDump() {
        // when
        String dump = Weft.run("nightly-report", () -> Weft.dumpTaskTree());

        // then
        assertTrue(dump.contains("task nightly-report"), dump);
    }

    @Test
    void aNamedGroupShowsItsNameInTheDump() {
        // when
        String dump = Weft.run(() -> TaskGroup.run("checkout", g -> Weft.dumpTaskTree()));

        // then
        assertTrue(dump.contains("TaskGroup checkout"), dump);
    }

    @Test
    void aNamedGathersChildrenAreNamedAfterItWithTheirIndex() {
        // when
        List<String> names = Weft.run(() -> Weft.gather("quotes",
                () -> Weft.currentTask().orElseThrow().name(),
                () -> Weft.currentTask().orElseThrow().name()));

        // then
        assertEquals(List.of("quotes[0]", "quotes[1]"), names);
    }

    @Test
    void aNamedSettledGathersChildrenAreNamedToo() {
        // when
        List<Outcome<String>> outcomes = Weft.run(() -> Weft.gatherSettled("probe", List.of(
                () -> Weft.currentTask().orElseThrow().name())));

        // then
        assertEquals(Outcome.success("probe[0]"), outcomes.get(0));
    }

    @Test
    void blankNamesAreRefusedAtTheCall() {
        assertThrows(IllegalArgumentException.class, () -> Weft.run(" ", () -> 1));
        assertThrows(NullPointerException.class, () -> Weft.run((String) null, () -> 1));
        Weft.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> TaskGroup.open(""));
            assertThrows(IllegalArgumentException.class, () -> TaskGroup.run("", g -> 1));
            assertThrows(IllegalArgumentException.class, () -> Weft.gather("", () -> 1));
            assertEquals(List.of(2), Weft.gather(() -> 2)); // a refused name left no scope behind
        });
    }

    @Test
    void aTaskBlockedInASocketReadShowsTheJdkCallAndItsCallerNotTaskRun() throws Exception {
        // given a loopback server that accepts and never answers
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var reading = new CountDownLatch(1);
            String dump = Weft.run(() -> {
                Task<Integer> reader = Weft.spawn("reader", () -> readOneByte(server, reading));
                awaitLatch(reading);
                await().atMost(Duration.ofSeconds(10)).until(() -> Weft.dumpTaskTree().contains("blocked in"));

                // when
                String d = Weft.dumpTaskTree();
                reader.cancel();
                return d;
            });

            // then
            String line = dump.lines().filter(l -> l.contains("task reader")).findFirst().orElseThrow();
            assertTrue(line.contains("blocked in java.") || line.contains("blocked in sun."), line);
            assertTrue(line.contains("called from " + NamesAndDumpsTest.class.getName() + ".readOneByte"), line);
            assertFalse(line.contains("Task.run"), line);
        }
    }

    private static int readOneByte(ServerSocket server, CountDownLatch reading) throws Exception {
        try (var s = new Socket(server.getInetAddress(), server.getLocalPort()); InputStream in = s.getInputStream()) {
            reading.countDown();
            return in.read(); // the cancel closes the socket ("Closed by interrupt"): the task ends cancelled
        }
    }

    @Test
    void aTaskWaitingInAWeftCallStillShowsThatCall() {
        // when
        String dump = Weft.run(() -> {
            var started = new CountDownLatch(1);
            Task<Object> sleeper = Weft.spawn("sleeper", () -> {
                started.countDown();
                Weft.sleep(LONG);
                return null;
            });
            awaitLatch(started);
            await().atMost(Duration.ofSeconds(10)).until(() -> Weft.dumpTaskTree().contains("waiting in Weft.sleep"));
            String d = Weft.dumpTaskTree();
            sleeper.cancel();
            return d;
        });

        // then
        assertTrue(dump.lines().anyMatch(l -> l.contains("task sleeper") && l.contains("waiting in Weft.sleep")), dump);
    }

    @Test
    void theMBeanGivesTheLiveCountAndTheTreeOverJmx() throws Exception {
        // given
        Weft.registerMBean();
        assertFalse(Weft.registerMBean(), "a second registration does nothing");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.weft:type=Tasks");

        // when
        Object[] seen = Weft.run(() -> {
            var started = new CountDownLatch(1);
            Task<Object> t = Weft.spawn("jmx-visible", () -> {
                started.countDown();
                Weft.sleep(LONG);
                return null;
            });
            awaitLatch(started);
            Object count = server.getAttribute(name, "LiveTaskCount");
            Object tree = server.invoke(name, "dumpTaskTree", null, null);
            t.cancel();
            return new Object[] {count, tree};
        });

        // then
        assertTrue((Integer) seen[0] >= 2, "root and child: " + seen[0]);
        assertTrue(((String) seen[1]).contains("task jmx-visible"), (String) seen[1]);
    }

    @Test
    void theWatchdogLogsTheTreeWhenABlockOverrunsItsLimit() {
        try (var log = LogCapture.of("dev.weft.Watchdog")) {
            // when
            boolean overran = VirtualTime.run(() -> {
                try (var watch = Watchdog.watch("import", Duration.ofSeconds(30))) {
                    Weft.spawn("stuck-step", () -> {
                        Weft.sleep(Duration.ofSeconds(40));
                        return null;
                    }).join();
                    return watch.overran();
                }
            }).value();

            // then
            assertTrue(overran);
            String logged = log.warningsNaming("import").get(0).getFormattedMessage();
            assertTrue(logged.contains("task stuck-step"), logged);
        }
    }

    @Test
    void theWatchdogStaysQuietWhenTheBlockEndsInTime() {
        try (var log = LogCapture.of("dev.weft.Watchdog")) {
            // when
            boolean overran = VirtualTime.run(() -> {
                try (var watch = Watchdog.watch("quick", Duration.ofSeconds(30))) {
                    Weft.sleep(Duration.ofSeconds(10));
                    return watch.overran();
                }
            }).value();

            // then
            assertFalse(overran);
            assertTrue(log.warnings().isEmpty());
        }
    }

    @Test
    void aWatchdogNeedsAPositiveLimit() {
        var e = assertThrows(IllegalArgumentException.class, () -> Watchdog.watch("x", Duration.ZERO));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }
}
