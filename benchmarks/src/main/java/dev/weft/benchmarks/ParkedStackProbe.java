package dev.weft.benchmarks;

import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How large a parked task's stack chunk is: parks 200,000 tasks in a sleep, reads this JVM's class histogram
 * ({@code jcmd <pid> GC.class_histogram}) once they are all parked, and prints the bytes per
 * {@code jdk.internal.vm.StackChunk}, for four rounds in a row.
 *
 * <p>The chunk holds the parked frames, and their size follows the JIT's type profile at the call where
 * every task calls its body: C2 inlines the body there only while that call site has seen at most two
 * body classes. {@code mixed} first runs a few other body classes through Weft and the executor, as a
 * server would, so that the call site is megamorphic.
 *
 * <pre>
 *   java -Dweft.engine=virtual -cp ... dev.weft.benchmarks.ParkedStackProbe gather|group|executor [mixed]
 * </pre>
 */
public final class ParkedStackProbe {
    private static final int TASKS = 200_000;
    private static final Duration PARK = Duration.ofMillis(1500);

    private ParkedStackProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !List.of("gather", "group", "executor").contains(args[0])) {
            throw new IllegalArgumentException("usage: ParkedStackProbe gather|group|executor [mixed]");
        }
        if (args.length > 1 && args[1].equals("mixed")) {
            runOtherBodyClasses();
        }
        for (int round = 0; round < 4; round++) {
            CountDownLatch parked = new CountDownLatch(TASKS);
            String[] chunk = new String[1];
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    parked.await();
                    // a task that has counted down but not parked yet has no chunk, so it is not in the average
                    chunk[0] = stackChunkBytesPerInstance();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            park(args[0], parked);
            reader.join();
            System.out.printf(Locale.ROOT, "%s round %d: %s%n", args[0], round, chunk[0]);
        }
    }

    private static void park(String how, CountDownLatch parked) throws Exception {
        switch (how) {
            case "gather" -> {
                Callable<Object> body = () -> {
                    parked.countDown();
                    Weft.sleep(PARK);
                    return null;
                };
                Weft.run(() -> Weft.gather(Collections.nCopies(TASKS, body)));
            }
            case "group" -> Weft.run(() -> TaskGroup.run(g -> {
                for (int i = 0; i < TASKS; i++) {
                    g.spawn(() -> {
                        parked.countDown();
                        Weft.sleep(PARK);
                        return null;
                    });
                }
                return null;
            }));
            default -> {
                try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> all = new ArrayList<>(TASKS);
                    for (int i = 0; i < TASKS; i++) {
                        all.add(ex.submit(() -> {
                            parked.countDown();
                            Thread.sleep(PARK.toMillis());
                            return null;
                        }));
                    }
                    for (Future<?> f : all) {
                        f.get();
                    }
                }
            }
        }
    }

    /** Four more body classes through Weft's gather, a task group and the executor, three times. */
    private static void runOtherBodyClasses() throws Exception {
        for (int k = 0; k < 3; k++) {
            List<Callable<Integer>> bodies = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                int n = i;
                bodies.add(switch (i % 4) {
                    case 0 -> () -> n;
                    case 1 -> () -> n + 1;
                    case 2 -> () -> {
                        Weft.sleep(Duration.ofMillis(1));
                        return n;
                    };
                    default -> () -> {
                        Thread.sleep(1);
                        return n * 2;
                    };
                });
            }
            Weft.run(() -> Weft.gather(bodies));
            Weft.run(() -> TaskGroup.run(g -> {
                bodies.forEach(g::spawn);
                return null;
            }));
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Future<Integer> f : ex.invokeAll(bodies)) {
                    f.get();
                }
            }
        }
    }

    private static String stackChunkBytesPerInstance() throws InterruptedException {
        try {
            Process jcmd = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd",
                    Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
            String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            for (String line : histogram.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[3].equals("jdk.internal.vm.StackChunk")) {
                    long count = Long.parseLong(f[1]);
                    return String.format(Locale.ROOT, "%,d stack chunks, %.1f B each", count,
                            Double.parseDouble(f[2]) / count);
                }
            }
            return "no StackChunk line in the histogram";
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        }
    }
}
