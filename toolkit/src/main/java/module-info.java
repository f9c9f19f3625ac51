/**
 * Weft: Python asyncio's programming model on Java virtual threads.
 *
 * <p>Start with {@link dev.weft.Weft}: its static methods ({@code run}, {@code spawn}, {@code gather},
 * {@code timeout}, ...) are made for {@code import static dev.weft.Weft.*}. The engine
 * ({@code dev.weft.internal}) is not exported.
 */
module dev.weft {
    requires org.slf4j;
    // optional: without module jdk.jfr (a small jlink image) Weft runs with its Flight Recorder events off
    requires static jdk.jfr;
    // only for the opt-in task-tree MBean (Weft.registerMBean): the toolkit loads without it
    requires static java.management;

    exports dev.weft;

    uses dev.weft.internal.Engine;
    // weft-micrometer listens to the task lifecycle (TaskListener)
    // weft-test-fixtures drives virtual time through the engine's clock; weft-engine-structured is an engine
    exports dev.weft.internal to dev.weft.testing, dev.weft.structured, dev.weft.micrometer;
}
