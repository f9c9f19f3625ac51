/**
 * Weft's test fixtures: virtual time ({@code VirtualTime}), a JUnit 5 leak check ({@code WeftLeakCheck})
 * and a loopback HTTP server with latency and failures ({@code LatencyServer}).
 *
 * <p>{@code dev.weft} exports its engine ({@code dev.weft.internal}) to this module only, which is how
 * virtual time reaches the engine's clock without {@code --add-exports}. JUnit is the user's: it is
 * needed only by {@code WeftLeakCheck}, and read when present.
 *
 * <p>This file lives outside {@code src/main/java} because Weft's own test suites compile the fixtures'
 * sources into their test classes, which belong to module {@code dev.weft}.
 */
module dev.weft.testing {
    requires transitive dev.weft;
    requires static org.junit.jupiter.api;
    requires jdk.httpserver;

    exports dev.weft.testing;
}
