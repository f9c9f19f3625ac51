package dev.weft.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One benchmark JVM for one library, driven by {@link Compare} over stdin/stdout. Each input line is a
 * command {@code workload arg...}; each answer is one stdout line starting with {@code @@ } and then
 * {@code OK value}, {@code NA reason} or {@code ERR message}; after the value, an answer may carry extra
 * values as {@code key=value} words, which fill the rows {@code workload-key} ({@code io}'s {@code p99=}). Anything else on stdout is chatter.
 *
 * <p>Commands (all sizes explicit, the coordinator owns the defaults):
 * <pre>
 *   sleep N MILLIS              gather of N tasks each sleeping MILLIS ms   -> wall seconds
 *   spawn N                     gather of N trivial tasks (no sleep)       -> ns per task
 *   sem TASKS PERMITS MILLIS    TASKS tasks, each holds a permit MILLIS ms -> wall seconds
 *   queue ITEMS CONSUMERS CAP   1 producer, CONSUMERS consumers            -> items per second
 *   heap N                      N tasks parked in a sleep, after full GC   -> heap bytes per task
 *   deadline N MILLIS PERCENT   gather of N tasks each sleeping MILLIS in a per-task timeout, PERCENT
 *                               of them (per hundred) firing at MILLIS/2   -> wall seconds
 *   gen ITEMS CAP               a generator of ITEMS values, buffer CAP    -> items per second
 *   mapc ITEMS LIMIT MILLIS     concurrent map, LIMIT in flight, each call
 *                               sleeping MILLIS (0: trivial)               -> wall seconds
 *   io N MILLIS PORT            N concurrent blocking requests, one connection
 *                               each, to the IoServer on PORT, answered after
 *                               MILLIS                                     -> requests per second, then
 *                               {@code p99=} the p99 latency in ms (an extra value: OK 52000 p99=41.5)
 *   resil KIND CALLS            direct|race|retry|hedge|breaker around a
 *                               trivial body, CALLS calls in one task      -> ns per call (Weft only)
 *   pair N weft-first|jdk-first gc|nogc
 *                               spawn N, Weft and the JDK executor in this JVM -> Weft ÷ executor
 *                               (gc: a full GC before each; nogc: steady state, no GC forced
 *                               before, between or after, so a series of them settles the heap)
 *                               (the Weft worker only)
 *   prewarm                     a short run of the library's own paths     -> seconds it took
 *   info                        engine name / versions                     -> text
 *   exit
 * </pre>
 * Run by hand: {@code java --enable-preview -cp ... dev.weft.benchmarks.Worker weft} and type commands.
 */
public final class Worker {
    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: Worker LIBRARY   (one of " + Libraries.NAMES + ")");
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Library lib = Libraries.create(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("exit")) {
                break;
            }
            out.println("@@ " + run(lib, line.split("\\s+")));
        }
        out.flush();
        System.exit(0);
    }

    static String run(Library lib, String[] cmd) {
        try {
            if (cmd[0].equals("info")) {
                return "OK " + lib.info();
            }
            if (cmd[0].equals("io")) {
                fullGc();
                return "OK " + lib.io(i(cmd[1]), Long.parseLong(cmd[2]), i(cmd[3])).answer();
            }
            double v = switch (cmd[0]) {
                case "sleep" -> { fullGc(); yield lib.sleep(i(cmd[1]), Long.parseLong(cmd[2])); }
                case "spawn" -> { fullGc(); yield lib.spawn(i(cmd[1])); }
                case "sem" -> { fullGc(); yield lib.semaphore(i(cmd[1]), i(cmd[2]), Long.parseLong(cmd[3])); }
                case "queue" -> { fullGc(); yield lib.queue(i(cmd[1]), i(cmd[2]), i(cmd[3])); }
                case "heap" -> lib.heapPerParkedTask(i(cmd[1]));
                case "deadline" -> { fullGc(); yield lib.deadlines(i(cmd[1]), Long.parseLong(cmd[2]), i(cmd[3])); }
                case "gen" -> { fullGc(); yield lib.generator(i(cmd[1]), i(cmd[2])); }
                case "mapc" -> { fullGc(); yield lib.mapLimited(i(cmd[1]), i(cmd[2]), Long.parseLong(cmd[3])); }
                case "resil" -> { fullGc(); yield lib.resilience(cmd[1], i(cmd[2])); }
                case "pair" -> lib.spawnRatioInOneJvm(i(cmd[1]), cmd[2].equals("weft-first"), cmd[3].equals("gc"));
                case "prewarm" -> lib.prewarm();
                default -> throw new IllegalArgumentException("unknown command " + cmd[0]);
            };
            if (Double.isNaN(v)) {
                return "NA not applicable";
            }
            return "OK " + String.format(Locale.ROOT, "%.6g", v);
        } catch (Library.NotApplicable na) {
            return "NA " + na.getMessage();
        } catch (Throwable t) {
            t.printStackTrace();
            return "ERR " + (t.getClass().getSimpleName() + ": " + t.getMessage()).replace('\n', ' ');
        } finally {
            if (!steady(cmd)) {
                fullGc();
            }
        }
    }

    /** A steady-state sample: no GC after it either, so that a series of them runs in a settled heap. */
    private static boolean steady(String[] cmd) {
        return cmd[0].equals("pair") && cmd.length > 3 && cmd[3].equals("nogc");
    }

    private static int i(String s) {
        return Integer.parseInt(s.replace("_", ""));
    }

    static void fullGc() {
        System.gc();
        System.gc();
    }
}
