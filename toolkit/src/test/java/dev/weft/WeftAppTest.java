package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WeftApp} in a forked JVM: exit codes, and a SIGTERM (Process.destroy on Linux) that cancels the tree. */
@Timeout(60)
class WeftAppTest {

    @Test
    void sigtermCancelsTheTreeRunsShieldedCleanupAndExitsWith143() throws Exception {
        // given
        Process p = fork("serve");
        BufferedReader out = reader(p);
        List<String> lines = new ArrayList<>();
        readUntil(out, lines, "ready");

        // when
        p.toHandle().destroy(); // SIGTERM on Linux; unlike Process.destroy it leaves our end of stdout open
        readRest(out, lines);

        // then
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "no hang");
        assertEquals(WeftApp.EXIT_TERMINATED, p.exitValue(), String.join("\n", lines));
        assertTrue(lines.contains("cleanup done 0") && lines.contains("cleanup done 1"), String.join("\n", lines));
    }

    @Test
    void mainThatReturnsExitsWith0() throws Exception {
        // given
        Process p = fork("ok");
        List<String> lines = new ArrayList<>();

        // when
        readRest(reader(p), lines);

        // then
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "no hang");
        assertEquals(WeftApp.EXIT_OK, p.exitValue(), String.join("\n", lines));
        assertTrue(lines.contains("main done"));
    }

    @Test
    void mainThatFailsExitsWith1() throws Exception {
        // given
        Process p = fork("fail");
        List<String> lines = new ArrayList<>();

        // when
        readRest(reader(p), lines);

        // then
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "no hang");
        assertEquals(WeftApp.EXIT_FAILED, p.exitValue(), String.join("\n", lines));
    }

    @Test
    void negativeGraceIsRefusedAtTheCall() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> WeftApp.exitCodeOf(new String[0], Duration.ofSeconds(-1), argv -> { }));
        assertTrue(e.getMessage().contains("grace"), e.getMessage());
    }

    private static Process fork(String mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        var pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", AppShutdownFixture.class.getName(), mode);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void readUntil(BufferedReader in, List<String> lines, String wanted) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            lines.add(line);
            if (line.equals(wanted)) {
                return;
            }
        }
        throw new AssertionError("the forked JVM ended before printing '" + wanted + "':\n" + String.join("\n", lines));
    }

    private static void readRest(BufferedReader in, List<String> lines) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            lines.add(line);
        }
    }
}
