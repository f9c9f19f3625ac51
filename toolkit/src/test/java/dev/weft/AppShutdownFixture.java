package dev.weft;

import java.time.Duration;

/**
 * A tiny application for {@link WeftAppTest}, run in a forked JVM. Its first argument picks what it
 * does; it reports on stdout, which the test reads (a test program, so printing is its interface).
 */
public final class AppShutdownFixture {
    private AppShutdownFixture() {
    }

    public static void main(String[] args) {
        WeftApp.run(args, Duration.ofSeconds(20), argv -> {
            switch (argv.get(0)) {
                case "ok" -> System.out.println("main done");
                case "fail" -> throw new IllegalStateException("main failed on purpose");
                case "serve" -> serve();
                default -> throw new IllegalArgumentException("unknown mode " + argv.get(0));
            }
        });
    }

    /** Two tasks wait forever; on cancel, each runs a shielded cleanup that itself takes a while. */
    private static void serve() throws InterruptedException {
        var started = new java.util.concurrent.CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            int n = i;
            Weft.spawn("worker-" + n, () -> {
                try {
                    started.countDown(); // "ready" only once both are inside their try: none is born cancelled
                    Weft.sleep(Duration.ofDays(1));
                    return null;
                } finally {
                    Weft.shield(() -> {
                        Weft.sleep(Duration.ofMillis(100));
                        System.out.println("cleanup done " + n);
                        return null;
                    });
                }
            });
        }
        started.await();
        System.out.println("ready");
        System.out.flush();
        Weft.sleep(Duration.ofDays(1));
    }
}
