/**
 * Weft: Python asyncio's programming model on Java virtual threads.
 *
 * <p>Start with {@link dev.weft.Weft}: its static methods ({@code run}, {@code spawn}, {@code gather},
 * {@code timeout}, ...) are made for {@code import static dev.weft.Weft.*}. The engine
 * ({@code dev.weft.internal}) is not exported.
 */
module dev.weft {
    requires org.slf4j;
    requires jdk.jfr;

    exports dev.weft;
    // the test fixtures (weft-test-fixtures) drive virtual time through the engine's clock
    exports dev.weft.internal to dev.weft.testing;
}
