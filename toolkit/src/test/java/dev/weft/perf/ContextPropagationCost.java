package dev.weft.perf;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * A/B of the context-propagation cost (issue 13 item 1): spawn+join of N trivial tasks, and one
 * gather of N, with the spawner's MDC empty and with one MDC entry set, in one JVM, alternating rounds.
 * Prints the median wall time, process CPU time and heap allocated per task (all threads, from
 * {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}); on a busy machine the CPU
 * time is the steadier figure. Not a test: run it by hand
 * (the command is in the README's performance notes); it uses only the public API, so the same
 * source runs against an older build for a baseline.
 */
public final class ContextPropagationCost {
    private static final int N = 100_000;

    private ContextPropagationCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        // reflection: the test sources compile inside module dev.weft, which does not read java.management
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        java.lang.reflect.Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getTotalThreadAllocatedBytes");
        Object os = Class.forName("java.lang.management.ManagementFactory").getMethod("getOperatingSystemMXBean").invoke(null);
        java.lang.reflect.Method cpu = Class.forName("com.sun.management.OperatingSystemMXBean").getMethod("getProcessCpuTime");
        String[] names = {"spawn+join, MDC empty", "spawn+join, 1 MDC entry", "gather,     MDC empty", "gather,     1 MDC entry"};
        List<List<Double>> nanos = new ArrayList<>();
        List<List<Double>> bytes = new ArrayList<>();
        List<List<Double>> cpuNanos = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            nanos.add(new ArrayList<>());
            bytes.add(new ArrayList<>());
            cpuNanos.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds + 2; round++) {
            for (int k = 0; k < 4; k++) {
                boolean mdc = k % 2 == 1;
                boolean gather = k >= 2;
                System.gc();
                long a0 = (long) allocated.invoke(mx);
                long c0 = (long) cpu.invoke(os);
                long t0 = System.nanoTime();
                Weft.run(() -> {
                    if (mdc) {
                        MDC.put("request", "r-42");
                    }
                    if (gather) {
                        List<Callable<Integer>> bodies = Collections.nCopies(N, () -> 1);
                        Weft.gather(bodies);
                    } else {
                        TaskGroup.run(g -> {
                            Task<?>[] ts = new Task<?>[N];
                            for (int i = 0; i < N; i++) {
                                ts[i] = g.spawn(() -> 1);
                            }
                            for (Task<?> t : ts) {
                                t.join();
                            }
                            return null;
                        });
                    }
                    MDC.clear();
                    return null;
                });
                long t1 = System.nanoTime();
                long a1 = (long) allocated.invoke(mx);
                long c1 = (long) cpu.invoke(os);
                if (round >= 2) { // two warm-up rounds
                    nanos.get(k).add((t1 - t0) / (double) N);
                    bytes.get(k).add((a1 - a0) / (double) N);
                    cpuNanos.get(k).add((c1 - c0) / (double) N);
                }
            }
        }
        System.out.printf("%d tasks per run, %d measured rounds (+2 warm-up), median per task: wall time, process CPU time, heap allocated%n", N, rounds);
        for (int k = 0; k < 4; k++) {
            System.out.printf("  %-24s %7.0f ns wall  %7.0f ns CPU  %6.0f B%n", names[k], median(nanos.get(k)),
                    median(cpuNanos.get(k)), median(bytes.get(k)));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
