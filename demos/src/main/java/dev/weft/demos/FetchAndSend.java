package dev.weft.demos;

import static dev.weft.Weft.*;

import java.io.PrintStream;
import java.util.List;

/**
 * "Learn asyncio in 15 minutes", first example: fetch some data from an API (2.5 s), then send it to
 * Mario and to Luigi (2 s each). Sent one after the other that takes 6.5 s; sent to both at once with
 * {@code gather} it takes 4.5 s. The fetch itself is still awaited first: nothing can be sent before
 * the data is there.
 *
 * <p>Durations are a tenth of the tutorial's unless {@code --full} is given.
 */
public final class FetchAndSend {
    private final PrintStream out;
    private final Pace pace;

    private FetchAndSend(PrintStream out, Pace pace) {
        this.out = out;
        this.pace = pace;
    }

    /** Fetches and sends on standard output; {@code --full} for the tutorial's durations. */
    public static void main(String[] args) {
        show(System.out, Pace.fromArgs(args).scale());
    }

    /** Both versions, printing each step and timing to {@code out}; durations times {@code scale}. */
    public static void show(PrintStream out, double scale) {
        WarmUp.once();
        FetchAndSend demo = new FetchAndSend(out, new Pace(scale));
        demo.oneAfterTheOther();
        demo.sendWithGather();
    }

    /** The tutorial's {@code api.fetch_data()}: 2.5 s for the API to answer. */
    String fetchData() {
        out.println("  fetching data");
        sleep(pace.seconds(2.5));
        out.println("  data fetched");
        return "API data";
    }

    /** The tutorial's {@code send_data(to)}: 2 s to deliver; returns a receipt so gather has a value. */
    String sendData(String data, String to) {
        out.println("  sending '" + data + "' to " + to);
        sleep(pace.seconds(2));
        out.println("  data sent to " + to);
        return to + " got it";
    }

    /** Every call waits for the previous one: fetch, then Mario, then Luigi. */
    private void oneAfterTheOther() {
        out.println("1. Fetch, then send to mario, then to luigi (expect about " + pace.label(2.5 + 2 + 2) + ")");
        long start = System.nanoTime();
        List<String> receipts = run(() -> {
            String data = fetchData();
            String mario = sendData(data, "mario");
            String luigi = sendData(data, "luigi");
            return List.of(mario, luigi);
        });
        delivered(receipts, start);
    }

    /** The fetch is awaited first (we need its data); the two sends overlap. */
    private void sendWithGather() {
        out.println("2. Fetch, then send to both at once with gather (expect about " + pace.label(2.5 + 2) + ")");
        long start = System.nanoTime();
        List<String> receipts = run(() -> {
            String data = fetchData();
            return gather(() -> sendData(data, "mario"), () -> sendData(data, "luigi"));
        });
        delivered(receipts, start);
    }

    private void delivered(List<String> receipts, long startNanos) {
        out.println("  => " + receipts + " in " + Pace.since(startNanos));
    }
}
