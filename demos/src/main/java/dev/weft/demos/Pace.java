package dev.weft.demos;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How fast the demos run: every duration from a tutorial is multiplied by {@link #scale()}, so the
 * tour can show a 3-second coffee in 0.3 s. {@code 1.0} is the tutorial itself ({@code --full}).
 *
 * <pre>{@code
 * Pace pace = new Pace(0.1);
 * sleep(pace.seconds(3));                 // 300 ms
 * out.println(pace.label(3));             // "0.30 s"
 * }</pre>
 */
record Pace(double scale) {

    /** The scale used unless {@code --full} is given: a tenth of the tutorial's durations. */
    static final double FAST = 0.1;

    /** The scale of the tutorial's own durations. */
    static final double FULL = 1.0;

    /** @throws IllegalArgumentException if {@code scale} is not a positive number */
    Pace {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number, was " + scale);
        }
    }

    /** {@link #FULL} if the arguments hold {@code --full}, else {@link #FAST}. */
    static Pace fromArgs(List<String> args) {
        return new Pace(args.contains("--full") ? FULL : FAST);
    }

    /** The same, for a {@code main}'s arguments. */
    static Pace fromArgs(String[] args) {
        return fromArgs(List.of(args));
    }

    /** A tutorial duration of {@code tutorialSeconds}, scaled. */
    Duration seconds(double tutorialSeconds) {
        return Duration.ofNanos(Math.round(tutorialSeconds * scale * 1e9));
    }

    /** A tutorial duration, scaled and printed like {@code "0.30 s"}. */
    String label(double tutorialSeconds) {
        return format(tutorialSeconds * scale);
    }

    /** The time since {@code startNanos} (a {@link System#nanoTime()} reading), printed like {@code "0.30 s"}. */
    static String since(long startNanos) {
        return format((System.nanoTime() - startNanos) / 1e9);
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }
}
